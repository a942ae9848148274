"""回头看: a closed measure or problem is reopened with reasons, and closes again only
with new evidence."""

from datetime import date

import pytest

from onewindow.core.errors import InvalidInput, PermissionDenied
from onewindow.rectification.constants import (
    Escalation,
    LedgerAction,
    MeasureStatus,
    ProblemStatus,
)
from onewindow.rectification.ledger import services as ledger
from onewindow.rectification.models import LedgerEvent
from tests.rectification.factories import close, inspection_, measure_, problem_, progress


@pytest.fixture
def closed_problem(db, unit, leader):
    problem = problem_(inspection_(), number=16, title="关于国有资产管理存在不严谨的情况问题")
    measures = [measure_(problem, unit=unit), measure_(problem, unit=unit)]
    for m in measures:
        close(m, leader)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLOSED
    return problem, measures


def test_reopening_a_measure_needs_a_reason_and_reopens_its_problem(
    closed_problem, discipline, unit_clerk
):
    problem, (first, _second) = closed_problem
    with pytest.raises(InvalidInput, match="重新打开的理由"):
        ledger.reopen(first, "  ", discipline)
    with pytest.raises(PermissionDenied):
        ledger.reopen(first, "对账未完成", unit_clerk)

    reopened = ledger.reopen(
        first, "回头看发现漏记固定资产2件", discipline, due_date=date(2020, 12, 31)
    )
    assert reopened.status == MeasureStatus.REOPENED
    assert reopened.due_date == date(2020, 12, 31) and reopened.escalation == Escalation.NONE
    assert reopened.closed_at is None and reopened.accepted_by is None
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.REOPENED
    event = LedgerEvent.objects.get(measure=first, action=LedgerAction.REOPENED)
    assert event.note == "回头看发现漏记固定资产2件" and event.actor == discipline


def test_a_reopened_measure_needs_new_evidence_to_close_again(closed_problem, leader, discipline):
    problem, (first, _second) = closed_problem
    ledger.reopen(first, "回头看发现问题反弹", discipline)
    with pytest.raises(InvalidInput, match="佐证材料"):
        ledger.submit_close_out(first, leader)
    progress(first, leader, "补记固定资产并完成对账")
    ledger.submit_close_out(first, leader)
    ledger.accept_close_out(first, leader, "同意")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLOSED


def test_reopening_a_problem_reopens_its_closed_measures(closed_problem, leader):
    problem, measures = closed_problem
    ledger.reopen(problem, "回头看：问题反弹", leader)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.REOPENED and problem.closed_at is None
    assert {m.status for m in problem.measures.all()} == {MeasureStatus.REOPENED}
    with pytest.raises(InvalidInput, match="只有已销号的问题"):
        ledger.reopen(problem, "再次打开", leader)


def test_an_open_measure_cannot_be_reopened(db, unit, leader):
    measure = measure_(problem_(inspection_()), unit=unit)
    with pytest.raises(InvalidInput, match="只有已销号的措施"):
        ledger.reopen(measure, "理由", leader)
