"""The daily scan: reminder in the warning period, warning once overdue, escalation when
long overdue; each raised once, with notifications; paused orders are left alone."""

from datetime import date, timedelta

import pytest

from onewindow.feedback.constants import EscalationLevel, WorkOrderKind, WorkOrderSource
from onewindow.feedback.orders import services
from onewindow.feedback.orders.tasks import work_order_scan
from tests.accounts.factories import DepartmentFactory
from tests.feedback.factories import RatingFactory, leader, supervisor, unit_staff

pytestmark = pytest.mark.django_db


def _enquiry(department, boss):
    return services.open_work_order(
        source=WorkOrderSource.HOTLINE,
        kind=WorkOrderKind.ENQUIRY,
        subject="咨询",
        content="内容",
        department=department,
        actor=boss,
    )


def test_reminder_then_warning_then_escalation_each_once(
    calendar_2026, clock_at, outbox, committed
):
    clock_at(date(2026, 9, 28))  # enquiry: 3 working days -> due 10-08 (after National Day)
    department = DepartmentFactory()
    handler, boss, chief = unit_staff(department), supervisor(), leader()
    order = _enquiry(department, boss)
    assert order.clock.due_date == date(2026, 10, 8)

    clock_at(date(2026, 9, 29))  # yellow (2 working days left), no reminder yet
    assert committed(services.scan_overdue) == {"reminder": 0, "warning": 0, "escalated": 0}

    clock_at(date(2026, 9, 30))  # 1 working day left (10-08): red, the reminder
    assert committed(services.scan_overdue)["reminder"] == 1
    assert committed(services.scan_overdue)["reminder"] == 0  # once
    reminders = outbox("feedback.order.escalation_1")
    assert [m["recipient"]["user_id"] for m in reminders] == [handler.pk]

    clock_at(date(2026, 10, 9))  # the day after the due date
    assert committed(services.scan_overdue)["warning"] == 1
    warned = {m["recipient"]["user_id"] for m in outbox("feedback.order.escalation_2")}
    assert warned == {handler.pk, boss.pk}

    clock_at(date(2026, 10, 10))  # a working Saturday: 2 working days late
    assert committed(services.scan_overdue)["escalated"] == 1
    assert committed(services.scan_overdue) == {"reminder": 0, "warning": 0, "escalated": 0}
    escalated = {m["recipient"]["user_id"] for m in outbox("feedback.order.escalation_3")}
    assert escalated == {handler.pk, boss.pk, chief.pk}

    order.refresh_from_db()
    assert order.escalation == EscalationLevel.ESCALATED
    assert order.events.filter(action="escalate").count() == 3


def test_an_order_found_late_gets_only_the_level_it_has_reached(calendar_2026, clock_at):
    clock_at(date(2026, 9, 28))
    order = _enquiry(DepartmentFactory(), supervisor())
    clock_at(date(2026, 10, 12))
    assert services.scan_overdue() == {"reminder": 0, "warning": 0, "escalated": 1}
    assert order.events.filter(action="escalate").count() == 1


def test_urgent_orders_count_in_hours(calendar_2026, clock_at):
    clock_at(date(2026, 10, 3), hour=9)
    order = services.open_work_order(
        source=WorkOrderSource.HOTLINE,
        kind=WorkOrderKind.URGENT,
        subject="大厅电梯困人",
        content="请立即处理",
        department=DepartmentFactory(),
        actor=supervisor(),
    )
    clock_at(date(2026, 10, 3), hour=10, minute=1)  # yellow: the list shows it, no reminder
    assert services.scan_overdue()["reminder"] == 0
    clock_at(date(2026, 10, 3), hour=10, minute=31)  # the last quarter
    assert services.scan_overdue()["reminder"] == 1
    clock_at(date(2026, 10, 3), hour=11, minute=30)
    assert services.scan_overdue()["warning"] == 1
    clock_at(date(2026, 10, 3), hour=13, minute=30)
    assert services.scan_overdue()["escalated"] == 1
    order.refresh_from_db()
    assert order.due_at - order.received_at == timedelta(hours=2)


def test_replied_and_appealed_orders_are_not_chased(calendar_2026, clock_at):
    clock_at(date(2026, 9, 28))
    department = DepartmentFactory()
    handler, boss = unit_staff(department), supervisor()
    replied = _enquiry(department, boss)
    services.start(replied, handler)
    services.reply(replied, "已答复", handler)
    remedy = services.open_remedy_order(RatingFactory(bad=True, department=department))
    services.appeal_rating(remedy, "评价人未办理任何业务，属误评", handler)
    clock_at(date(2026, 10, 20))
    assert services.scan_overdue() == {"reminder": 0, "warning": 0, "escalated": 0}


def test_the_celery_task_runs_the_scan_for_a_day(calendar_2026, clock_at):
    clock_at(date(2026, 9, 28))
    _enquiry(DepartmentFactory(), supervisor())
    assert work_order_scan.delay("2026-10-09").get() == {
        "reminder": 0,
        "warning": 1,
        "escalated": 0,
    }
