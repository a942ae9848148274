"""Working-day arithmetic follows the State Council's calendar, and Mon–Fri where it has none."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onewindow.core.workdays import calendar as workdays
from onewindow.core.workdays.calendar import WorkCalendar, get_calendar
from onewindow.core.workdays.services import seed_from_package

pytestmark = pytest.mark.django_db

NO_DB = settings(max_examples=300, deadline=None, database=None)
days_2024_2026 = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31))


@pytest.fixture
def seeded():
    seed_from_package(range(2024, 2027))
    return get_calendar()


def brute_count(calendar, a, b):
    """Working days in (a, b], one day at a time (independent of workdays_between)."""
    n, d = 0, a
    while d < b:
        d += timedelta(days=1)
        n += calendar.is_workday(d)
    return n


def test_spring_festival_2026_holidays_and_makeup_days(seeded):
    for day in range(15, 24):
        assert not seeded.is_workday(date(2026, 2, day)), day
    # The make-up Saturdays around the festival are working days.
    assert seeded.is_workday(date(2026, 2, 14))
    assert seeded.is_workday(date(2026, 2, 28))
    assert seeded.is_workday(date(2026, 2, 24))
    assert not seeded.is_workday(date(2026, 3, 1))  # an ordinary Sunday


def test_spring_festival_2026_due_dates(seeded):
    # Thu 02-12 + 5: Fri 13, Sat 14 (make-up), Tue 24, Wed 25, Thu 26.
    assert seeded.add_workdays(date(2026, 2, 12), 5) == date(2026, 2, 26)
    # Fri 02-13 + 10: 14, 24, 25, 26, 27, Sat 28 (make-up), Mar 2, 3, 4, 5.
    assert seeded.add_workdays(date(2026, 2, 13), 10) == date(2026, 3, 5)
    # February 2026: 20 weekdays, 6 of them holidays, plus 2 make-up Saturdays.
    assert seeded.workdays_between(date(2026, 1, 31), date(2026, 2, 28)) == 16


def test_national_day_2026_due_dates(seeded):
    for day in range(1, 8):
        assert not seeded.is_workday(date(2026, 10, day)), day
    assert seeded.is_workday(date(2026, 9, 20))  # Sunday, make-up
    assert seeded.is_workday(date(2026, 10, 10))  # Saturday, make-up
    assert not seeded.is_workday(date(2026, 9, 25))  # Mid-Autumn, a Friday
    # Accepted Wed 09-30, 5 days from the next day: Oct 8, 9, 10 (Sat), 12, 13.
    assert seeded.add_workdays(date(2026, 9, 30), 5) == date(2026, 10, 13)
    # Accepted Fri 09-18, 3 days: Sun 20 (make-up), Mon 21, Tue 22.
    assert seeded.add_workdays(date(2026, 9, 18), 3) == date(2026, 9, 22)
    # Accepted Thu 09-24, 2 days: Fri 25 is Mid-Autumn, so Mon 28, Tue 29.
    assert seeded.add_workdays(date(2026, 9, 24), 2) == date(2026, 9, 29)
    assert seeded.next_workday(date(2026, 9, 30)) == date(2026, 10, 8)


def test_between_is_half_open_and_antisymmetric(seeded):
    a, b = date(2026, 9, 30), date(2026, 10, 13)
    assert seeded.workdays_between(a, b) == 5
    assert seeded.workdays_between(b, a) == -5
    assert seeded.workdays_between(a, a) == 0
    # (Fri, Sat] holds no working day; (Thu, Fri] holds one.
    assert seeded.workdays_between(date(2026, 11, 27), date(2026, 11, 28)) == 0
    assert seeded.workdays_between(date(2026, 11, 26), date(2026, 11, 27)) == 1


def test_module_functions_use_the_table(seeded):
    assert workdays.add_workdays(date(2026, 9, 30), 5) == date(2026, 10, 13)
    assert workdays.workdays_between(date(2026, 9, 30), date(2026, 10, 13)) == 5
    assert workdays.is_workday(date(2026, 10, 10))
    assert workdays.next_workday(date(2026, 10, 7)) == date(2026, 10, 8)
    assert workdays.year_is_verified(2026)
    assert workdays.unverified_years_in(date(2026, 12, 1), date(2027, 2, 1)) == [2027]


def test_add_and_between_agree_on_random_dates(seeded):
    @NO_DB
    @given(start=days_2024_2026, n=st.integers(min_value=0, max_value=200))
    def check(start, n):
        due = seeded.add_workdays(start, n)
        assert seeded.workdays_between(start, due) == n
        assert brute_count(seeded, start, due) == n
        if n > 0:
            assert seeded.is_workday(due)
            # No working day is skipped: the day before the due date is still short of n.
            assert seeded.workdays_between(start, due - timedelta(days=1)) == n - 1
        else:
            assert due == start

    check()


def test_between_matches_a_day_by_day_count(seeded):
    @NO_DB
    @given(a=days_2024_2026, b=days_2024_2026)
    def check(a, b):
        expected = brute_count(seeded, a, b) if a <= b else -brute_count(seeded, b, a)
        assert seeded.workdays_between(a, b) == expected

    check()


def test_years_without_a_calendar_fall_back_to_monday_to_friday(seeded):
    assert not seeded.year_is_verified(2030)
    assert seeded.unverified_years_in(date(2029, 12, 1), date(2031, 1, 5)) == [2029, 2030, 2031]

    @NO_DB
    @given(
        start=st.dates(min_value=date(2030, 1, 1), max_value=date(2030, 10, 31)),
        n=st.integers(min_value=0, max_value=40),
    )
    def check(start, n):
        d, left = start, n
        while left:
            d += timedelta(days=1)
            left -= d.weekday() < 5
        assert seeded.add_workdays(start, n) == d
        assert seeded.is_workday(start) == (start.weekday() < 5)

    check()


def test_an_empty_table_is_monday_to_friday_and_unverified():
    calendar = get_calendar()
    # 2026-01-01 (Thursday) is a working day without the table, and 2026 is unverified.
    assert calendar.is_workday(date(2026, 1, 1))
    assert not calendar.year_is_verified(2026)
    assert calendar.add_workdays(date(2026, 9, 30), 5) == date(2026, 10, 7)


def test_a_thousand_working_days_need_no_database_query(seeded, django_assert_num_queries):
    calendar = get_calendar()
    with django_assert_num_queries(0):
        due = calendar.add_workdays(date(2024, 1, 2), 1000)
        assert calendar.workdays_between(date(2024, 1, 2), due) == 1000
        # The module-level functions reuse the cached calendar too.
        assert workdays.add_workdays(date(2024, 1, 2), 1000) == due


def test_the_calendar_survives_the_cache_round_trip(seeded):
    restored = WorkCalendar.from_data(seeded.to_data())
    assert restored.add_workdays(date(2026, 9, 30), 5) == date(2026, 10, 13)
    assert restored.verified_years == frozenset({2024, 2025, 2026})


def test_negative_counts_are_refused(seeded):
    with pytest.raises(ValueError):
        seeded.add_workdays(date(2026, 1, 1), -1)
