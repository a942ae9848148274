"""The unit appeals a mistaken or malicious rating; a supervisor rules. Upheld: the rating
is marked upheld (left out of published figures) and the remedy ends. Rejected: the
remedy goes on with its clock."""

from datetime import date

import pytest

from onewindow.core.errors import InvalidInput, PermissionDenied
from onewindow.feedback.constants import AppealStatus, WorkOrderStatus
from onewindow.feedback.orders import services
from tests.accounts.factories import DepartmentFactory
from tests.feedback.factories import RatingFactory, leader, supervisor, unit_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def appealed(calendar_2026, clock_at):
    clock_at(date(2026, 9, 28))
    department = DepartmentFactory()
    handler, boss = unit_staff(department), supervisor()
    rating = RatingFactory(bad=True, real_name=True, department=department)
    order = services.open_remedy_order(rating)
    order = services.appeal_rating(order, "评价人当日未到本窗口办理业务，属误评", handler)
    return {"order": order, "rating": rating, "handler": handler, "boss": boss}


def test_appeal_pauses_the_remedy_and_waits_for_the_ruling(appealed):
    rating, order = appealed["rating"], appealed["order"]
    rating.refresh_from_db()
    assert rating.appeal_status == AppealStatus.PENDING
    assert rating.appeal_reason.startswith("评价人当日")
    order.clock.refresh_from_db()
    assert order.clock.paused_since is not None
    with pytest.raises(InvalidInput):
        services.appeal_rating(order, "再次申诉", appealed["handler"])
    services.start(order, appealed["handler"])
    with pytest.raises(InvalidInput):
        services.reply(order, "已整改", appealed["handler"], verification="核实")


def test_upheld_takes_the_rating_out_and_ends_the_remedy(appealed, clock_at):
    clock_at(date(2026, 9, 30))
    order = services.decide_appeal(appealed["order"], True, "经核实属误评", appealed["boss"])
    rating = appealed["rating"]
    rating.refresh_from_db()
    assert rating.appeal_status == AppealStatus.UPHELD
    assert rating.appeal_decided_by == appealed["boss"]
    assert rating.appeal_ruling == "经核实属误评"
    assert order.status == WorkOrderStatus.CANCELLED
    order.clock.refresh_from_db()
    assert order.clock.stopped_on == date(2026, 9, 30)


def test_rejected_lets_the_remedy_go_on(appealed, clock_at):
    clock_at(date(2026, 9, 30))
    order = services.decide_appeal(appealed["order"], False, "评价属实，继续整改", appealed["boss"])
    rating = appealed["rating"]
    rating.refresh_from_db()
    assert rating.appeal_status == AppealStatus.REJECTED
    assert order.status == WorkOrderStatus.DISPATCHED
    order.clock.refresh_from_db()
    assert order.clock.paused_since is None
    # 5 working days from 9-28 was 10-10 (the working Saturday); the two paused days
    # (9-29, 9-30) move it to 10-13.
    assert order.clock.due_date == date(2026, 10, 13)
    assert order.due_at.date() == date(2026, 10, 13)
    order = services.start(order, appealed["handler"])
    order = services.reply(order, "已整改", appealed["handler"], verification="情况属实")
    assert order.status == WorkOrderStatus.REPLIED


def test_only_a_supervisor_rules_and_a_ruling_is_needed(appealed):
    with pytest.raises(PermissionDenied):
        services.decide_appeal(appealed["order"], True, "同意", appealed["handler"])
    with pytest.raises(PermissionDenied):
        services.decide_appeal(appealed["order"], True, "同意", leader())
    with pytest.raises(InvalidInput) as refused:
        services.decide_appeal(appealed["order"], True, "  ", appealed["boss"])
    assert refused.value.field == "ruling"
    appealed["rating"].refresh_from_db()
    assert appealed["rating"].appeal_status == AppealStatus.PENDING


def test_the_queue_and_the_ruling_through_the_pages(appealed, client):
    client.force_login(appealed["boss"])
    number = appealed["order"].number
    assert number in client.get("/feedback/orders/appeals/").content.decode()
    response = client.post(
        f"/feedback/orders/{number}/uphold_appeal/", {"uphold_appeal-ruling": "属恶意差评"}
    )
    assert response.status_code == 302
    appealed["rating"].refresh_from_db()
    assert appealed["rating"].appeal_status == AppealStatus.UPHELD
    assert number not in client.get("/feedback/orders/appeals/").content.decode()
