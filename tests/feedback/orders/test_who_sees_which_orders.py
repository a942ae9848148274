"""Supervisors and leaders see every order; department staff their department's (and what
they registered); a requester with an account their own; everyone else 404."""

from datetime import date

import pytest

from onewindow.feedback.constants import WorkOrderKind, WorkOrderSource
from onewindow.feedback.orders import selectors, services
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.feedback.factories import citizen, leader, supervisor, unit_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(calendar_2026, clock_at):
    clock_at(date(2026, 9, 28))
    ours, theirs = DepartmentFactory(), DepartmentFactory()
    boss, registrar, requester = supervisor(), UserFactory(clerk=True), citizen()

    def order(department, **kwargs):
        return services.open_work_order(
            source=WorkOrderSource.HOTLINE,
            kind=WorkOrderKind.COMPLAINT,
            subject="投诉",
            content="内容",
            department=department,
            actor=registrar,
            **kwargs,
        )

    return {
        "ours": order(ours, requester=requester),
        "theirs": order(theirs),
        "our_staff": unit_staff(ours),
        "their_staff": unit_staff(theirs, role="clerk"),
        "boss": boss,
        "registrar": registrar,
        "requester": requester,
    }


def _numbers(user):
    return set(selectors.visible_orders(user).values_list("number", flat=True))


def test_scopes(world):
    ours, theirs = world["ours"].number, world["theirs"].number
    assert _numbers(world["boss"]) == {ours, theirs}
    assert _numbers(leader()) == {ours, theirs}
    assert _numbers(world["our_staff"]) == {ours}
    assert _numbers(world["their_staff"]) == {theirs}
    assert _numbers(world["registrar"]) == {ours, theirs}  # the clerk registered both
    assert _numbers(world["requester"]) == {ours}
    assert _numbers(citizen()) == set()


def test_another_departments_order_is_404(world, client):
    client.force_login(world["our_staff"])
    assert client.get(f"/feedback/orders/{world['theirs'].number}/").status_code == 404
    response = client.post(f"/feedback/orders/{world['theirs'].number}/start/")
    assert response.status_code == 404
    assert client.get(f"/feedback/orders/{world['ours'].number}/").status_code == 200
    page = client.get("/feedback/orders/").content.decode()
    assert world["ours"].number in page and world["theirs"].number not in page


def test_the_requester_sees_their_order_without_staff_actions(world, client):
    client.force_login(world["requester"])
    page = client.get(f"/feedback/orders/{world['ours'].number}/").content.decode()
    assert 'data-testid="no-actions"' in page
    assert client.get(f"/feedback/orders/{world['theirs'].number}/").status_code == 404


def test_the_list_tabs_and_filters(world, client):
    client.force_login(world["boss"])
    page = client.get("/feedback/orders/?tab=all").content.decode()
    assert world["ours"].number in page and world["theirs"].number in page
    page = client.get(f"/feedback/orders/?tab=all&department={world['ours'].department_id}")
    text = page.content.decode()
    assert world["ours"].number in text and world["theirs"].number not in text
    page = client.get("/feedback/orders/?tab=source&source=petition").content.decode()
    assert world["ours"].number not in page
    assert "12345热线" in page
    page = client.get("/feedback/orders/?tab=overdue&status=nonsense&page=999").content.decode()
    assert world["ours"].number not in page  # 13 working days: not yet warned
    assert client.get("/feedback/orders/appeals/").status_code == 200


def test_the_overdue_tab_lists_late_orders(world, client, clock_at):
    clock_at(date(2026, 10, 20))
    client.force_login(world["our_staff"])
    page = client.get("/feedback/orders/?tab=overdue").content.decode()
    assert world["ours"].number in page


def test_strangers_are_sent_to_log_in_and_cannot_reach_the_staff_pages(world, client):
    assert client.get("/feedback/orders/").status_code == 302
    assert client.get(f"/feedback/orders/{world['ours'].number}/").status_code == 302
    client.force_login(world["requester"])
    assert client.get("/feedback/orders/new/").status_code == 403
    assert client.get("/feedback/orders/appeals/").status_code == 403
