"""Staff accounts, roles and disabling: the security administrator's writes.

The rules for one person's roles: no two of the three separated administrators (三员分立)
and no administrator role together with a business role, refused here whichever way round
they are asked for. Granting or removing an administrator role, and disabling an
administrator, when a person asks, only files an AdminChange: it happens when an
administrator of another kind approves it (admin_changes.py), through carry_out().

actor=None is the platform itself: the demo loader and ``manage.py create_administrator``,
run on the server by whoever installs it (see that command for why that is safe).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core import audit
from onewindow.core.audit.constants import ROLE_GRANT, ROLE_REVOKE, USER_DISABLE
from onewindow.core.errors import Conflict, InvalidInput, PermissionDenied
from onewindow.core.pii import validate_phone
from onewindow.core.text import join_names

from . import tokens
from .constants import (
    ADMIN_CHANGE_REQUEST,
    ADMIN_ROLES,
    BUSINESS_ROLES,
    AccountKind,
    AdminChangeKind,
    Role,
    TokenRevokeReason,
)
from .models import AdminChange, User, UserRole
from .services import (
    _create,
    _Errors,
    _password,
    _required_text,
    _set_personal,
    _username,
    end_sessions,
)

REASON_MAX = AdminChange._meta.get_field("reason").max_length


def _require_security_admin(actor):
    # actor=None is the platform itself (demo loader, management commands run on the
    # server); nothing a request reaches passes None.
    if actor is not None and not actor.has_role(Role.SECURITY_ADMIN):
        raise PermissionDenied(_("只有安全管理员可以管理账号和角色"))


def _labels(roles) -> str:
    return join_names(Role(r).label for r in sorted(roles))


def _check_roles_together(roles, kind=AccountKind.STAFF) -> None:
    """三员分立, and no administrator with a business role: the rules for one person's roles."""
    admin = set(roles) & ADMIN_ROLES
    if len(admin) > 1:
        raise InvalidInput(_("三员分立：%(roles)s不能由同一人兼任") % {"roles": _labels(admin)})
    if admin and kind != AccountKind.STAFF:
        raise InvalidInput(_("管理员角色只能授予工作人员账号"))
    business = set(roles) & BUSINESS_ROLES
    if admin and business:
        raise InvalidInput(
            _("管理员不能兼任业务角色：%(admin)s不能同时担任%(business)s")
            % {"admin": _labels(admin), "business": _labels(business)}
        )


def _check_grant(user: User, role: str) -> None:
    if role in ADMIN_ROLES and user.admin_role and user.admin_role != role:
        raise InvalidInput(
            _("三员分立：该用户已是%(held)s，不能同时担任%(role)s")
            % {"held": Role(user.admin_role).label, "role": Role(role).label}
        )
    if not user.is_active:
        raise InvalidInput(_("该账号已停用，不能授予角色"))
    _check_roles_together(user.roles | {role}, user.kind)


def _lock(user: User) -> User:
    """Lock the person's row until commit and re-read what the rules look at.

    Every change to one person's roles or activity passes here first, so two changes made
    at the same moment (a business role and an administrator role) queue and the second
    sees the first: together they cannot break the rules that each one checks.
    """
    fresh = User.objects.select_for_update().get(pk=user.pk)
    for field in ("admin_role", "is_staff", "is_active", "kind"):
        setattr(user, field, getattr(fresh, field))
    user.forget_roles()
    return user


def _ask_approval(actor, kind, user: User, role: str, reason: str, request) -> AdminChange:
    """File a change to an administrator for a second administrator of another kind."""
    try:
        reason = _required_text(reason, _("申请理由"), REASON_MAX)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, field="reason") from None
    try:
        with transaction.atomic():
            change = AdminChange.objects.create(
                kind=kind,
                subject=user,
                role=role,
                reason=reason,
                requested_by=actor,
                requested_role=actor.admin_role,
            )
    except IntegrityError:
        raise Conflict(_("同一变更已在等待审批")) from None
    audit.record(
        ADMIN_CHANGE_REQUEST,
        actor=actor,
        obj=change,
        after={"kind": kind, "subject": user.pk, "role": role, "reason": reason},
        summary=str(change),
        request=request,
    )
    return change


@transaction.atomic
def create_staff(
    actor,
    *,
    username,
    display_name,
    password,
    department=None,
    phone="",
    roles=(),
    must_change_password=True,
    reason="",
    request=None,
) -> User:
    """A staff account. An administrator role asked for by a person waits for approval."""
    _require_security_admin(actor)
    errors = _Errors()
    username = errors.check("username", _username, username)
    name = errors.check("display_name", _required_text, display_name, _("姓名"), 50)
    if phone:
        phone = errors.check("phone", validate_phone, phone)
    unknown = [r for r in roles if r not in Role.values]
    if unknown:
        errors.add("roles", _("未知角色：%(role)s") % {"role": join_names(unknown)})
    else:
        errors.check("roles", _check_roles_together, roles)
    errors.check(
        "password", _password, password, User(username=username or "", display_name=name or "")
    )
    errors.raise_if_any()
    user = User(
        username=username,
        display_name=name,
        kind=AccountKind.STAFF,
        department=department,
        must_change_password=must_change_password,
        password_changed_at=timezone.now(),
    )
    if phone:
        _set_personal(user, phone=phone)
    business = [r for r in roles if r not in ADMIN_ROLES]
    user = _create(
        user, password, business, actor=actor, request=request, action="account.create_staff"
    )
    for role in roles:
        if role in ADMIN_ROLES:
            grant_role(actor, user, role, request=request, reason=reason)
    return user


