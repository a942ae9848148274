"""Clocks: due dates from the calendar, pauses that never count, warning levels."""

from datetime import date, timedelta

import pytest
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from onewindow.core.errors import Conflict, InvalidInput
from onewindow.core.workdays import clock as clock_math
from onewindow.core.workdays.calendar import get_calendar
from onewindow.core.workdays.constants import PauseKind, WarningLevel
from onewindow.core.workdays.models import Clock, ClockPause
from onewindow.core.workdays.services import (
    elapsed_workdays,
    pause_clock,
    recompute_clock,
    resume_clock,
    seed_from_package,
    start_clock,
    stop_clock,
    warning_level,
    workdays_left,
)

pytestmark = pytest.mark.django_db

FEW = settings(max_examples=60, deadline=None, database=None)


@pytest.fixture(autouse=True)
def seeded():
    seed_from_package(range(2024, 2027))


def test_a_clock_started_before_national_day():
    clock = start_clock(5, date(2026, 9, 30))
    assert clock.count_from_next_day is True
    # Oct 8, 9, 10 (Saturday, make-up), 12, 13.
    assert clock.due_date == date(2026, 10, 13)
    # Three days left from Oct 9 (10, 12, 13), one from Oct 12.
    assert clock.warn_yellow_on == date(2026, 10, 9)
    assert clock.warn_red_on == date(2026, 10, 12)


@pytest.mark.parametrize(
    ("today", "level", "left", "elapsed"),
    [
        (date(2026, 9, 30), WarningLevel.NORMAL, 5, 0),
        (date(2026, 10, 5), WarningLevel.NORMAL, 5, 0),  # a holiday: nothing counted yet
        (date(2026, 10, 8), WarningLevel.NORMAL, 4, 1),
        (date(2026, 10, 9), WarningLevel.YELLOW, 3, 2),
        (date(2026, 10, 11), WarningLevel.YELLOW, 2, 3),  # Sunday after the make-up Saturday
        (date(2026, 10, 12), WarningLevel.RED, 1, 4),
        (date(2026, 10, 13), WarningLevel.RED, 0, 5),
        (date(2026, 10, 14), WarningLevel.OVERDUE, -1, 6),
        (date(2026, 10, 17), WarningLevel.OVERDUE, -3, 8),  # Saturday: 14, 15, 16 past due
    ],
)
def test_warning_levels_through_national_day(today, level, left, elapsed):
    clock = start_clock(5, date(2026, 9, 30))
    assert warning_level(clock, today) == level
    assert workdays_left(clock, today) == left
    assert elapsed_workdays(clock, today) == elapsed
    # The SQL scan gives the same answer as the function.
    assert Clock.objects.with_level(today).get(pk=clock.pk).level == level


def test_a_rest_day_after_the_due_date_is_already_overdue():
    clock = start_clock(1, date(2026, 11, 26))  # Thursday: due Friday 11-27
    assert clock.due_date == date(2026, 11, 27)
    assert warning_level(clock, date(2026, 11, 28)) == WarningLevel.OVERDUE
    assert workdays_left(clock, date(2026, 11, 28)) == -1
    assert list(Clock.objects.overdue(date(2026, 11, 28))) == [clock]


@override_settings(WORKDAYS_WARN_YELLOW_DAYS_LEFT=5, WORKDAYS_WARN_RED_DAYS_LEFT=2)
def test_thresholds_come_from_settings():
    clock = start_clock(5, date(2026, 9, 30))
    assert warning_level(clock, date(2026, 10, 8)) == WarningLevel.YELLOW
    assert warning_level(clock, date(2026, 10, 10)) == WarningLevel.RED
    assert clock.warn_yellow_on == date(2026, 9, 30)
    assert clock.warn_red_on == date(2026, 10, 10)


