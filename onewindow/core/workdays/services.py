"""Every write to the calendar and to clocks.

Calendar edits are configuration changes: only the system administrator may make them,
each is audited (action ``config_change`` with before and after) and invalidates the
cached calendar. Clock operations are building blocks that other apps' services call
inside their own audited transactions, so they record no audit event themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.constants import Role
from onewindow.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied

from . import clock as clock_math
from .calendar import get_calendar, invalidate
from .constants import (
    MAX_LIMIT_DAYS,
    MAX_YEAR,
    MIN_YEAR,
    NAME_MAX_LENGTH,
    DayKind,
    PauseKind,
    Source,
)
from .models import CalendarDay, CalendarYear, Clock, ClockPause
from .package import package_exceptions

# Read functions live in clock.py; re-exported so callers find the clock API in one place.
elapsed_workdays = clock_math.elapsed_workdays
workdays_left = clock_math.workdays_left
warning_level = clock_math.warning_level

CONFIG_CHANGE = "config_change"


def _record(*args, **kwargs):
    # Imported late: the audit app must not be needed to import the clock API.
    from onewindow.core.audit import record

    return record(*args, **kwargs)


# -- validation ---------------------------------------------------------------


def _check_date(value, label: str) -> date:
    if isinstance(value, datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if not isinstance(value, date):
        raise InvalidInput(_("%(label)s格式不正确") % {"label": label})
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise InvalidInput(
            _("%(label)s须在%(lo)s年至%(hi)s年之间")
            % {"label": label, "lo": MIN_YEAR, "hi": MAX_YEAR}
        )
    return value


def _check_year(year) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidInput(_("年度须在%(lo)s年至%(hi)s年之间") % {"lo": MIN_YEAR, "hi": MAX_YEAR})
    return year


def _require_calendar_admin(user) -> None:
    if user is None or not user.is_authenticated or not user.has_role(Role.SYSTEM_ADMIN):
        raise PermissionDenied(_("只有系统管理员可以维护工作日历"))


# -- calendar edits -----------------------------------------------------------


def _day_snapshot(row: CalendarDay | None) -> dict | None:
    if row is None:
        return None
    return {
        "date": row.date.isoformat(),
        "is_workday": row.is_workday,
        "kind": row.kind,
        "name": row.name,
        "source": row.source,
    }


def _kind_for(day: date, is_workday: bool, name: str) -> str:
    weekday = day.weekday() < 5
    if is_workday:
        return DayKind.WORKDAY if weekday else DayKind.MAKEUP_WORKDAY
    return DayKind.HOLIDAY if weekday and name else DayKind.REST_DAY


@transaction.atomic
def set_day(user, day: date, is_workday: bool, name: str = "", *, request=None) -> CalendarDay:
    """Make ``day`` a working day or a rest day by hand (a manual row survives re-seeding)."""
    _require_calendar_admin(user)
    day = _check_date(day, _("日期"))
    name = (name or "").strip()
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidInput(_("名称不能超过%(n)s个字") % {"n": NAME_MAX_LENGTH}, field="name")
    row = CalendarDay.objects.select_for_update().filter(date=day).first()
    before = _day_snapshot(row)
    if row is None:
        row = CalendarDay(date=day)
    row.is_workday = bool(is_workday)
    row.kind = _kind_for(day, row.is_workday, name)
    row.name = name
    row.source = Source.MANUAL
    row.updated_by = user
    row.save()
    state = _("工作日") if row.is_workday else _("休息日")
    _record(
        CONFIG_CHANGE,
        actor=user,
        obj=row,
        before=before,
        after=_day_snapshot(row),
        request=request,
        summary=_("工作日历：%(day)s 设为%(state)s") % {"day": day.isoformat(), "state": state},
    )
    invalidate()
    return row


@transaction.atomic
def clear_day(user, day: date, *, request=None) -> None:
    """Remove a day's row: it follows Mon–Fri again (or the package, after re-seeding)."""
    _require_calendar_admin(user)
    day = _check_date(day, _("日期"))
    row = CalendarDay.objects.select_for_update().filter(date=day).first()
    if row is None:
        raise NotFound(_("该日期没有特殊安排"))
    before = _day_snapshot(row)
    row_id = str(row.pk)
    row.delete()
    _record(
        CONFIG_CHANGE,
        actor=user,
        object_type="workdays.calendarday",
        object_id=row_id,
        before=before,
        after=None,
        request=request,
        summary=_("工作日历：删除 %(day)s 的特殊安排") % {"day": day.isoformat()},
    )
    invalidate()