@transaction.atomic
def grant_role(actor, user: User, role: str, request=None, *, reason="") -> AdminChange | None:
    """Grant a role. An administrator role asked for by a person is filed for approval
    (the AdminChange is returned) and granted only when another kind of administrator
    approves it (admin_changes.approve)."""
    _require_security_admin(actor)
    if role not in Role.values:
        raise InvalidInput(_("未知角色：%(role)s") % {"role": role})
    if actor is not None and actor.pk == user.pk:
        raise PermissionDenied(_("不能给自己授予角色"))
    _lock(user)
    if role in user.roles:
        return None  # already held: nothing changes, nothing to approve
    _check_grant(user, role)
    if role in ADMIN_ROLES and actor is not None:
        return _ask_approval(actor, AdminChangeKind.GRANT, user, role, reason, request)
    _grant(actor, user, role, request)
    return None


def _grant(actor, user: User, role: str, request, summary="") -> None:
    before = sorted(user.roles)
    if role in ADMIN_ROLES:
        # Conditional update: two grants at once cannot both succeed.
        updated = User.objects.filter(pk=user.pk, admin_role__in=["", role]).update(
            admin_role=role, is_staff=True
        )
        if not updated:
            raise Conflict()
        user.admin_role, user.is_staff = role, True
    else:
        UserRole.objects.get_or_create(user=user, role=role, defaults={"granted_by": actor})
    _role_changed(actor, user, ROLE_GRANT, before, request, summary)


@transaction.atomic
def revoke_role(actor, user: User, role: str, request=None, *, reason="") -> AdminChange | None:
    """Remove a role; removing an administrator role, when a person asks, waits for approval."""
    _require_security_admin(actor)
    _lock(user)
    if role not in user.roles:
        return None
    if role in ADMIN_ROLES and actor is not None:
        return _ask_approval(actor, AdminChangeKind.REVOKE, user, role, reason, request)
    _revoke(actor, user, role, request)
    return None


def _revoke(actor, user: User, role: str, request, summary="") -> None:
    before = sorted(user.roles)
    if role in ADMIN_ROLES:
        if not User.objects.filter(pk=user.pk, admin_role=role).update(
            admin_role="", is_staff=False
        ):
            raise Conflict()
        user.admin_role, user.is_staff = "", False
    else:
        UserRole.objects.filter(user=user, role=role).delete()
    _role_changed(actor, user, ROLE_REVOKE, before, request, summary)


def _role_changed(actor, user: User, action: str, before, request, summary) -> None:
    user.forget_roles()
    audit.record(
        action,
        actor=actor,
        obj=user,
        before={"roles": before},
        after={"roles": sorted(user.roles)},
        summary=summary,
        request=request,
    )
    # A token carries what its owner could do when it was issued: a new set of roles
    # starts without any.
    tokens.revoke_all(user, TokenRevokeReason.ROLE_CHANGE, actor=actor, request=request)


@transaction.atomic
def disable_user(actor, user: User, reason: str = "", request=None) -> AdminChange | None:
    """Disable an account, ending its sessions and tokens. Disabling an administrator,
    when a person asks, waits for another kind of administrator's approval."""
    _require_security_admin(actor)
    if actor is not None and actor.pk == user.pk:
        raise PermissionDenied(_("不能停用自己的账号"))
    _lock(user)
    if not user.is_active:
        raise Conflict(_("该账号已停用"))
    if user.admin_role and actor is not None:
        return _ask_approval(actor, AdminChangeKind.DISABLE, user, "", reason, request)
    _disable(actor, user, reason, request)
    return None


def _disable(actor, user: User, reason: str, request, summary="") -> None:
    if not User.objects.filter(pk=user.pk, is_active=True).update(is_active=False):
        raise Conflict(_("该账号已停用"))
    user.is_active = False
    ended = end_sessions(user)
    audit.record(
        USER_DISABLE,
        actor=actor,
        obj=user,
        before={"is_active": True},
        after={"is_active": False, "sessions_ended": ended},
        summary=(summary or reason)[:200],
        request=request,
    )
    tokens.revoke_all(user, TokenRevokeReason.DISABLED, actor=actor, request=request)


def carry_out(change: AdminChange, approver: User, request=None) -> None:
    """Make an approved AdminChange happen, in the approval's transaction.

    The rules are checked again against the person as they are now: anything that broke
    them since the request (a business role granted meanwhile) refuses the approval.
    """
    user = _lock(change.subject)
    summary = _("管理员变更申请 #%(n)d：%(asker)s申请，%(approver)s批准") % {
        "n": change.pk,
        "asker": change.requested_by,
        "approver": approver,
    }
    if change.kind == AdminChangeKind.GRANT:
        if change.role in user.roles:
            return
        _check_grant(user, change.role)
        _grant(approver, user, change.role, request, summary)
    elif change.kind == AdminChangeKind.REVOKE:
        if change.role in user.roles:
            _revoke(approver, user, change.role, request, summary)
    else:
        if not user.is_active:
            raise Conflict(_("该账号已停用"))
        _disable(approver, user, change.reason, request, summary)
