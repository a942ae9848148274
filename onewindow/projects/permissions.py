"""Who may do what with a project. The agent's right to act comes from a 委托书 only."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils import timezone

from onewindow.accounts.constants import Role

SEE_ALL_ROLES = (Role.LEADER, Role.SUPERVISOR, Role.PARTY_MEMBER, Role.CLERK, Role.AGENT)


def active(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def sees_all(user) -> bool:
    return active(user) and user.has_role(*SEE_ALL_ROLES)


def is_investor(user, project) -> bool:
    return active(user) and project.investor_id is not None and project.investor_id == user.pk


def in_force(on: date) -> Q:
    """委托书 in force on ``on``: signed, not expired, and not revoked from that day or
    earlier (a revocation dated D stops the agent from D on)."""
    return Q(signed_on__lte=on, expires_on__gte=on) & (
        Q(revoked_on__isnull=True) | Q(revoked_on__gt=on)
    )


def valid_mandate(user, project, scope: str, on: date | None = None):
    """The agent's 委托书 for ``project`` covering ``scope`` on ``on`` (today), or None."""
    if not active(user) or not user.has_role(Role.AGENT):
        return None
    on = on or timezone.localdate()
    for mandate in project.mandates.filter(in_force(on), agent=user):
        if scope in mandate.scope:
            return mandate
    return None


def is_clerk(user) -> bool:
    return active(user) and user.has_role(Role.CLERK)


def approver_department(user) -> int | None:
    if active(user) and user.has_role(Role.APPROVER) and user.department_id:
        return user.department_id
    return None