def _year_snapshot(row: CalendarYear | None) -> dict | None:
    if row is None:
        return None
    return {"year": row.year, "source": row.source, "note": row.note}


@transaction.atomic
def verify_year(user, year: int, *, note: str = "", request=None) -> CalendarYear:
    """Mark a year's calendar as checked by a person; a year already verified is unchanged."""
    _require_calendar_admin(user)
    year = _check_year(year)
    existing = CalendarYear.objects.filter(year=year).first()
    if existing is not None:
        return existing
    row = CalendarYear.objects.create(
        year=year, source=Source.MANUAL, note=(note or _("系统管理员核对确认")).strip()[:200]
    )
    _record(
        CONFIG_CHANGE,
        actor=user,
        obj=row,
        before=None,
        after=_year_snapshot(row),
        request=request,
        summary=_("工作日历：确认%(year)s年节假日安排") % {"year": year},
    )
    invalidate()
    return row


@transaction.atomic
def unverify_year(user, year: int, *, request=None) -> None:
    """Withdraw a year's verification: it is reported as unverified again."""
    _require_calendar_admin(user)
    year = _check_year(year)
    row = CalendarYear.objects.select_for_update().filter(year=year).first()
    if row is None:
        raise NotFound(_("该年度尚未核对"))
    before = _year_snapshot(row)
    row_id = str(row.pk)
    row.delete()
    _record(
        CONFIG_CHANGE,
        actor=user,
        object_type="workdays.calendaryear",
        object_id=row_id,
        before=before,
        after=None,
        request=request,
        summary=_("工作日历：撤销%(year)s年的核对") % {"year": year},
    )
    invalidate()


@dataclass
class SeedResult:
    """What seed_from_package did: per-year counts and the years it could not load."""

    changes: dict[int, dict[str, int]] = field(default_factory=dict)
    skipped: list[int] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(sum(c.values()) for c in self.changes.values())


def _seed_year(year: int, wanted: dict) -> dict[str, int]:
    counts = {"created": 0, "updated": 0, "deleted": 0, "year_added": 0}
    existing = {
        row.date: row for row in CalendarDay.objects.select_for_update().filter(date__year=year)
    }
    for day, (is_workday, kind, name) in wanted.items():
        row = existing.get(day)
        if row is None:
            CalendarDay.objects.create(
                date=day, is_workday=is_workday, kind=kind, name=name, source=Source.PACKAGE
            )
            counts["created"] += 1
        elif row.source == Source.PACKAGE and (row.is_workday, row.kind, row.name) != (
            is_workday,
            kind,
            name,
        ):
            row.is_workday, row.kind, row.name = is_workday, kind, name
            row.save(update_fields=["is_workday", "kind", "name", "updated_at"])
            counts["updated"] += 1
    # Package rows the package no longer lists; manual rows are always kept.
    stale = [
        row.pk
        for day, row in existing.items()
        if row.source == Source.PACKAGE and day not in wanted
    ]
    if stale:
        counts["deleted"] = CalendarDay.objects.filter(pk__in=stale).delete()[0]
    if not CalendarYear.objects.filter(year=year).exists():
        CalendarYear.objects.create(year=year, source=Source.PACKAGE, note="chinesecalendar")
        counts["year_added"] = 1
    elif counts["created"] or counts["updated"] or counts["deleted"]:
        CalendarYear.objects.filter(year=year).update(seeded_at=timezone.now())
    return counts


