"""API schemas of cases: the application, the applicant's and staff's views, the worklist.

Nothing here carries a full ID number or phone: form contents come back masked, and
people are named by their display names only.
"""

from datetime import date, datetime
from typing import Annotated, Any

from django.utils import timezone
from ninja import Field, Schema

from onewindow.core.workdays.constants import WarningLevel

from . import form_data
from .constants import CaseStatus, Channel, DeliveryMethod, MaterialStatus, TaskStatus


def _label(choices, value) -> str:
    """One choice's label (get_FOO_display() translates every choice of the field)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


MaterialTypeId = Annotated[int, Field(ge=1, le=2_147_483_647)]


class Message(Schema):
    detail: str
    errors: dict = {}


class ApplyIn(Schema):
    item: str | None = Field(
        None, min_length=1, max_length=64, description="事项编码（与 bundle 二选一）"
    )
    bundle: str | None = Field(
        None, min_length=1, max_length=64, description="一件事编码（与 item 二选一）"
    )
    form_data: dict[str, Any] = Field(
        default_factory=dict, max_length=200, description="申请表内容（字段键 → 值）"
    )
    supplied: list[MaterialTypeId] = Field(
        default_factory=list, max_length=200, description="已提交材料的标准材料编号"
    )
    delivery_method: DeliveryMethod = Field(
        DeliveryMethod.WINDOW,
        description="送达方式：window 窗口领取，post 邮寄送达，electronic 电子送达（站内信）",
    )
    delivery_address: str = Field("", max_length=300, description="邮寄地址（邮寄送达时必填）")
    e_delivery_consent: bool = Field(
        False, description="同意以站内信方式电子送达（电子送达时必须为 true）"
    )


class ItemRef(Schema):
    code: str
    name: str
    version: int


class BundleRef(Schema):
    code: str
    name: str


class CaseOut(Schema):
    number: str = Field(description="办件编号")
    status: CaseStatus
    status_label: str
    channel: Channel
    item: ItemRef | None = None
    bundle: BundleRef | None = None
    created_at: datetime
    submitted_at: datetime | None = None
    accepted_at: datetime | None = None
    decided_at: datetime | None = None
    concluded_at: datetime | None = None
    decision: str = Field("", description="审批决定：approved 准予许可，refused 不予许可")
    delivery_method: str = Field("window", description="送达方式")

    @staticmethod
    def resolve_status_label(obj):
        return _label(CaseStatus, obj.status)

    @staticmethod
    def resolve_item(obj):
        version = obj.item_version if obj.item_version_id else None
        if version is None:
            return None
        return {"code": version.item.code, "name": version.name, "version": version.number}

    @staticmethod
    def resolve_bundle(obj):
        return {"code": obj.bundle.code, "name": obj.bundle.name} if obj.bundle_id else None


class MaterialOut(Schema):
    material_type: int
    name: str
    required: bool
    conditional_eligible: bool = Field(description="可容缺")
    status: str
    status_label: str
    promised_by: date | None = Field(None, description="容缺承诺补齐日期")

    @staticmethod
    def resolve_material_type(obj):
        return obj.material_type_id

    @staticmethod
    def resolve_status_label(obj):
        return _label(MaterialStatus, obj.status)


class CaseDetailOut(CaseOut):
    form_data: dict[str, Any] = Field(description="申请表内容（身份证号码、手机号码已脱敏）")
    decision_reason: str = ""
    promised_due_on: date | None = Field(None, description="承诺时限届满日")
    statutory_due_on: date | None = Field(None, description="法定时限届满日")
    materials: list[MaterialOut]

    @staticmethod
    def resolve_form_data(obj):
        return form_data.shown(obj.form_data)  # ID numbers and phones masked, sealed or typed

    @staticmethod
    def resolve_promised_due_on(obj):
        return obj.promised_clock.due_date if obj.promised_clock_id else None

    @staticmethod
    def resolve_statutory_due_on(obj):
        return obj.statutory_clock.due_date if obj.statutory_clock_id else None

    @staticmethod
    def resolve_materials(obj):
        return list(obj.materials.all())


class EventOut(Schema):
    action: str
    label: str
    status_from: str
    status_to: str
    department: str | None = None
    note: str
    created_at: datetime


def warning_level(clock, today) -> str:
    """The clock's warning level from its stored dates (as ClockQuerySet.with_level)."""
    if clock is None:
        return "none"
    if clock.stopped_on is not None:
        return WarningLevel.STOPPED.value
    if clock.paused_since is not None:
        return WarningLevel.PAUSED.value
    if clock.due_date < today:
        return WarningLevel.OVERDUE.value
    if clock.warn_red_on <= today:
        return WarningLevel.RED.value
    if clock.warn_yellow_on <= today:
        return WarningLevel.YELLOW.value
    return WarningLevel.NORMAL.value


class TaskOut(Schema):
    id: int = Field(description="部门审查任务编号")
    case: str = Field(description="办件编号")
    item: str = Field(description="事项或一件事名称")
    status: TaskStatus
    status_label: str
    case_status: CaseStatus
    dispatched_at: datetime = Field(description="分办时间")
    due_on: date | None = Field(None, description="承诺时限届满日")
    level: str = Field(description="预警：normal/yellow/red/overdue/paused/stopped/none")

    @staticmethod
    def resolve_id(obj):
        return obj.pk

    @staticmethod
    def resolve_case(obj):
        return obj.case.number

    @staticmethod
    def resolve_item(obj):
        case = obj.case
        if case.item_version_id:
            return case.item_version.name
        return case.bundle.name if case.bundle_id else ""

    @staticmethod
    def resolve_status_label(obj):
        return _label(TaskStatus, obj.status)

    @staticmethod
    def resolve_case_status(obj):
        return obj.case.status

    @staticmethod
    def resolve_dispatched_at(obj):
        return obj.created_at

    @staticmethod
    def resolve_due_on(obj):
        clock = obj.case.promised_clock if obj.case.promised_clock_id else None
        return clock.due_date if clock is not None else obj.due_on

    @staticmethod
    def resolve_level(obj):
        clock = obj.case.promised_clock if obj.case.promised_clock_id else None
        return warning_level(clock, timezone.localdate())
