"""Attendance: clock-in and clock-out against the office hours, leave, and the daily check
that finds absences and unattended windows.

A clerk clocks themself in at their window; a supervisor may record it for anyone (with
the time it happened). Late and left early are decided against HallRules when recorded.
"""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.audit import record
from onewindow.core.errors import Conflict, InvalidInput, PermissionDenied
from onewindow.org.models import Window

from ..constants import FindingKind, FindingSource, LeaveKind, LeaveStatus
from ..models import AttendanceRecord, Finding, Leave
from . import common


def _who(actor, user):
    """The person whose attendance is recorded, and whether a supervisor records it."""
    if user is None or user == actor:
        if not (common._active(actor) and actor.has_role(*common.WINDOW_STAFF)):
            raise PermissionDenied(_("只有窗口工作人员可以签到签退"))
        return actor, False
    common.require_supervisor(actor)
    return user, True


def _when(value, by_supervisor: bool) -> datetime:
    if value is None or not by_supervisor:
        return timezone.now()
    if not isinstance(value, datetime):
        raise InvalidInput(_("请填写时间"), field="at")
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _window(window, user, day) -> Window | None:
    if window is None:
        return common.window_of(user, day)
    if not isinstance(window, Window):
        window = Window.objects.filter(pk=window).first()
        if window is None:
            raise InvalidInput(_("该窗口不存在"), field="window")
    return window


@transaction.atomic
def clock_in(actor, *, user=None, window=None, at=None, request=None) -> AttendanceRecord:
    user, by_supervisor = _who(actor, user)
    at = _when(at, by_supervisor)
    day = timezone.localdate(at)
    window = _window(window, user, day)
    rules = common.rules()
    latest = common.at(day, rules.morning_start) + timedelta(minutes=rules.grace_minutes)
    late = at > latest
    row, created = AttendanceRecord.objects.get_or_create(
        user=user,
        day=day,
        defaults={"window": window, "clock_in": at, "late": late, "recorded_by": actor},
    )
    if not created:
        if row.clock_in is not None:
            raise Conflict(_("%(name)s今天已签到") % {"name": user})
        # An absence found by the check, then corrected by a supervisor.
        AttendanceRecord.objects.filter(pk=row.pk, clock_in__isnull=True).update(
            clock_in=at, late=late, absent=False, window=window, recorded_by=actor
        )
        row.refresh_from_db()
    record(
        "hall.clock_in",
        actor=actor,
        obj=row,
        after={"user": user.pk, "at": at.isoformat(), "late": late},
        request=request,
        summary=_("%(name)s签到") % {"name": user},
    )
    return row


@transaction.atomic
def clock_out(actor, *, user=None, at=None, request=None) -> AttendanceRecord:
    user, by_supervisor = _who(actor, user)
    at = _when(at, by_supervisor)
    day = timezone.localdate(at)
    row = AttendanceRecord.objects.filter(user=user, day=day).first()
    if row is None or row.clock_in is None:
        raise InvalidInput(_("尚未签到，不能签退"))
    if at < row.clock_in:
        raise InvalidInput(_("签退时间不能早于签到时间"), field="at")
    rules = common.rules()
    left_early = at < common.at(day, rules.afternoon_end)
    updated = AttendanceRecord.objects.filter(pk=row.pk, clock_out__isnull=True).update(
        clock_out=at, left_early=left_early
    )
    if not updated:
        raise Conflict(_("%(name)s今天已签退") % {"name": user})
    row.refresh_from_db()
    record(
        "hall.clock_out",
        actor=actor,
        obj=row,
        after={"user": user.pk, "at": at.isoformat(), "left_early": left_early},
        request=request,
        summary=_("%(name)s签退") % {"name": user},
    )
    return row


@transaction.atomic
def record_leave(actor, user, *, kind, start: date, end: date, request=None) -> Leave:
    common.require_supervisor(actor)
    if kind not in LeaveKind.values:
        raise InvalidInput(_("请选择请假类别"), field="kind")
    if start is None or end is None or end < start:
        raise InvalidInput(_("结束日期不能早于开始日期"), field="end")
    leave = Leave.objects.create(
        user=user,
        kind=kind,
        start=start,
        end=end,
        status=LeaveStatus.APPROVED,
        recorded_by=actor,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    record(
        "hall.leave",
        actor=actor,
        obj=leave,
        after={"user": user.pk, "kind": kind, "start": str(start), "end": str(end)},
        request=request,
    )
    return leave


def _on_leave(user, day) -> bool:
    return Leave.objects.filter(
        user=user, status=LeaveStatus.APPROVED, start__lte=day, end__gte=day
    ).exists()


@transaction.atomic
def check_day(day: date, *, actor=None) -> dict:
    """After a working day: absent staff (no clock-in, no leave) and unattended windows
    (nobody of its staff there). Running it twice changes nothing."""
    if actor is not None:
        common.require_supervisor(actor)
    absent, unattended = 0, 0
    found_at = common.at(day, common.rules().morning_start) + timedelta(hours=1)
    for window in common.hall_windows():
        staff = common.on_duty(window, day)
        if not staff:
            continue
        present = 0
        for user in staff:
            row = AttendanceRecord.objects.filter(user=user, day=day).first()
            if row is not None and row.clock_in is not None:
                present += 1
                continue
            if _on_leave(user, day) or row is not None:
                continue
            AttendanceRecord.objects.create(user=user, window=window, day=day, absent=True)
            absent += 1
        if present == 0:
            finding, created = Finding.objects.get_or_create(
                window=window,
                source=FindingSource.ATTENDANCE,
                kind=FindingKind.UNATTENDED,
                found_at=found_at,
                defaults={"note": _("当日无工作人员签到")},
            )
            unattended += created
    result = {"day": str(day), "absent": absent, "unattended": unattended}
    record(
        "hall.attendance_scan",
        actor=actor,
        object_type="hall.day",
        object_id=str(day),
        after=result,
    )
    return result
