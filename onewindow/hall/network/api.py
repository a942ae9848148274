"""The kiosk API (智能化自助服务终端): 查 (track), 问 (ask), 办 (apply), and the status beat.

Each terminal has its own token, sent as ``X-Kiosk-Token``; a person's own token cannot
act as a kiosk, and a kiosk's token reaches nothing else."""

from datetime import date, datetime

from ninja import Field, Router, Schema, Status
from ninja.security import APIKeyHeader

from ..constants import KioskStatus
from . import services

router = Router(tags=["自助服务终端"])


class KioskAuth(APIKeyHeader):
    param_name = "X-Kiosk-Token"

    def authenticate(self, request, key):
        terminal = services.kiosk_for(key or "")
        if terminal is None:
            return None
        request.terminal = terminal
        return terminal


KIOSK = [KioskAuth()]


class StatusIn(Schema):
    status: KioskStatus = Field(..., description="终端状态")


class StatusOut(Schema):
    terminal: str
    site: str
    status: str


class TrackIn(Schema):
    number: str = Field(..., max_length=32, description="办件编号")
    phone: str = Field(..., max_length=20, description="申请人手机号码")


class StepOut(Schema):
    label: str
    created_at: datetime
    department: str


class TrackOut(Schema):
    number: str
    name: str
    status: str
    status_label: str
    due_date: date | None
    steps: list[StepOut]


class AskIn(Schema):
    subject: str = Field(..., max_length=100)
    content: str = Field(..., max_length=2000)
    name: str = Field("", max_length=50)
    phone: str = Field("", max_length=20)


class AskOut(Schema):
    number: str
    due_at: datetime


class ApplyIn(Schema):
    item: str = Field(..., max_length=64, description="事项编码")
    id_number: str = Field(..., max_length=18, description="身份证号码（读卡）")
    name: str = Field(..., max_length=50, description="姓名（读卡）")
    phone: str = Field(..., max_length=20)
    supplied: list[int] = Field(default_factory=list, max_length=100, description="已扫描材料")


class ApplyOut(Schema):
    number: str
    status: str
    status_label: str


@router.post("/status", auth=KIOSK, response=StatusOut, summary="终端状态上报")
def kiosk_status(request, payload: StatusIn):
    services.report_status(request.terminal, payload.status)
    t = request.terminal
    return {"terminal": t.code, "site": t.site.name, "status": payload.status}


@router.post("/track", auth=KIOSK, response=TrackOut, summary="查：办件进度")
def kiosk_track(request, payload: TrackIn):
    result = services.kiosk_track(request.terminal, payload.number, payload.phone, request=request)
    return {
        "number": result.number,
        "name": result.name,
        "status": result.status,
        "status_label": result.status_label,
        "due_date": result.due_date,
        "steps": [
            {"label": s.label, "created_at": s.created_at, "department": s.department}
            for s in result.steps
        ],
    }


@router.post("/ask", auth=KIOSK, response={201: AskOut}, summary="问：咨询转工单")
def kiosk_ask(request, payload: AskIn):
    order = services.kiosk_ask(
        request.terminal,
        subject=payload.subject,
        content=payload.content,
        name=payload.name,
        phone=payload.phone,
        request=request,
    )
    return Status(201, {"number": order.number, "due_at": order.due_at})


@router.post("/apply", auth=KIOSK, response={201: ApplyOut}, summary="办：身份核验后申请")
def kiosk_apply(request, payload: ApplyIn):
    case = services.kiosk_apply(
        request.terminal,
        item=payload.item,
        id_number=payload.id_number,
        name=payload.name,
        phone=payload.phone,
        supplied=payload.supplied,
        request=request,
    )
    return Status(
        201,
        {
            "number": case.number,
            "status": case.status,
            "status_label": str(case.get_status_display()),
        },
    )
