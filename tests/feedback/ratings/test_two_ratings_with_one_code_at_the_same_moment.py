"""Two phones submit the same code at the same moment: exactly one rating, every round.

Runs on PostgreSQL, where the two threads' transactions really overlap (each thread has its
own connection) and the conditional UPDATE (used_at IS NULL) decides. SQLite serialises
writers on a database lock, so the race cannot happen there.
"""

import threading

import pytest
from django.db import close_old_connections, connection

from onewindow.core.errors import Conflict
from onewindow.feedback.models import Rating
from onewindow.feedback.ratings import services, visits
from tests.accounts.factories import UserFactory
from tests.cases.factories import submitted_case

from .conftest import make_window, on_duty

ROUNDS = 30


@pytest.mark.django_db(transaction=True)
def test_exactly_one_of_two_simultaneous_ratings_succeeds():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises the two writers")
    window = make_window()
    clerk = on_duty(UserFactory(clerk=True), window)
    case = submitted_case()

    for round_number in range(ROUNDS):
        token, signed = visits.start_visit(clerk, window, case.number)
        barrier = threading.Barrier(2)
        outcomes: list[str] = []
        unexpected: list[BaseException] = []
        lock = threading.Lock()

        def work(
            level,
            signed=signed,
            barrier=barrier,
            outcomes=outcomes,
            unexpected=unexpected,
            lock=lock,
        ):
            try:
                barrier.wait()
                services.submit_rating(signed, level=level, scores={}, comment="")
                result = "rated"
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

        threads = [threading.Thread(target=work, args=(level,)) for level in (5, 4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert unexpected == [], f"round {round_number}: {unexpected!r}"
        assert sorted(outcomes) == ["conflict", "rated"], f"round {round_number}"
        assert Rating.objects.filter(token=token).count() == 1
