"""Accounts API: registration, the caller's own profile, audited reveals, user lookup."""

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from onewindow.core.api_support import AUTH_READ, AUTH_SESSION

from . import registration, selectors, services
from .constants import AccountKind, Role

router = Router(tags=["账号"])

_TEXT = {"max_length": 200}


class UserOut(Schema):
    id: int
    username: str
    display_name: str
    kind: str
    phone: str = Field("", description="手机号码（已脱敏）")
    id_number: str = Field("", description="身份证号码（已脱敏）")
    uscc: str = ""
    department: str | None = None
    roles: list[str]

    @staticmethod
    def resolve_phone(obj):
        return str(obj.phone or "")

    @staticmethod
    def resolve_id_number(obj):
        return str(obj.id_number or "")

    @staticmethod
    def resolve_department(obj):
        return obj.department.name if obj.department_id else None

    @staticmethod
    def resolve_roles(obj):
        return sorted(obj.roles)


class CitizenIn(Schema):
    username: str = Field(..., **_TEXT)
    display_name: str = Field(..., **_TEXT)
    id_number: str = Field(..., **_TEXT)
    phone: str = Field(..., **_TEXT)
    password: str = Field(..., max_length=256)


class EnterpriseIn(Schema):
    username: str = Field(..., **_TEXT)
    enterprise_name: str = Field(..., **_TEXT)
    uscc: str = Field(..., **_TEXT)
    contact_name: str = Field(..., **_TEXT)
    phone: str = Field(..., **_TEXT)
    password: str = Field(..., max_length=256)


class RevealIn(Schema):
    field: str = Field(..., max_length=20, description="phone 或 id_number")


class RevealOut(Schema):
    value: str


class Message(Schema):
    detail: str


class NotificationChannels(Schema):
    """通知设置: the 站内信 is always on; SMS and email as the person chose."""

    inbox: bool = Field(True, description="站内信，始终开启（只读）")
    sms: bool
    email: bool


# 202 and the same words whether an account was made or the number was registered already
# (registration.py): the answer must not tell who is registered.
REGISTER_RESPONSES = {202: Message, 400: Message, 429: Message}


@router.post("/register/citizen", response=REGISTER_RESPONSES, auth=None)
def register_citizen(request: HttpRequest, payload: CitizenIn):
    answer = registration.sign_up(AccountKind.CITIZEN, **payload.dict(), request=request)
    return Status(202, {"detail": answer})


@router.post("/register/enterprise", response=REGISTER_RESPONSES, auth=None)
def register_enterprise(request: HttpRequest, payload: EnterpriseIn):
    answer = registration.sign_up(AccountKind.ENTERPRISE, **payload.dict(), request=request)
    return Status(202, {"detail": answer})


@router.get("/me", response=UserOut, auth=AUTH_READ)
def me(request: HttpRequest):
    return request.user


def _channels(user) -> dict:
    return {"inbox": True, "sms": user.notify_by_sms, "email": user.notify_by_email}


@router.get("/me/notifications", response=NotificationChannels, auth=AUTH_READ)
def my_notification_channels(request: HttpRequest):
    return _channels(request.user)


@router.put(
    "/me/notifications", response={200: NotificationChannels, 400: Message}, auth=AUTH_SESSION
)
def set_my_notification_channels(request: HttpRequest, payload: NotificationChannels):
    services.set_notification_channels(
        request.user, sms=payload.sms, email=payload.email, request=request
    )
    return _channels(request.user)


@router.post("/me/reveal", response={200: RevealOut, 400: Message}, auth=AUTH_SESSION)
def reveal_mine(request: HttpRequest, payload: RevealIn):
    value = services.reveal_personal_data(
        request.user, request.user, payload.field, request=request
    )
    return {"value": value}


@router.get("/users", response=list[UserOut], auth=AUTH_READ)
@paginate
def users(request: HttpRequest):
    return selectors.visible_users(request.user)


@router.get("/users/{user_id}", response={200: UserOut, 404: Message}, auth=AUTH_READ)
def user(request: HttpRequest, user_id: int):
    return selectors.user_for(request.user, user_id)


@router.get("/roles", response=list[dict], auth=None)
def roles(request: HttpRequest):
    return [{"code": r.value, "label": str(r.label)} for r in Role]
