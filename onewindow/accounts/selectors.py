"""Reads of accounts, scoped to what the viewer may see."""

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from onewindow.core.errors import NotFound
from onewindow.core.pii import crypto

from .constants import AccountKind, Role
from .models import ApiToken, User

# Who sees every account: the security administrator (masked) and bureau leaders.
ALL_USERS_ROLES = (Role.SECURITY_ADMIN, Role.LEADER)


def visible_users(viewer) -> QuerySet[User]:
    qs = User.objects.select_related("department").order_by("username")
    if not viewer.is_authenticated:
        return qs.none()
    if viewer.has_role(*ALL_USERS_ROLES):
        return qs
    if viewer.kind == AccountKind.STAFF and viewer.department_id:
        return qs.filter(kind=AccountKind.STAFF, department_id=viewer.department_id)
    return qs.filter(pk=viewer.pk)


def user_for(viewer, pk) -> User:
    try:
        return visible_users(viewer).get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def find_by_phone(phone: str) -> QuerySet[User]:
    return User.objects.filter(phone_index=crypto.blind_index(phone, "phone"))


def find_by_id_number(id_number: str) -> QuerySet[User]:
    return User.objects.filter(id_number_index=crypto.blind_index(id_number, "id_number"))


TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


def user_for_token(raw: str) -> User | None:
    if not raw or not raw.startswith("ow_"):
        return None
    digest = crypto.sm3(raw.encode()).hex()
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest, revoked_at=None, user__is_active=True)
        .first()
    )
    if token is None or (token.expires_at and token.expires_at < timezone.now()):
        return None
    now = timezone.now()
    # "Last used" is shown to the minute: write it at most once a minute per token, not
    # on every call (a write and a commit per API request, for a client sending hundreds).
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")
