"""销号: evidence, a leader's acceptance, optionally the inspection office's confirmation;
a problem closes by itself when all its measures are closed."""

import pytest

from onewindow.core.errors import InvalidInput, PermissionDenied
from onewindow.rectification.constants import LedgerAction, MeasureStatus, ProblemStatus
from onewindow.rectification.ledger import services as ledger
from onewindow.rectification.models import LedgerEvent
from tests.rectification.factories import close, inspection_, measure_, problem_, progress


@pytest.fixture
def problem(db):
    return problem_(inspection_(), number=2, title="关于实施“一窗受理”的机制仍不够健全问题")


def test_the_unit_reports_and_submits_and_only_a_leader_accepts(
    problem, unit, unit_clerk, leader, party_member, supervisor, discipline, other_clerk
):
    measure = measure_(problem, unit=unit)
    progress(measure, unit_clerk, "制定《一窗受理审批管理暂行办法》")
    with pytest.raises(PermissionDenied):
        progress(measure, other_clerk)
    submitted = ledger.submit_close_out(measure, unit_clerk)
    assert submitted.status == MeasureStatus.SUBMITTED
    for outsider in (unit_clerk, supervisor, discipline, other_clerk):
        with pytest.raises(PermissionDenied):
            ledger.accept_close_out(measure, outsider, "同意")
    closed = ledger.accept_close_out(measure, party_member, "同意销号")
    assert closed.status == MeasureStatus.CLOSED
    assert closed.accepted_by == party_member and closed.closed_at is not None


def test_a_problem_closes_when_its_last_measure_closes(problem, unit, leader):
    first, second = measure_(problem, unit=unit), measure_(problem, unit=unit)
    close(first, leader)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.OPEN
    close(second, leader)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLOSED and problem.closed_at is not None
    assert (
        LedgerEvent.objects.filter(
            problem=problem, measure=None, action=LedgerAction.CLOSED
        ).count()
        == 1
    )


def test_a_returned_request_goes_back_to_the_unit(problem, unit, unit_clerk, leader):
    measure = measure_(problem, unit=unit)
    progress(measure, unit_clerk)
    ledger.submit_close_out(measure, unit_clerk)
    with pytest.raises(InvalidInput, match="退回理由"):
        ledger.return_close_out(measure, leader, "")
    returned = ledger.return_close_out(measure, leader, "佐证材料不全，请补充制度文件")
    assert returned.status == MeasureStatus.IN_PROGRESS
    with pytest.raises(InvalidInput, match="只有已申请销号的措施才能验收"):
        ledger.accept_close_out(measure, leader)


def test_with_confirmation_required_the_inspection_office_closes_it(
    problem, unit, leader, discipline, inspection_office, settings
):
    """The body that did the inspection (巡察办) confirms, not the resident discipline
    officer nor a leader of the bureau."""
    settings.RECTIFICATION_REQUIRE_CONFIRMATION = True
    measure = measure_(problem, unit=unit)
    accepted = close(measure, leader)
    assert accepted.status == MeasureStatus.ACCEPTED
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.OPEN
    for outsider in (leader, discipline):
        with pytest.raises(PermissionDenied):
            ledger.confirm_close_out(measure, outsider)
    confirmed = ledger.confirm_close_out(measure, inspection_office, "经核查属实")
    assert confirmed.status == MeasureStatus.CLOSED
    assert confirmed.confirmed_by == inspection_office
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLOSED
    with pytest.raises(InvalidInput, match="已确认"):
        ledger.confirm_close_out(measure, inspection_office)


def test_outputs_and_accountability_are_recorded(problem, unit, unit_clerk, leader, discipline):
    from datetime import date

    from onewindow.rectification.constants import AccountabilityKind, OutputKind

    measure = measure_(problem, unit=unit)
    rule = ledger.add_output(
        measure,
        kind=OutputKind.RULE,
        title="东营区行政审批服务局内部审计管理制度",
        actor=unit_clerk,
    )
    assert list(measure.outputs.all()) == [rule]
    with pytest.raises(PermissionDenied):
        ledger.add_accountability(
            problem,
            person_name="张某",
            kind=AccountabilityKind.CRITICISM_EDUCATION,
            decided_on=date(2020, 5, 1),
            actor=unit_clerk,
        )
    ledger.add_accountability(
        problem,
        person_name="张某",
        kind=AccountabilityKind.CRITICISM_EDUCATION,
        decided_on=date(2020, 5, 1),
        actor=discipline,
    )
    assert problem.accountabilities.count() == 1


def test_a_closed_problem_takes_no_new_measure_until_reopened(problem, unit, leader):
    close(measure_(problem, unit=unit), leader)
    with pytest.raises(InvalidInput, match="须先在回头看中重新打开"):
        measure_(problem, unit=unit)  # ``problem`` here is the stale, still-open instance
    ledger.reopen(problem, "回头看发现新情况", leader)
    assert measure_(problem, unit=unit).status == MeasureStatus.PLANNED