@transaction.atomic
def seed_from_package(years, *, actor=None) -> SeedResult:
    """Load chinesecalendar's holidays and make-up days for ``years``.

    Idempotent: a second run changes nothing; manual rows are kept. Years the package
    does not cover are skipped and listed in the result. Called by the seed_calendar
    command and the demo loader (actor None: the system); a user must be the system
    administrator.
    """
    if actor is not None:
        _require_calendar_admin(actor)
    result = SeedResult()
    for year in sorted(set(years)):
        year = _check_year(year)
        try:
            wanted = package_exceptions(year)
        except NotImplementedError:
            result.skipped.append(year)
            continue
        counts = _seed_year(year, wanted)
        result.changes[year] = counts
        if any(counts.values()):
            _record(
                CONFIG_CHANGE,
                actor=actor,
                object_type="workdays.calendaryear",
                object_id=str(year),
                before=None,
                after={"year": year, **counts},
                summary=_("工作日历：从节假日数据包导入%(year)s年安排") % {"year": year},
            )
    if result.changed:
        invalidate()
    return result


# -- clocks -------------------------------------------------------------------


def _check_limit(limit_days) -> int:
    if (
        isinstance(limit_days, bool)
        or not isinstance(limit_days, int)
        or not 0 <= limit_days <= MAX_LIMIT_DAYS
    ):
        raise InvalidInput(
            _("时限须为0至%(max)s之间的工作日数") % {"max": MAX_LIMIT_DAYS}, field="limit_days"
        )
    return limit_days


@transaction.atomic
def start_clock(
    limit_days: int, started_on: date | None = None, *, count_from_next_day: bool | None = None
) -> Clock:
    """A new running clock of ``limit_days`` working days from ``started_on`` (today)."""
    limit_days = _check_limit(limit_days)
    started_on = _check_date(started_on or timezone.localdate(), _("起算日期"))
    if count_from_next_day is None:
        count_from_next_day = settings.WORKDAYS_COUNT_FROM_NEXT_DAY
    fields = clock_math.schedule(get_calendar(), started_on, limit_days, 0, count_from_next_day)
    return Clock.objects.create(
        started_on=started_on,
        limit_days=limit_days,
        count_from_next_day=count_from_next_day,
        **fields,
    )


def _fresh(clock: Clock) -> Clock:
    try:
        return Clock.objects.get(pk=clock.pk)
    except Clock.DoesNotExist:
        raise NotFound(_("未找到该计时")) from None


def _copy_into(clock: Clock) -> Clock:
    clock.refresh_from_db()
    return clock


@transaction.atomic
def pause_clock(clock: Clock, kind: str, on: date | None = None) -> Clock:
    """Stop counting from ``on`` (today) until resume_clock; ``kind`` is a PauseKind."""
    if kind not in PauseKind.values:
        raise InvalidInput(_("暂停原因不正确"), field="kind")
    on = _check_date(on or timezone.localdate(), _("暂停日期"))
    current = _fresh(clock)
    if current.stopped_on is not None:
        raise Conflict(_("该计时已停止，不能暂停"))
    if on < current.started_on:
        raise InvalidInput(_("暂停日期不能早于起算日期"))
    last_end = current.pauses.aggregate(last=Max("ended_on"))["last"]
    if last_end is not None and on < last_end:
        raise InvalidInput(_("暂停日期不能早于上一次恢复计时的日期"))
    updated = Clock.objects.filter(
        pk=current.pk, paused_since__isnull=True, stopped_on__isnull=True
    ).update(paused_since=on, pause_kind=kind, updated_at=timezone.now())
    if not updated:
        raise Conflict(_("该计时已暂停或已停止，请刷新后重试"))
    ClockPause.objects.create(clock=current, kind=kind, started_on=on)
    return _copy_into(clock)