@override_settings(WORKDAYS_COUNT_FROM_NEXT_DAY=False)
def test_counting_from_the_acceptance_day():
    clock = start_clock(5, date(2026, 9, 30))
    assert clock.count_from_next_day is False
    # Sep 30 is day 1, then Oct 8, 9, 10, 12.
    assert clock.due_date == date(2026, 10, 12)
    # Accepted on a holiday: the first working day is day 1.
    assert start_clock(1, date(2026, 10, 2)).due_date == date(2026, 10, 8)
    assert start_clock(0, date(2026, 10, 2)).due_date == date(2026, 10, 2)


def test_a_supplement_pause_moves_the_due_date():
    clock = start_clock(5, date(2026, 9, 30))
    pause_clock(clock, PauseKind.SUPPLEMENT, date(2026, 10, 8))
    assert clock.paused_since == date(2026, 10, 8)
    assert warning_level(clock, date(2026, 10, 20)) == WarningLevel.PAUSED
    # Frozen while paused: only Oct 8 has counted.
    assert elapsed_workdays(clock, date(2026, 10, 20)) == 1
    assert workdays_left(clock, date(2026, 10, 20)) == 4
    assert Clock.objects.with_level(date(2026, 10, 20)).get(pk=clock.pk).level == "paused"
    assert not Clock.objects.overdue(date(2026, 10, 20)).exists()

    resume_clock(clock, date(2026, 10, 12))
    # Not counted: Oct 9, 10 and the resume day 12; counting goes on from Oct 13.
    assert clock.paused_workdays == 3
    assert clock.due_date == date(2026, 10, 16)
    assert elapsed_workdays(clock, date(2026, 10, 12)) == 1
    assert workdays_left(clock, date(2026, 10, 12)) == 4
    pause = ClockPause.objects.get(clock=clock)
    assert (pause.kind, pause.ended_on, pause.workdays) == ("supplement", date(2026, 10, 12), 3)


@override_settings(WORKDAYS_COUNT_FROM_NEXT_DAY=False)
def test_a_pause_when_the_start_day_counts_counts_the_resume_day():
    clock = start_clock(5, date(2026, 9, 30))
    pause_clock(clock, PauseKind.EXPERT_REVIEW, date(2026, 10, 8))
    resume_clock(clock, date(2026, 10, 12))
    # Oct 9 and 10 are not counted; Oct 12 counts again.
    assert clock.paused_workdays == 2
    assert clock.due_date == date(2026, 10, 14)


def test_pausing_and_resuming_on_the_same_day_adds_nothing():
    clock = start_clock(5, date(2026, 9, 30))
    pause_clock(clock, PauseKind.HEARING, date(2026, 10, 9))
    resume_clock(clock, date(2026, 10, 9))
    assert clock.paused_workdays == 0
    assert clock.due_date == date(2026, 10, 13)


def test_pause_and_resume_never_shorten_and_shift_by_exactly_the_paused_days():
    calendar = get_calendar()

    @FEW
    @given(
        start=st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 6, 30)),
        limit=st.integers(min_value=0, max_value=60),
        pause_after=st.integers(min_value=0, max_value=60),
        pause_length=st.integers(min_value=0, max_value=60),
        from_next_day=st.booleans(),
        kind=st.sampled_from(PauseKind.values),
    )
    def check(start, limit, pause_after, pause_length, from_next_day, kind):
        clock = start_clock(limit, start, count_from_next_day=from_next_day)
        before = clock.due_date
        paused_on = start + timedelta(days=pause_after)
        resumed_on = paused_on + timedelta(days=pause_length)
        pause_clock(clock, kind, paused_on)
        resume_clock(clock, resumed_on)
        # Independent count of the working days the pause took out.
        expected = sum(
            calendar.is_workday(paused_on + timedelta(days=i))
            for i in range(1, pause_length + (1 if from_next_day else 0))
        )
        assert clock.paused_workdays == expected
        assert clock.due_date >= before
        if limit > 0:
            assert calendar.workdays_between(before, clock.due_date) == expected
            assert calendar.is_workday(clock.due_date)
        # Days counted plus days left is always the limit while the clock runs (a limit of 0
        # counted from the start day is due that day, before any day is complete).
        today = max(resumed_on, start)
        if today <= clock.due_date and (limit > 0 or from_next_day):
            assert elapsed_workdays(clock, today) + workdays_left(clock, today) == limit

    check()


