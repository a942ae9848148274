"""Cases API (/api/cases/): apply and submit in one call, read cases, the department worklist.

Every operation needs a login (session with CSRF) or a bearer token. Reads go through the
scoped selectors, so a case the caller may not see is a 404, never a 403; writes go through
the services, whose DomainError becomes 400/403/404/409 with a Chinese message.
"""

from typing import Any

from django.db import OperationalError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.pagination import PageNumberPagination, paginate

from onewindow.accounts.constants import Role
from onewindow.core.api_support import AUTH, AUTH_APPLY, AUTH_READ, AUTH_STAFF
from onewindow.core.errors import Conflict, PermissionDenied
from onewindow.core.idempotency import idempotent

from . import selectors, services
from .constants import ACTION_LABELS, CaseStatus
from .schemas import ApplyIn, CaseDetailOut, CaseOut, EventOut, Message, TaskOut

# Every operation declares the token scope it needs; the router's AUTH is only the
# safety net (tokens read, never write, through an operation that forgot).
router = Router(tags=["办件"], auth=AUTH)

_ERRORS = {400: Message, 401: Message, 403: Message, 404: Message, 409: Message}
NUMBER_MAX_LENGTH = 32
WORKLIST_PAGE_SIZE = 50
# PostgreSQL's deadlock and serialisation failures: the transaction was rolled back whole.
RETRYABLE_SQLSTATES = {"40P01", "40001"}


WORKLIST_COLUMNS = (
    "id",
    "status",
    "created_at",
    "due_on",
    "department_id",
    "case__number",
    "case__status",
    "case__item_version__name",
    "case__bundle__name",
    *(
        f"case__promised_clock__{name}"
        for name in ("due_date", "stopped_on", "paused_since", "warn_red_on", "warn_yellow_on")
    ),
)
MINE_COLUMNS = (
    "number",
    "status",
    "channel",
    "created_at",
    "submitted_at",
    "accepted_at",
    "decided_at",
    "concluded_at",
    "decision",
    "delivery_method",
    "item_version__name",
    "item_version__number",
    "item_version__item__code",
    "bundle__code",
    "bundle__name",
)


class BoundedPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000)
        page_size: int | None = Field(None, ge=1, le=100)


class NextPagination(PageNumberPagination):
    """Pages without a count: one more row than asked tells whether a next page exists
    (``next``: its number, or null). No COUNT(*) per page (issue 17)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000)
        page_size: int | None = Field(None, ge=1, le=100)

    class Output(Schema):
        items: list[Any]
        next: int | None = Field(None, description="下一页的页码；没有下一页时为空")

    def paginate_queryset(self, queryset, pagination: Input, request, **params):
        size = self._get_page_size(pagination.page_size)
        offset = (pagination.page - 1) * size
        rows = list(queryset[offset : offset + size + 1])
        more = len(rows) > size
        return {"items": rows[:size], "next": pagination.page + 1 if more else None}


class WorklistPage(Schema):
    items: list[TaskOut]
    next: str | None = Field(
        None, description="下一页的游标（作为 after 参数传回）；没有下一页时为空"
    )


class MineFilter(Schema):
    status: CaseStatus | None = Field(None, description="只看该状态的办件")


def _number(number: str) -> str:
    return number.strip()[:NUMBER_MAX_LENGTH]


# -- the applicant ----------------------------------------------------------------------


@router.post(
    "/apply",
    response={201: CaseOut, **_ERRORS},
    url_name="cases_apply",
    auth=AUTH_APPLY,
    summary="网上申请并提交办件",
    description=(
        "按事项（或一件事）的现行版本新建办件，填入申请表内容和已提交材料（标准材料编号），"
        "一次完成提交，办件进入待受理。任何一步不成立则不留下任何记录。"
        "带 Idempotency-Key 请求头重试时返回首次结果而不重复建件；同一个键配不同内容返回 409。"
    ),
)
@decorate_view(idempotent)
def cases_apply(request, payload: ApplyIn):
    try:
        # The service cleans and encrypts the form, as it does for the web form.
        case = services.apply(
            request.user,
            item=payload.item,
            bundle=payload.bundle,
            supplied=payload.supplied,
            form_data=payload.form_data,
            delivery={
                "method": payload.delivery_method,
                "address": payload.delivery_address,
                "consent": payload.e_delivery_consent,
            },
            request=request,
        )
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) in RETRYABLE_SQLSTATES:
            raise Conflict(_("系统繁忙，申请未提交，请稍后重试")) from None
        raise
    return Status(201, case)


@router.get(
    "/mine", response=list[CaseOut], url_name="cases_mine", auth=AUTH_READ, summary="我的办件"
)
@paginate(NextPagination)
def cases_mine(request, filters: Query[MineFilter]):
    cases = (
        selectors.visible_cases(request.user)
        .filter(applicant_id=request.user.pk)
        .select_related("item_version__item", "bundle")
        .only(*MINE_COLUMNS)
        .order_by("-created_at", "-pk")
    )
    if filters.status:
        cases = cases.filter(status=filters.status)
    return cases


# -- department staff -------------------------------------------------------------------


@router.get(
    "/worklist",
    response=WorklistPage,
    url_name="cases_worklist",
    auth=AUTH_STAFF,
    summary="本部门待办审查任务",
    description=(
        "本部门未办结的审查任务，承诺时限届满日最早的在前。仅部门审批人员可用。"
        "按游标翻页：把上一页回答中的 next 作为 after 传回，得到下一页；任何一页的耗时相同。"
    ),
)
def cases_worklist(
    request,
    after: str | None = Query(None, max_length=40, description="上一页回答中的 next"),
    page_size: int = Query(WORKLIST_PAGE_SIZE, ge=1, le=100),
):
    user = request.user
    if not user.department_id or not user.has_role(Role.APPROVER):
        raise PermissionDenied(_("仅部门审批人员可查看本部门待办"))
    # Only the columns the rows show: a version's guide texts and a case's form stay behind.
    tasks = (
        selectors.department_tasks(user)
        .select_related("case__item_version", "case__bundle", "case__promised_clock")
        .only(*WORKLIST_COLUMNS)
    )
    rows, following = selectors.worklist_after(user, after, page_size, queryset=tasks)
    return {"items": rows, "next": following}


# -- any viewer of the case -------------------------------------------------------------


@router.get(
    "/{number}",
    response={200: CaseDetailOut, **_ERRORS},
    url_name="cases_detail",
    auth=AUTH_READ,
    summary="办件详情",
)
def cases_detail(request, number: str):
    return selectors.case_for(request.user, _number(number))


@router.get(
    "/{number}/timeline",
    response={200: list[EventOut], **_ERRORS},
    url_name="cases_timeline",
    auth=AUTH_READ,
    summary="办件进度",
)
def cases_timeline(request, number: str):
    case = selectors.case_for(request.user, _number(number))
    return [
        {
            "action": e.action,
            "label": str(ACTION_LABELS.get(e.action, e.action)),
            "status_from": e.status_from,
            "status_to": e.status_to,
            "department": e.department.name if e.department_id else None,
            "note": e.note,
            "created_at": e.created_at,
        }
        for e in selectors.timeline(case)
    ]