def _close_pause(current: Clock, on: date) -> dict:
    """The fields that end the open pause at ``on``, and the pause row's update."""
    if on < current.paused_since:
        raise InvalidInput(_("恢复日期不能早于暂停日期"))
    calendar = get_calendar()
    days = clock_math.pause_workdays(
        calendar, current.paused_since, on, current.count_from_next_day
    )
    total = current.paused_workdays + days
    fields = clock_math.schedule(
        calendar, current.started_on, current.limit_days, total, current.count_from_next_day
    )
    ClockPause.objects.filter(clock=current, ended_on__isnull=True).update(
        ended_on=on, workdays=days
    )
    return {"paused_since": None, "pause_kind": "", "paused_workdays": total, **fields}


@transaction.atomic
def resume_clock(clock: Clock, on: date | None = None) -> Clock:
    """Count again from ``on`` (today); the due date moves by the paused working days."""
    on = _check_date(on or timezone.localdate(), _("恢复日期"))
    current = _fresh(clock)
    if current.paused_since is None or current.stopped_on is not None:
        raise Conflict(_("该计时未处于暂停状态，请刷新后重试"))
    fields = _close_pause(current, on)
    updated = Clock.objects.filter(
        pk=current.pk,
        paused_since=current.paused_since,
        paused_workdays=current.paused_workdays,
        stopped_on__isnull=True,
    ).update(updated_at=timezone.now(), **fields)
    if not updated:
        raise Conflict(_("该计时已被他人恢复或停止，请刷新后重试"))
    return _copy_into(clock)


@transaction.atomic
def stop_clock(clock: Clock, on: date | None = None) -> Clock:
    """Stop for good (concluded, refused, withdrawn); an open pause ends on the same day."""
    on = _check_date(on or timezone.localdate(), _("停止日期"))
    current = _fresh(clock)
    if current.stopped_on is not None:
        raise Conflict(_("该计时已停止"))
    if on < current.started_on:
        raise InvalidInput(_("停止日期不能早于起算日期"))
    fields = _close_pause(current, on) if current.paused_since is not None else {}
    updated = Clock.objects.filter(
        pk=current.pk,
        paused_since=current.paused_since,
        paused_workdays=current.paused_workdays,
        stopped_on__isnull=True,
    ).update(stopped_on=on, updated_at=timezone.now(), **fields)
    if not updated:
        raise Conflict(_("该计时已被他人变更，请刷新后重试"))
    return _copy_into(clock)


@transaction.atomic
def extend_clock(clock: Clock, days: int) -> Clock:
    """Add ``days`` working days to the limit of a running or paused clock.

    For a limit the law lets an authority extend (行政许可法 Art. 42: +10 with approval).
    The stored due and warning dates move with it; a stopped clock cannot be extended.
    """
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise InvalidInput(_("延长的工作日数须为正整数"), field="days")
    current = _fresh(clock)
    if current.stopped_on is not None:
        raise Conflict(_("该计时已停止，不能延长"))
    limit = _check_limit(current.limit_days + days)
    fields = clock_math.schedule(
        get_calendar(),
        current.started_on,
        limit,
        current.paused_workdays,
        current.count_from_next_day,
    )
    updated = Clock.objects.filter(
        pk=current.pk,
        limit_days=current.limit_days,
        paused_workdays=current.paused_workdays,
        stopped_on__isnull=True,
    ).update(limit_days=limit, updated_at=timezone.now(), **fields)
    if not updated:
        raise Conflict(_("该计时已被他人变更，请刷新后重试"))
    return _copy_into(clock)


@transaction.atomic
def recompute_clock(clock: Clock) -> Clock:
    """Recompute a clock's stored dates with today's calendar and thresholds.

    For use after a calendar edit or a threshold change; a stopped clock is left alone.
    """
    current = _fresh(clock)
    if current.stopped_on is not None:
        return _copy_into(clock)
    fields = clock_math.schedule(
        get_calendar(),
        current.started_on,
        current.limit_days,
        current.paused_workdays,
        current.count_from_next_day,
    )
    updated = Clock.objects.filter(
        pk=current.pk,
        paused_workdays=current.paused_workdays,
        stopped_on__isnull=True,
    ).update(updated_at=timezone.now(), **fields)
    if not updated:
        raise Conflict(_("该计时已被他人变更，请刷新后重试"))
    return _copy_into(clock)