def test_stored_warning_dates_agree_with_the_function():
    @FEW
    @given(
        start=st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 10, 31)),
        limit=st.integers(min_value=0, max_value=30),
        offset=st.integers(min_value=0, max_value=60),
    )
    def check(start, limit, offset):
        clock = start_clock(limit, start)
        today = start + timedelta(days=offset)
        assert Clock.objects.with_level(today).get(pk=clock.pk).level == warning_level(clock, today)

    check()


def test_a_second_pause_or_resume_is_a_conflict():
    clock = start_clock(20, date(2026, 3, 2))
    stale = Clock.objects.get(pk=clock.pk)
    pause_clock(clock, PauseKind.CONDITIONAL, date(2026, 3, 4))
    with pytest.raises(Conflict) as exc:
        pause_clock(stale, PauseKind.SUPPLEMENT, date(2026, 3, 4))
    assert "暂停" in exc.value.message
    resume_clock(clock, date(2026, 3, 6))
    with pytest.raises(Conflict):
        resume_clock(stale, date(2026, 3, 6))
    assert ClockPause.objects.filter(clock=clock).count() == 1


def test_bad_dates_and_kinds_are_refused():
    clock = start_clock(20, date(2026, 3, 2))
    with pytest.raises(InvalidInput):
        pause_clock(clock, "lunch", date(2026, 3, 4))
    with pytest.raises(InvalidInput):
        pause_clock(clock, PauseKind.SUPPLEMENT, date(2026, 3, 1))
    pause_clock(clock, PauseKind.SUPPLEMENT, date(2026, 3, 4))
    with pytest.raises(InvalidInput):
        resume_clock(clock, date(2026, 3, 3))
    resume_clock(clock, date(2026, 3, 10))
    with pytest.raises(InvalidInput):  # overlaps the pause that just ended
        pause_clock(clock, PauseKind.SUPPLEMENT, date(2026, 3, 9))
    for limit in (-1, 2001, "5", True):
        with pytest.raises(InvalidInput):
            start_clock(limit, date(2026, 3, 2))


def test_stopping_ends_an_open_pause_and_freezes_the_clock():
    clock = start_clock(5, date(2026, 9, 30))
    pause_clock(clock, PauseKind.INSPECTION, date(2026, 10, 8))
    stop_clock(clock, date(2026, 10, 12))
    assert clock.stopped_on == date(2026, 10, 12)
    assert clock.paused_since is None
    assert clock.paused_workdays == 3
    assert warning_level(clock, date(2026, 12, 1)) == WarningLevel.STOPPED
    assert elapsed_workdays(clock, date(2026, 12, 1)) == 1
    with pytest.raises(Conflict):
        stop_clock(clock, date(2026, 10, 13))
    with pytest.raises(Conflict):
        pause_clock(clock, PauseKind.OTHER, date(2026, 10, 13))
    assert ClockPause.objects.get(clock=clock).ended_on == date(2026, 10, 12)


def test_recompute_picks_up_a_later_calendar():
    # 2027 is not in the package: Mon–Fri. Pretend the State Council then declares a holiday.
    clock = start_clock(3, date(2027, 1, 4))
    assert clock.due_date == date(2027, 1, 7)
    from onewindow.core.workdays.models import CalendarDay

    CalendarDay.objects.create(
        date=date(2027, 1, 5), is_workday=False, kind="holiday", name="测试", source="manual"
    )
    from onewindow.core.workdays.calendar import invalidate

    invalidate()
    recompute_clock(clock)
    assert clock.due_date == date(2027, 1, 8)


def test_pure_pause_arithmetic():
    calendar = get_calendar()
    assert clock_math.pause_workdays(calendar, date(2026, 10, 8), date(2026, 10, 8), True) == 0
    assert clock_math.pause_workdays(calendar, date(2026, 10, 8), date(2026, 10, 12), True) == 3
    assert clock_math.pause_workdays(calendar, date(2026, 10, 8), date(2026, 10, 12), False) == 2
