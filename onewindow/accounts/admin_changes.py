"""Deciding a change to an administrator (管理员变更审批): approve or reject, once.

roles.py files an AdminChange when the security administrator grants or removes an
administrator role or disables an administrator. Here an administrator of another kind
than the one who asked decides it; never the asker, never the person it is about. The
decision is a conditional UPDATE from pending, so two administrators deciding at the same
moment cannot both succeed; an approval carries the change out in the same transaction,
and a change that no longer fits the rules refuses the approval and stays pending.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core import audit
from onewindow.core.errors import Conflict, InvalidInput, PermissionDenied
from onewindow.core.pii.freetext import sealed_update

from . import roles
from .constants import (
    ADMIN_CHANGE_APPROVE,
    ADMIN_CHANGE_REJECT,
    AdminChangeStatus,
)
from .models import AdminChange, User

NOTE_MAX = AdminChange._meta.get_field("decision_note").max_length


def refusal(actor: User, change: AdminChange) -> str | None:
    """Why ``actor`` may not decide ``change``; None when they may."""
    if not (actor.is_active and actor.admin_role):
        return _("只有管理员可以审批管理员变更")
    if actor.pk == change.requested_by_id:
        return _("申请人不能审批自己的申请")
    if actor.pk == change.subject_id:
        return _("涉及本人的变更须由其他管理员审批")
    if actor.admin_role == change.requested_role:
        return _("须由与申请人不同类别的管理员审批")
    return None


def _decide(actor, change: AdminChange, status: str, note: str, request) -> None:
    why = refusal(actor, change)
    if why:
        raise PermissionDenied(why)
    note = str(note or "").strip()
    if len(note) > NOTE_MAX:
        raise InvalidInput(_("审批意见不能超过%(n)d个字") % {"n": NOTE_MAX}, field="decision_note")
    now = timezone.now()
    if not AdminChange.objects.filter(pk=change.pk, status=AdminChangeStatus.PENDING).update(
        **sealed_update(AdminChange, {"decision_note": note}),
        status=status,
        decided_by=actor,
        decided_at=now,
    ):
        raise Conflict(_("该申请已由其他管理员审批"))
    change.status, change.decided_by, change.decided_at = status, actor, now
    change.decision_note = note
    audit.record(
        ADMIN_CHANGE_APPROVE if status == AdminChangeStatus.APPROVED else ADMIN_CHANGE_REJECT,
        actor=actor,
        obj=change,
        before={"status": AdminChangeStatus.PENDING},
        after={"status": status, "note": note},
        summary=str(change),
        request=request,
    )


@transaction.atomic
def approve(actor: User, change: AdminChange, note: str = "", request=None) -> AdminChange:
    _decide(actor, change, AdminChangeStatus.APPROVED, note, request)
    roles.carry_out(change, actor, request=request)
    return change


@transaction.atomic
def reject(actor: User, change: AdminChange, note: str = "", request=None) -> AdminChange:
    if not str(note or "").strip():
        raise InvalidInput(_("驳回须填写审批意见"), field="decision_note")
    _decide(actor, change, AdminChangeStatus.REJECTED, note, request)
    return change
