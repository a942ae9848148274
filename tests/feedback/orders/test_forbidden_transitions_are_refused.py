"""Steps out of order, or by the wrong person, are refused and change nothing."""

from datetime import date

import pytest

from onewindow.core.errors import Conflict, InvalidInput, PermissionDenied
from onewindow.feedback.constants import CallbackResult, WorkOrderKind, WorkOrderSource
from onewindow.feedback.orders import services
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.feedback.factories import citizen, leader, supervisor, unit_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(calendar_2026, clock_at):
    clock_at(date(2026, 9, 30))
    department = DepartmentFactory()
    boss = supervisor()
    order = services.open_work_order(
        source=WorkOrderSource.COMPLAINT_CALL,
        kind=WorkOrderKind.COMPLAINT,
        subject="投诉",
        content="内容",
        actor=boss,
    )
    return {
        "department": department,
        "boss": boss,
        "handler": unit_staff(department),
        "order": order,
    }


def test_a_received_order_cannot_be_started_before_dispatch(world):
    with pytest.raises(Conflict):
        services.start(world["order"], world["handler"])


def test_only_a_supervisor_dispatches(world):
    with pytest.raises(PermissionDenied):
        services.dispatch(world["order"], world["department"], world["handler"])
    with pytest.raises(PermissionDenied):
        services.dispatch(world["order"], world["department"], leader())


def test_another_department_cannot_handle(world):
    order = services.dispatch(world["order"], world["department"], world["boss"])
    stranger = unit_staff(DepartmentFactory())
    with pytest.raises(PermissionDenied):
        services.start(order, stranger)
    with pytest.raises(PermissionDenied):
        services.start(order, citizen())


def test_closing_before_a_reply_and_rating_before_closing(world):
    order = services.dispatch(world["order"], world["department"], world["boss"])
    order = services.start(order, world["handler"])
    with pytest.raises(Conflict):
        services.close(order, world["handler"])
    with pytest.raises(Conflict):
        services.record_callback(order, CallbackResult.SATISFIED, "", world["handler"])
    with pytest.raises(Conflict):
        services.rate_handling(order, 5, world["boss"])
    with pytest.raises(InvalidInput):
        services.reply(order, "   ", world["handler"])
    assert order.events.count() == 3  # register, dispatch, start


def test_a_closed_order_is_rated_once_and_not_reopened(world):
    order = services.dispatch(world["order"], world["department"], world["boss"])
    services.start(order, world["handler"])
    services.reply(order, "已答复", world["handler"])
    order = services.close(order, world["handler"])
    with pytest.raises(Conflict):
        services.reply(order, "再答复", world["handler"])
    with pytest.raises(Conflict):
        services.return_order(order, "重办", world["boss"])
    services.rate_handling(order, 4, world["boss"])
    with pytest.raises(InvalidInput):
        services.rate_handling(order, 5, world["boss"])


def test_a_citizen_cannot_register_a_hotline_order(world):
    with pytest.raises(PermissionDenied):
        services.open_work_order(
            source=WorkOrderSource.HOTLINE,
            kind=WorkOrderKind.ENQUIRY,
            subject="咨询",
            content="内容",
            actor=citizen(),
        )
    with pytest.raises(InvalidInput):
        services.open_work_order(
            source=WorkOrderSource.BAD_RATING,
            kind=WorkOrderKind.REMEDY,
            subject="差评",
            content="内容",
            actor=UserFactory(clerk=True),
        )


def test_a_stale_page_gets_409_and_a_stranger_403(world, client):
    order = services.dispatch(world["order"], world["department"], world["boss"])
    client.force_login(world["handler"])
    response = client.post(f"/feedback/orders/{order.number}/close/", {"close-note": ""})
    assert response.status_code == 409
    client.force_login(world["boss"])
    response = client.post(f"/feedback/orders/{order.number}/start/")
    assert response.status_code == 403
    response = client.post(f"/feedback/orders/{order.number}/nonsense/")
    assert response.status_code == 404
