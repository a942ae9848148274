"""Two clerks accept the same case at the same moment: exactly one wins, every round.

Runs on PostgreSQL, where the two threads' transactions really overlap (each thread has its
own connection) and the conditional UPDATE is what decides. SQLite serialises writers on a
database lock, so the race this guards against cannot happen there.
"""

import threading

import pytest
from django.db import close_old_connections, connection

from onewindow.cases import services
from onewindow.cases.constants import CaseStatus
from onewindow.cases.models import Case, CaseEvent
from onewindow.core.errors import Conflict
from tests.cases.factories import clerk, item, submitted_case

ROUNDS = 100


@pytest.mark.django_db(transaction=True)
def test_exactly_one_of_two_simultaneous_acceptances_succeeds():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises the two writers")
    the_item = item()
    clerks = [clerk(), clerk()]

    for round_number in range(ROUNDS):
        case = submitted_case(the_item)
        barrier = threading.Barrier(2)
        outcomes: list[str] = []
        unexpected: list[BaseException] = []
        lock = threading.Lock()

        def work(
            user, pk=case.pk, barrier=barrier, outcomes=outcomes, unexpected=unexpected, lock=lock
        ):
            try:
                barrier.wait()
                services.accept(user, pk)
                result = "accepted"
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

        threads = [threading.Thread(target=work, args=(user,)) for user in clerks]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert unexpected == [], f"round {round_number}: {unexpected!r}"
        assert sorted(outcomes) == ["accepted", "conflict"], f"round {round_number}"
        stored = Case.objects.get(pk=case.pk)
        assert stored.status == CaseStatus.ACCEPTED
        assert stored.statutory_clock_id is not None
        assert CaseEvent.objects.filter(case=case, action="accept").count() == 1
