"""Each kind of order gets its limit from settings.FEEDBACK_WORK_ORDER_LIMITS: urgent in
hours, the others in working days on the calendar (National Day 2026 and the 10-10
working Saturday counted as the State Council arranged them)."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from onewindow.feedback.constants import WorkOrderKind, WorkOrderSource
from onewindow.feedback.orders import services
from tests.accounts.factories import DepartmentFactory
from tests.feedback.factories import RatingFactory, supervisor

pytestmark = pytest.mark.django_db


def _order(kind, actor=None):
    return services.open_work_order(
        source=WorkOrderSource.HOTLINE,
        kind=kind,
        subject="窗口排队时间过长",
        content="上午在不动产窗口排队两个小时。",
        department=DepartmentFactory(),
        actor=actor or supervisor(),
    )


@pytest.mark.parametrize(
    ("kind", "limit", "due"),
    [
        # Received Wed 09-30; 10-01..10-07 are the holiday; 10-10 (Sat) is a working day.
        (WorkOrderKind.ENQUIRY, 3, date(2026, 10, 10)),
        (WorkOrderKind.REQUEST, 5, date(2026, 10, 13)),
        (WorkOrderKind.COMPLAINT, 13, date(2026, 10, 23)),
        (WorkOrderKind.SUGGESTION, 13, date(2026, 10, 23)),
    ],
)
def test_working_day_limits_cross_national_day(calendar_2026, clock_at, kind, limit, due):
    clock_at(date(2026, 9, 30))
    order = _order(kind)
    assert order.clock.limit_days == limit
    assert order.clock.due_date == due
    assert timezone.localtime(order.due_at).date() == due


def test_an_urgent_order_has_two_hours(calendar_2026, clock_at):
    moment = clock_at(date(2026, 9, 30), hour=16, minute=30)
    order = _order(WorkOrderKind.URGENT)
    assert order.clock is None
    assert order.due_at == moment + timedelta(hours=2)


def test_an_urgent_order_on_a_holiday_still_has_two_hours(calendar_2026, clock_at):
    moment = clock_at(date(2026, 10, 3), hour=9)
    order = _order(WorkOrderKind.URGENT)
    assert order.due_at == moment + timedelta(hours=2)


def test_a_remedy_has_five_working_days(calendar_2026, clock_at):
    clock_at(date(2026, 9, 30))
    order = services.open_remedy_order(RatingFactory(bad=True))
    assert order.clock.limit_days == 5
    assert order.clock.due_date == date(2026, 10, 13)


def test_limits_come_from_the_settings(calendar_2026, clock_at, settings):
    settings.FEEDBACK_WORK_ORDER_LIMITS = {
        **settings.FEEDBACK_WORK_ORDER_LIMITS,
        "urgent": ("hours", 4),
        "enquiry": ("workdays", 1),
    }
    settings.FEEDBACK_REMEDY_WORKDAYS = 7
    moment = clock_at(date(2026, 9, 30))
    assert _order(WorkOrderKind.URGENT).due_at == moment + timedelta(hours=4)
    assert _order(WorkOrderKind.ENQUIRY).clock.due_date == date(2026, 10, 8)
    remedy = services.open_remedy_order(RatingFactory(bad=True))
    assert remedy.clock.due_date == date(2026, 10, 15)  # 8, 9, 10, 12, 13, 14, 15


def test_numbers_are_gd_date_and_five_digits(calendar_2026, clock_at):
    clock_at(date(2026, 9, 30))
    first, second = _order(WorkOrderKind.ENQUIRY), _order(WorkOrderKind.ENQUIRY)
    assert first.number == "GD2026093000001"
    assert second.number == "GD2026093000002"
    assert isinstance(first.received_at, datetime)
