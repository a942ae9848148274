"""A bad rating opens a remedy order for the rated department at once, with its
5-working-day clock; a remedy of a real-name rating cannot close without a callback."""

from datetime import date

import pytest

from onewindow.core.audit.models import AuditEvent
from onewindow.core.errors import InvalidInput
from onewindow.feedback.constants import (
    CallbackResult,
    WorkOrderKind,
    WorkOrderSource,
    WorkOrderStatus,
)
from onewindow.feedback.models import WorkOrder
from onewindow.feedback.orders import services
from tests.accounts.factories import DepartmentFactory
from tests.feedback.factories import RatingFactory, unit_staff

pytestmark = pytest.mark.django_db


def _replied_remedy(handler, rating):
    order = services.open_remedy_order(rating)
    services.start(order, handler)
    return services.reply(
        order, "已约谈窗口人员并致歉", handler, verification="经调取监控，情况属实"
    )


def test_the_remedy_order_goes_to_the_department_at_once(
    calendar_2026, clock_at, outbox, committed
):
    clock_at(date(2026, 9, 30))
    department = DepartmentFactory()
    approver = unit_staff(department)
    clerk = unit_staff(department, role="clerk")
    rating = RatingFactory(bad=True, real_name=True, department=department)

    order = committed(services.open_remedy_order, rating)

    assert order.source == WorkOrderSource.BAD_RATING
    assert order.kind == WorkOrderKind.REMEDY
    assert order.status == WorkOrderStatus.DISPATCHED
    assert order.department == department
    assert order.rating == rating
    assert order.is_real_name is True
    assert order.requester == rating.rater
    assert order.clock.limit_days == 5
    assert order.clock.due_date == date(2026, 10, 13)
    told = {m["recipient"]["user_id"] for m in outbox("feedback.order.dispatched")}
    assert told == {approver.pk, clerk.pk}
    # Asked again (a retried hook): the same order, not a second one.
    assert services.open_remedy_order(rating) == order
    assert WorkOrder.objects.count() == 1


def test_the_department_from_the_window_when_the_rating_names_none(calendar_2026, clock_at):
    from onewindow.org.models import ServiceSite, Window

    clock_at(date(2026, 9, 30))
    department = DepartmentFactory()
    site = ServiceSite.objects.create(code="HALL-T", name="政务服务大厅", kind="service_hall")
    window = Window.objects.create(
        site=site, number="A01", name="综合受理", kind="general", department=department
    )
    order = services.open_remedy_order(RatingFactory(bad=True, department=None, window=window))
    assert order.department == department


def test_a_good_rating_opens_nothing(calendar_2026, clock_at):
    clock_at(date(2026, 9, 30))
    with pytest.raises(InvalidInput):
        services.open_remedy_order(RatingFactory())
    assert WorkOrder.objects.count() == 0


def test_closing_a_real_name_remedy_without_a_callback_is_refused(calendar_2026, clock_at):
    clock_at(date(2026, 9, 30))
    department = DepartmentFactory()
    handler = unit_staff(department)
    order = _replied_remedy(handler, RatingFactory(bad=True, real_name=True, department=department))
    events, audits = order.events.count(), AuditEvent.objects.count()

    with pytest.raises(InvalidInput) as refused:
        services.close(order, handler)

    assert "回访" in refused.value.message
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.REPLIED
    assert order.closed_at is None
    assert order.events.count() == events
    assert AuditEvent.objects.count() == audits
    assert order.clock.stopped_on is None

    services.record_callback(order, CallbackResult.BASICALLY_SATISFIED, "已电话回访", handler)
    assert services.close(order, handler).status == WorkOrderStatus.CLOSED


def test_the_page_shows_the_refusal_and_saves_nothing(calendar_2026, clock_at, client):
    clock_at(date(2026, 9, 30))
    department = DepartmentFactory()
    handler = unit_staff(department)
    order = _replied_remedy(handler, RatingFactory(bad=True, real_name=True, department=department))
    client.force_login(handler)

    response = client.post(f"/feedback/orders/{order.number}/close/", {"close-note": "已整改"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "实名差评须先回访评价人并登记回访记录，才能办结整改工单" in page
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.REPLIED


def test_an_anonymous_bad_rating_closes_without_a_callback(calendar_2026, clock_at):
    clock_at(date(2026, 9, 30))
    department = DepartmentFactory()
    handler = unit_staff(department)
    order = _replied_remedy(handler, RatingFactory(bad=True, department=department))
    assert services.close(order, handler).status == WorkOrderStatus.CLOSED


def test_a_remedy_reply_needs_the_verification(calendar_2026, clock_at):
    clock_at(date(2026, 9, 30))
    department = DepartmentFactory()
    handler = unit_staff(department)
    order = services.open_remedy_order(RatingFactory(bad=True, department=department))
    services.start(order, handler)
    with pytest.raises(InvalidInput) as refused:
        services.reply(order, "已整改", handler)
    assert refused.value.field == "verification"


def test_the_department_sees_the_remedy_with_its_clock(calendar_2026, clock_at, client):
    clock_at(date(2026, 9, 30))
    department = DepartmentFactory()
    handler = unit_staff(department)
    order = services.open_remedy_order(
        RatingFactory(bad=True, real_name=True, department=department)
    )
    client.force_login(handler)
    page = client.get("/feedback/orders/").content.decode()
    assert order.number in page
    assert "差评整改" in page
    assert "剩余 5 个工作日" in page
    detail = client.get(f"/feedback/orders/{order.number}/").content.decode()
    assert "2026-10-13" in detail
