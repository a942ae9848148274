"""The audit log over the API: GET /audit/events, for audit administrators only."""

import datetime
from typing import Any, Literal

from ninja import Field, Query, Router, Schema

from onewindow.core.api_support import AUTH_STAFF
from onewindow.core.errors import NotFound

from .jsonsafe import json_safe
from .presenters import as_row
from .selectors import PAGE_SIZE, AuditFilter, can_read_audit, filter_events

router = Router(tags=["审计"])


class EventQuery(Schema):
    action: str = Field("", max_length=50, description="操作代码，如 login")
    actor: str = Field("", max_length=150, description="用户名称包含")
    result: Literal["", "success", "failure", "denied"] = ""
    date_from: datetime.date | None = Field(None, description="开始日期（含）")
    date_to: datetime.date | None = Field(None, description="结束日期（含）")
    object_type: str = Field("", max_length=100, description="对象类型，如 cases.case")
    object_id: str = Field("", max_length=64)
    object: str = Field("", max_length=200, description="对象名称包含")
    page: int = Field(1, ge=1, le=1_000_000)


class EventOut(Schema):
    id: int
    occurred_at: datetime.datetime
    actor: str
    action: str
    action_label: str
    object: str
    object_type: str
    object_id: str
    result: str
    result_label: str
    ip_address: str
    before: Any = None
    after: Any = None
    summary: str


class Message(Schema):
    detail: str
    errors: dict = {}


class EventPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[EventOut]


def _user(request):
    # Token authentication puts the user in request.auth; sessions in request.user.
    auth = getattr(request, "auth", None)
    return auth if hasattr(auth, "has_role") else getattr(request, "user", None)


@router.get(
    "/events",
    response={200: EventPage, 400: Message, 401: Message, 404: Message},
    auth=AUTH_STAFF,
    summary="审计事件列表",
    description="按条件筛选审计事件，最新的在前，每页 50 条。仅安全审计员可用。",
)
def list_events(request, query: Query[EventQuery]):
    user = _user(request)
    if not can_read_audit(user):
        raise NotFound()
    filters = AuditFilter(**query.dict(exclude={"page"}, exclude_none=True))
    events = filter_events(user, filters)
    offset = (query.page - 1) * PAGE_SIZE
    items = []
    for event in events[offset : offset + PAGE_SIZE]:
        row = as_row(event)
        row["before"], row["after"] = json_safe(event.before), json_safe(event.after)
        items.append(row)
    return {"count": events.count(), "page": query.page, "page_size": PAGE_SIZE, "items": items}
