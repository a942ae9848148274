"""Reads of accounts, scoped to what the viewer may see."""

from django.db.models import Case, IntegerField, QuerySet, Value, When

from onewindow.core.errors import NotFound
from onewindow.core.pii import crypto

from .constants import AccountKind, AdminChangeStatus, Role
from .models import AdminChange, ApiToken, User

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


def tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).select_related("revoked_by").order_by("-created_at")


def token_for(viewer, pk) -> ApiToken:
    """One token, for its owner or the security administrator; anyone else gets 404."""
    tokens = ApiToken.objects.select_related("user")
    if not viewer.has_role(Role.SECURITY_ADMIN):
        tokens = tokens.filter(user_id=viewer.pk)
    try:
        return tokens.get(pk=pk)
    except (ApiToken.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def admin_changes(viewer) -> QuerySet[AdminChange]:
    """Changes to administrators, for the three administrators only: pending ones first."""
    if not (viewer.is_authenticated and viewer.is_active and viewer.admin_role):
        return AdminChange.objects.none()
    pending_first = Case(
        When(status=AdminChangeStatus.PENDING, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return AdminChange.objects.select_related("subject", "requested_by", "decided_by").order_by(
        pending_first, "-requested_at", "-pk"
    )


def admin_change_for(viewer, pk) -> AdminChange:
    try:
        return admin_changes(viewer).get(pk=pk)
    except (AdminChange.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def awaiting_decision(viewer) -> QuerySet[AdminChange]:
    """Pending changes ``viewer`` may decide (admin_changes.refusal, in SQL)."""
    return (
        admin_changes(viewer)
        .filter(status=AdminChangeStatus.PENDING)
        .exclude(requested_by=viewer)
        .exclude(subject=viewer)
        .exclude(requested_role=viewer.admin_role)
    )
