"""Two phones submit the same code at the same moment: exactly one rating, every round.

Runs on PostgreSQL, where the two threads' transactions really overlap (each thread has its
own connection) and the conditional UPDATE (used_at IS NULL) decides. SQLite serialises
writers on a database lock, so the race cannot happen there.
"""

from functools import partial

import pytest

from onewindow.feedback.models import Rating
from onewindow.feedback.ratings import services, visits
from tests.accounts.factories import UserFactory
from tests.cases.factories import submitted_case
from tests.concurrency import race, skip_unless_postgresql

from .conftest import make_window, on_duty

ROUNDS = 30


@pytest.mark.django_db(transaction=True)
def test_exactly_one_of_two_simultaneous_ratings_succeeds():
    skip_unless_postgresql()
    window = make_window()
    clerk = on_duty(UserFactory(clerk=True), window)
    case = submitted_case()

    for round_number in range(ROUNDS):
        token, signed = visits.start_visit(clerk, window, case.number)
        submit = partial(services.submit_rating, signed, scores={}, comment="")
        outcomes, unexpected = race([partial(submit, level=level) for level in (5, 4)], won="rated")
        assert unexpected == [], f"round {round_number}: {unexpected!r}"
        assert sorted(outcomes) == ["conflict", "rated"], f"round {round_number}"
        assert Rating.objects.filter(token=token).count() == 1
