"""The working-day clock as arithmetic: due dates, pauses, days left and warning levels.

Pure functions over a WorkCalendar and any object shaped like models.Clock, so every
app (cases, work orders, measures) computes deadlines the same way. The writes that
start, pause, resume and stop a stored clock are in services.py.

Conventions (see ../shared/RULES.md "Working days"):
- Counting from the next day (the default), day 1 is the first working day after
  ``started_on``; otherwise ``started_on`` is day 1 when it is a working day.
- A pause from date p to date r does not count the working days in (p, r]: the clock
  ran on the pause day and starts again on the working day after the resume day, just
  as it starts the working day after acceptance. When the clock counts the start day
  itself (count_from_next_day False) the resume day counts too: (p, r) exclusive.
  Either way a pause and resume on the same day adds 0 and a pause never shortens
  the deadline.
- ``workdays_left`` is the number of working days after the reference day up to the
  due date: 0 on the due date, negative once overdue (at least -1 on any day after it).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from .calendar import WorkCalendar, get_calendar
from .constants import WarningLevel

ONE_DAY = timedelta(days=1)
# Guards the walk back from a due date against a calendar with no working days.
_MAX_WALK_DAYS = 3660


def thresholds() -> tuple[int, int]:
    """(yellow, red): days-left thresholds from settings, read at call time."""
    return settings.WORKDAYS_WARN_YELLOW_DAYS_LEFT, settings.WORKDAYS_WARN_RED_DAYS_LEFT


def count_base(started_on: date, count_from_next_day: bool) -> date:
    """The day before day 1 of the count."""
    return started_on if count_from_next_day else started_on - ONE_DAY


def due_date_for(
    calendar: WorkCalendar, started_on: date, days: int, count_from_next_day: bool
) -> date:
    """The last day of a limit of ``days`` working days; never before the start."""
    due = calendar.add_workdays(count_base(started_on, count_from_next_day), days)
    return max(due, started_on)


def pause_workdays(
    calendar: WorkCalendar, paused_on: date, resumed_on: date, count_from_next_day: bool
) -> int:
    """Working days a pause takes out of the count (see the module docstring)."""
    if resumed_on <= paused_on:
        return 0
    days = calendar.workdays_between(paused_on, resumed_on)
    if not count_from_next_day and calendar.is_workday(resumed_on):
        days -= 1
    return days


def first_day_with_at_most(calendar: WorkCalendar, due: date, days_left: int) -> date:
    """The earliest date d with workdays_between(d, due) <= days_left."""
    d, count = due, 0
    for _ in range(_MAX_WALK_DAYS):
        # workdays_between(d - 1 day, due) == count + (1 if d is a working day)
        before = count + int(calendar.is_workday(d))
        if before > days_left:
            break
        d, count = d - ONE_DAY, before
    return d


def warning_dates(
    calendar: WorkCalendar, started_on: date, due: date, yellow: int, red: int
) -> tuple[date, date]:
    """(warn_yellow_on, warn_red_on): from these dates the level is at least yellow / red."""
    yellow_on = max(started_on, first_day_with_at_most(calendar, due, yellow))
    red_on = max(started_on, first_day_with_at_most(calendar, due, red))
    return yellow_on, red_on


def schedule(
    calendar: WorkCalendar,
    started_on: date,
    limit_days: int,
    paused_workdays: int,
    count_from_next_day: bool,
) -> dict:
    """The stored fields of a clock: due_date, warn_yellow_on, warn_red_on."""
    due = due_date_for(calendar, started_on, limit_days + paused_workdays, count_from_next_day)
    yellow, red = thresholds()
    yellow_on, red_on = warning_dates(calendar, started_on, due, yellow, red)
    return {"due_date": due, "warn_yellow_on": yellow_on, "warn_red_on": red_on}


def _reference_day(clock, today: date | None) -> date:
    """The day the count stands still at: stop, pause, or today."""
    today = today or timezone.localdate()
    frozen = clock.stopped_on or clock.paused_since
    return min(today, frozen) if frozen else today


def elapsed_workdays(clock, today: date | None = None, calendar: WorkCalendar | None = None):
    """Working days counted so far (paused days excluded); 0 before the count starts."""
    calendar = calendar or get_calendar()
    ref = _reference_day(clock, today)
    base = count_base(clock.started_on, clock.count_from_next_day)
    if ref <= base:
        return 0
    return max(0, calendar.workdays_between(base, ref) - clock.paused_workdays)


def workdays_left(clock, today: date | None = None, calendar: WorkCalendar | None = None):
    """Working days left up to the due date; negative when overdue."""
    calendar = calendar or get_calendar()
    ref = _reference_day(clock, today)
    left = calendar.workdays_between(ref, clock.due_date)
    if ref > clock.due_date:
        # A rest day just after the due date is already overdue.
        left = min(left, -1)
    return left


def warning_level(clock, today: date | None = None, calendar: WorkCalendar | None = None):
    """normal, yellow, red, overdue, paused or stopped, with the configured thresholds.

    Agrees with ClockQuerySet.with_level() while the thresholds have not changed since
    the clock's warning dates were stored.
    """
    if clock.stopped_on is not None:
        return WarningLevel.STOPPED
    if clock.paused_since is not None:
        return WarningLevel.PAUSED
    today = today or timezone.localdate()
    if today > clock.due_date:
        return WarningLevel.OVERDUE
    calendar = calendar or get_calendar()
    left = calendar.workdays_between(today, clock.due_date)
    yellow, red = thresholds()
    if left <= red:
        return WarningLevel.RED
    if left <= yellow:
        return WarningLevel.YELLOW
    return WarningLevel.NORMAL
