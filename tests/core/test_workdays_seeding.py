"""Seeding from chinesecalendar: exceptions only, idempotent, manual rows kept."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from onewindow.accounts.constants import Role
from onewindow.core.audit.models import AuditEvent
from onewindow.core.workdays import services
from onewindow.core.workdays.models import CalendarDay, CalendarYear
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(
            CalendarDay.objects.values_list(
                "date", "is_workday", "kind", "name", "source", "updated_at"
            )
        ),
        list(CalendarYear.objects.values_list("year", "source", "seeded_at", "note")),
    )


def test_2026_holds_19_weekday_holidays_and_6_makeup_days():
    services.seed_from_package([2026])
    rows = CalendarDay.objects.filter(date__year=2026)
    assert rows.filter(kind="holiday", is_workday=False).count() == 19
    makeup = rows.filter(kind="makeup_workday", is_workday=True)
    assert sorted(makeup.values_list("date", flat=True)) == [
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    ]
    names = dict(rows.values_list("date", "name"))
    assert names[date(2026, 2, 16)] == "春节"
    assert names[date(2026, 2, 14)] == "春节"
    assert names[date(2026, 4, 6)] == "清明节"
    assert names[date(2026, 6, 19)] == "端午节"
    assert names[date(2026, 9, 25)] == "中秋节"
    assert names[date(2026, 10, 10)] == "国庆节"
    # A holiday on a Sunday needs no row: Sundays are rest days anyway.
    assert not rows.filter(date=date(2026, 2, 15)).exists()
    assert CalendarYear.objects.get(year=2026).source == "package"


def test_the_2015_victory_day_has_its_chinese_name():
    services.seed_from_package([2015])
    assert CalendarDay.objects.get(date=date(2015, 9, 3)).name == "抗战胜利纪念日"


def test_seeding_twice_changes_nothing():
    first = services.seed_from_package(range(2024, 2027))
    assert first.changed
    before = snapshot()
    events = AuditEvent.objects.count()
    second = services.seed_from_package(range(2024, 2027))
    assert not second.changed
    assert snapshot() == before
    assert AuditEvent.objects.count() == events


def test_manual_rows_survive_and_stale_package_rows_go():
    services.seed_from_package([2026])
    admin = UserFactory(role=Role.SYSTEM_ADMIN)
    services.set_day(admin, date(2026, 10, 10), False, "人工调整")
    CalendarDay.objects.create(
        date=date(2026, 3, 3), is_workday=False, kind="holiday", name="旧数据", source="package"
    )
    result = services.seed_from_package([2026])
    assert result.changes[2026]["deleted"] == 1
    assert not CalendarDay.objects.filter(date=date(2026, 3, 3)).exists()
    kept = CalendarDay.objects.get(date=date(2026, 10, 10))
    assert (kept.is_workday, kept.source, kept.name) == (False, "manual", "人工调整")


def test_years_outside_the_package_are_skipped():
    result = services.seed_from_package([2003, 2026, 2030])
    assert result.skipped == [2003, 2030]
    assert list(CalendarYear.objects.values_list("year", flat=True)) == [2026]


def test_the_command_reports_skipped_years_and_is_idempotent():
    out = StringIO()
    call_command("seed_calendar", "--from", "2025", "--to", "2027", stdout=out)
    text = out.getvalue()
    assert "2025年：新增" in text and "2026年：新增" in text
    assert "2027年" in text and "已跳过" in text
    assert set(CalendarYear.objects.values_list("year", flat=True)) == {2025, 2026}
    before = snapshot()
    out = StringIO()
    call_command("seed_calendar", "--from", "2025", "--to", "2027", stdout=out)
    assert out.getvalue().count("已是最新") == 2
    assert snapshot() == before


def test_seeding_by_a_user_needs_the_system_administrator():
    from onewindow.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.seed_from_package([2026], actor=UserFactory(clerk=True))
    assert not CalendarDay.objects.exists()
