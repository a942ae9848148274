"""The happy path: apply, submit, accept, review by two departments, decide, deliver."""

import pytest

from onewindow.cases import selectors, services
from onewindow.cases.constants import CaseStatus, Decision, TaskStatus
from onewindow.core.audit.models import AuditEvent
from tests.accounts.factories import DepartmentFactory
from tests.cases.factories import approver, clerk, draft_case, ids, item

pytestmark = pytest.mark.django_db


def test_a_case_goes_from_submission_to_delivery_with_a_timeline_and_audit():
    the_item = item(statutory_limit_days=20, promised_limit_days=5)
    case = draft_case(the_item)
    applicant = case.applicant

    case = services.submit(applicant, case, supplied=ids(case, "身份证明", "营业执照", "场地证明"))
    assert case.status == CaseStatus.SUBMITTED
    assert case.submitted_at is not None
    assert case.statutory_clock is None  # no clock before acceptance

    window = clerk()
    case = services.accept(window, case)
    assert case.status == CaseStatus.ACCEPTED
    assert case.accepted_by == window and case.accepted_at is not None
    assert case.statutory_clock.limit_days == 20
    assert case.promised_clock.limit_days == 5
    assert case.promised_clock.stopped_on is None

    own, other = the_item.department, DepartmentFactory()
    tasks = services.dispatch(window, case, [own, other])
    assert [t.department for t in tasks] == [own, other]
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW

    for task in tasks:
        person = approver(task.department)
        services.start_review(person, task)
        services.decide_task(person, task, True, "材料齐全，符合条件")

    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED
    assert case.decision == Decision.APPROVED and case.decision_reason == ""
    assert case.decided_at is not None
    assert case.statutory_clock.stopped_on is not None
    assert case.promised_clock.stopped_on is not None
    assert set(case.tasks.values_list("status", flat=True)) == {TaskStatus.APPROVED}

    case = services.conclude(window, case, note="窗口领取")
    assert case.status == CaseStatus.CONCLUDED and case.concluded_at is not None

    steps = [e.action for e in selectors.timeline(case)]
    assert steps == [
        "submit",
        "accept",
        "dispatch",
        "task_start_review",
        "task_approve",
        "task_start_review",
        "task_approve",
        "decide",
        "conclude",
    ]
    audited = list(
        AuditEvent.objects.filter(action__startswith="case.").values_list("action", flat=True)
    )
    for action in ("case.start", "case.submit", "case.accept", "case.dispatch", "case.decide"):
        assert action in audited
    assert audited.count("case.task_approve") == 2


def test_the_other_department_sees_the_case_it_reviews_and_its_worklist():
    case = services.accept(clerk(), _submitted())
    other = DepartmentFactory()
    (task,) = services.dispatch(clerk(), case, [other])
    person = approver(other)
    assert selectors.case_for(person, case.number) == case
    assert list(selectors.department_tasks(person)) == [task]
    assert list(selectors.department_tasks(approver())) == []


def _submitted():
    from tests.cases.factories import submitted_case

    return submitted_case()
