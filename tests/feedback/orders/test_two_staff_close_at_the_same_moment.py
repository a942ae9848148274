"""Two staff close the same order at the same moment: exactly one wins, every round.

Runs on PostgreSQL, where the two threads' transactions really overlap and the conditional
UPDATE decides. SQLite serialises writers on a database lock, so the race cannot happen.
"""

from functools import partial

import pytest

from onewindow.feedback.constants import WorkOrderKind, WorkOrderSource, WorkOrderStatus
from onewindow.feedback.models import WorkOrder
from onewindow.feedback.orders import services
from tests.accounts.factories import DepartmentFactory
from tests.concurrency import race, skip_unless_postgresql
from tests.feedback.factories import supervisor, unit_staff

ROUNDS = 30


@pytest.mark.django_db(transaction=True)
def test_exactly_one_of_two_simultaneous_closes_succeeds():
    skip_unless_postgresql()
    department = DepartmentFactory()
    boss = supervisor()
    staff = [unit_staff(department), boss]

    for round_number in range(ROUNDS):
        order = services.open_work_order(
            source=WorkOrderSource.HOTLINE,
            kind=WorkOrderKind.ENQUIRY,
            subject="咨询",
            content="内容",
            department=department,
            actor=boss,
        )
        services.start(order, staff[0])
        services.reply(order, "已答复", staff[0])
        outcomes, unexpected = race(
            [partial(services.close, order.pk, user) for user in staff], won="closed"
        )
        assert unexpected == [], f"round {round_number}: {unexpected!r}"
        assert sorted(outcomes) == ["closed", "conflict"], f"round {round_number}"
        stored = WorkOrder.objects.get(pk=order.pk)
        assert stored.status == WorkOrderStatus.CLOSED
        assert stored.events.filter(action="close").count() == 1
