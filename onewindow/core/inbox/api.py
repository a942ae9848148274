"""站内信 API (/api/inbox): the caller's own messages, mark one or all read.

The same service as the pages: another person's message is a 404.
"""

from datetime import datetime

from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from onewindow.core.api_support import AUTH, AUTH_APPLY, AUTH_READ

from . import services
from .links import link_for

router = Router(tags=["站内信"], auth=AUTH)


class Message(Schema):
    detail: str
    errors: dict = {}


class MessageOut(Schema):
    id: int
    subject: str
    body: str
    event: str = Field(description="事件代码，如 case.accepted")
    object_type: str = Field(description="关联对象类型，如 cases.case")
    link: str | None = Field(None, description="关联对象的页面地址")
    created_at: datetime
    read_at: datetime | None = None

    @staticmethod
    def resolve_subject(obj):
        return str(obj.subject)

    @staticmethod
    def resolve_body(obj):
        return str(obj.body)

    @staticmethod
    def resolve_link(obj, context):
        return link_for(context["request"].user, obj)


class InboxFilter(Schema):
    unread: bool = Field(False, description="只看未读消息")


class Pages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000)
        page_size: int | None = Field(None, ge=1, le=100)


class Marked(Schema):
    marked: int = Field(description="标为已读的条数")


class UnreadOut(Schema):
    unread: int


@router.get("", response=list[MessageOut], url_name="inbox", auth=AUTH_READ, summary="我的站内信")
@paginate(Pages, page_size=20)
def inbox(request, filters: Query[InboxFilter]):
    return services.messages_of(request.user, unread_only=filters.unread)


@router.get(
    "/unread", response=UnreadOut, url_name="inbox_unread", auth=AUTH_READ, summary="未读条数"
)
def unread(request):
    return {"unread": services.unread_count(request.user)}


@router.post(
    "/{message_id}/read",
    response={200: MessageOut, 401: Message, 404: Message},
    url_name="inbox_mark_read",
    auth=AUTH_APPLY,
    summary="标为已读",
)
def mark_read(request, message_id: str):
    # Any text reaches the service, which answers 404 (JSON) for what is not the user's
    # message; an int converter would leave "/api/inbox/x/read" to the HTML 404 page.
    return services.mark_read(request.user, message_id)


@router.post(
    "/read-all",
    response={200: Marked, 401: Message},
    url_name="inbox_read_all",
    auth=AUTH_APPLY,
    summary="全部标为已读",
)
def read_all(request):
    return {"marked": services.mark_all_read(request.user)}
