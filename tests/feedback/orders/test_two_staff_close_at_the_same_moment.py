"""Two staff close the same order at the same moment: exactly one wins, every round.

Runs on PostgreSQL, where the two threads' transactions really overlap and the conditional
UPDATE decides. SQLite serialises writers on a database lock, so the race cannot happen.
"""

import threading

import pytest
from django.db import close_old_connections, connection

from onewindow.core.errors import Conflict
from onewindow.feedback.constants import WorkOrderKind, WorkOrderSource, WorkOrderStatus
from onewindow.feedback.models import WorkOrder
from onewindow.feedback.orders import services
from tests.accounts.factories import DepartmentFactory
from tests.feedback.factories import supervisor, unit_staff

ROUNDS = 30


@pytest.mark.django_db(transaction=True)
def test_exactly_one_of_two_simultaneous_closes_succeeds():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises the two writers")
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
        barrier = threading.Barrier(2)
        outcomes, unexpected, lock = [], [], threading.Lock()

        def work(
            user, pk=order.pk, barrier=barrier, outcomes=outcomes, unexpected=unexpected, lock=lock
        ):
            try:
                barrier.wait()
                services.close(pk, user)
                result = "closed"
            except Conflict:
                result = "conflict"
            except BaseException as exc:  # reported to the main thread below
                with lock:
                    unexpected.append(exc)
                return
            finally:
                close_old_connections()
                connection.close()
            with lock:
                outcomes.append(result)

        threads = [threading.Thread(target=work, args=(user,)) for user in staff]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert unexpected == [], f"round {round_number}: {unexpected!r}"
        assert sorted(outcomes) == ["closed", "conflict"], f"round {round_number}"
        stored = WorkOrder.objects.get(pk=order.pk)
        assert stored.status == WorkOrderStatus.CLOSED
        assert stored.events.filter(action="close").count() == 1
