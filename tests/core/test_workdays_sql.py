"""The SQL form of the working-day count (statistics sum working days in the database)
gives exactly calendar.workdays_between, on the seeded State Council calendar."""

from datetime import date, timedelta

import pytest
from django.db.models import DateField, IntegerField, Value

from onewindow.core.workdays.calendar import WorkCalendar, get_calendar
from onewindow.core.workdays.models import CalendarYear
from onewindow.core.workdays.services import seed_from_package
from onewindow.core.workdays.sql import WorkdayOrdinal

pytestmark = pytest.mark.django_db


def sql_between(calendar, pairs, back=0):
    """[W(b) - W(a - back days)] for (a, b) pairs, computed by the database."""
    CalendarYear.objects.get_or_create(year=1999, defaults={"source": "manual"})
    row = CalendarYear.objects.filter(year=1999)
    annotations = {}
    for i, (a, b) in enumerate(pairs):
        annotations[f"d{i}"] = WorkdayOrdinal(
            Value(b, DateField()), Value(0, IntegerField()), calendar
        ) - WorkdayOrdinal(Value(a, DateField()), Value(back, IntegerField()), calendar)
    values = row.values(**annotations).get()
    return [values[f"d{i}"] for i in range(len(pairs))]


def test_every_pair_of_days_around_the_holidays_matches_the_calendar():
    seed_from_package(range(2024, 2027))
    calendar = get_calendar()
    assert calendar.ordinal_steps()  # the seeded holidays and make-up days
    days = [date(2024, 9, 25) + timedelta(days=7 * i + i % 5) for i in range(0, 110, 3)]
    days += [date(2025, 10, d) for d in range(1, 12)] + [date(2026, 2, 14), date(2023, 12, 31)]
    pairs = [(a, b) for a in days[::2] for b in days[1::2]][:400]
    for start in range(0, len(pairs), 50):
        chunk = pairs[start : start + 50]
        assert sql_between(calendar, chunk) == [calendar.workdays_between(a, b) for a, b in chunk]
        assert sql_between(calendar, chunk, back=1) == [
            calendar.workdays_between(a - timedelta(days=1), b) for a, b in chunk
        ]


def test_a_calendar_without_exceptions_is_monday_to_friday():
    calendar = WorkCalendar({})
    pairs = [(date(2026, 12, 4), date(2026, 12, 7)), (date(2026, 12, 7), date(2026, 12, 4))]
    assert sql_between(calendar, pairs) == [1, -1]
