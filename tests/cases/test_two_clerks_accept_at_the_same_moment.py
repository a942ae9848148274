"""Two clerks accept the same case at the same moment: exactly one wins, every round.

Runs on PostgreSQL, where the two threads' transactions really overlap (each thread has its
own connection) and the conditional UPDATE is what decides. SQLite serialises writers on a
database lock, so the race this guards against cannot happen there.
"""

from functools import partial

import pytest

from onewindow.cases import services
from onewindow.cases.constants import CaseStatus
from onewindow.cases.models import Case, CaseEvent
from tests.cases.factories import clerk, item, submitted_case
from tests.concurrency import race, skip_unless_postgresql

ROUNDS = 100


@pytest.mark.django_db(transaction=True)
def test_exactly_one_of_two_simultaneous_acceptances_succeeds():
    skip_unless_postgresql()
    the_item = item()
    clerks = [clerk(), clerk()]

    for round_number in range(ROUNDS):
        case = submitted_case(the_item)
        outcomes, unexpected = race(
            [partial(services.accept, user, case.pk) for user in clerks], won="accepted"
        )
        assert unexpected == [], f"round {round_number}: {unexpected!r}"
        assert sorted(outcomes) == ["accepted", "conflict"], f"round {round_number}"
        stored = Case.objects.get(pk=case.pk)
        assert stored.status == CaseStatus.ACCEPTED
        assert stored.statutory_clock_id is not None
        assert CaseEvent.objects.filter(case=case, action="accept").count() == 1
