"""请假: a window staff member applies for leave (kind, dates, reason); a hall supervisor
approves or refuses it. Only approved leave excuses an absence in the daily attendance check
(attendance._on_leave); a supervisor may also record leave already granted (record_leave).
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.audit import record
from onewindow.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied

from ..constants import LeaveKind, LeaveStatus
from ..models import Leave
from . import common

MAX_DAYS = 180


def _check(kind, start, end) -> None:
    if kind not in LeaveKind.values:
        raise InvalidInput(_("请选择请假类别"), field="kind")
    if not isinstance(start, date) or not isinstance(end, date):
        raise InvalidInput(_("请填写请假起止日期"), field="start")
    if end < start:
        raise InvalidInput(_("结束日期不能早于开始日期"), field="end")
    if (end - start).days >= MAX_DAYS:
        raise InvalidInput(_("一次请假不超过%(days)s天") % {"days": MAX_DAYS}, field="end")


@transaction.atomic
def apply(actor, *, kind, start, end, reason="", request=None) -> Leave:
    """The staff member's own application: pending until a supervisor decides."""
    if not (common._active(actor) and actor.has_role(*common.WINDOW_STAFF)):
        raise PermissionDenied(_("只有窗口工作人员可以申请请假"))
    _check(kind, start, end)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("请填写请假事由"), field="reason")
    overlapping = Leave.objects.filter(
        user=actor,
        status__in=(LeaveStatus.PENDING, LeaveStatus.APPROVED),
        start__lte=end,
        end__gte=start,
    )
    if overlapping.exists():
        raise Conflict(_("这段时间已有请假申请"))
    leave = Leave.objects.create(
        user=actor,
        kind=kind,
        start=start,
        end=end,
        reason=reason,
        status=LeaveStatus.PENDING,
        recorded_by=actor,
    )
    record(
        "hall.leave_apply",
        actor=actor,
        obj=leave,
        after={"kind": kind, "start": str(start), "end": str(end)},
        request=request,
        summary=_("%(name)s申请请假") % {"name": actor},
    )
    return leave


@transaction.atomic
def decide(actor, leave, *, approve: bool, note="", request=None) -> Leave:
    """A supervisor approves or refuses a pending application (once)."""
    common.require_supervisor(actor)
    if not isinstance(leave, Leave):
        leave = Leave.objects.filter(pk=leave).first()
        if leave is None:
            raise NotFound(_("该请假申请不存在"))
    if leave.user_id == actor.pk:
        raise PermissionDenied(_("不能审批本人的请假"))
    status = LeaveStatus.APPROVED if approve else LeaveStatus.REFUSED
    note = (note or "").strip()
    if not approve and not note:
        raise InvalidInput(_("不批准时请填写意见"), field="note")
    updated = Leave.objects.filter(pk=leave.pk, status=LeaveStatus.PENDING).update(
        status=status, decided_by=actor, decided_at=timezone.now(), decision_note=note
    )
    if not updated:
        raise Conflict(_("该请假申请已审批"))
    leave.refresh_from_db()
    record(
        "hall.leave_decide",
        actor=actor,
        obj=leave,
        after={"status": status},
        request=request,
        summary=_("审批%(name)s的请假") % {"name": leave.user},
    )
    return leave


def month(user, year: int, month_: int) -> list[Leave]:
    """Leave overlapping the month: everyone's for supervisors and readers, else one's own."""
    first, last = common.month_bounds(year, month_)
    rows = Leave.objects.filter(start__lte=last, end__gte=first).select_related(
        "user", "decided_by"
    )
    if not common.may_read(user):
        rows = rows.filter(user=user)
    return list(rows.order_by("start", "pk"))


def pending() -> list[Leave]:
    return list(
        Leave.objects.filter(status=LeaveStatus.PENDING).select_related("user").order_by("start")
    )
