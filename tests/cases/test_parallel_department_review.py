"""Parallel review: the case is decided only when every department has decided."""

import pytest

from onewindow.cases import services
from onewindow.cases.constants import CaseStatus, Decision, TaskStatus
from tests.accounts.factories import DepartmentFactory
from tests.cases.factories import accepted_case, approver, clerk

pytestmark = pytest.mark.django_db


def _two_tasks():
    case = accepted_case()
    first, second = DepartmentFactory(name="住建局"), DepartmentFactory(name="自然资源局")
    tasks = services.dispatch(clerk(), case, [first, second])
    people = [approver(first), approver(second)]
    for person, task in zip(people, tasks, strict=True):
        services.start_review(person, task)
    return case, tasks, people


def test_the_case_waits_for_both_departments_then_is_approved():
    case, (t1, t2), (p1, p2) = _two_tasks()
    services.decide_task(p1, t1, True, "同意")
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW and case.decision == ""
    assert case.promised_clock.stopped_on is None

    services.decide_task(p2, t2, True)
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED
    assert case.decision == Decision.APPROVED
    assert case.promised_clock.stopped_on is not None


def test_one_refusal_refuses_the_case_with_the_reasons():
    case, (t1, t2), (p1, p2) = _two_tasks()
    services.decide_task(p1, t1, False, "用地性质不符")
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW  # the other department still reviews
    services.decide_task(p2, t2, True)
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED
    assert case.decision == Decision.REFUSED
    assert case.decision_reason == "住建局：用地性质不符"
    assert t1.__class__.objects.get(pk=t1.pk).status == TaskStatus.REFUSED


def test_two_refusals_give_both_reasons():
    case, (t1, t2), (p1, p2) = _two_tasks()
    services.decide_task(p1, t1, False, "理由一")
    services.decide_task(p2, t2, False, "理由二")
    case.refresh_from_db()
    assert case.decision == Decision.REFUSED
    assert case.decision_reason == "住建局：理由一；自然资源局：理由二"


def test_a_refusal_needs_a_reason_and_the_choice_must_be_a_boolean():
    from onewindow.core.errors import InvalidInput

    case, (t1, _t2), (p1, _p2) = _two_tasks()
    with pytest.raises(InvalidInput):
        services.decide_task(p1, t1, False, "")
    with pytest.raises(InvalidInput):
        services.decide_task(p1, t1, "yes")
    t1.refresh_from_db()
    assert t1.status == TaskStatus.IN_REVIEW and t1.decided_by is None


def test_dispatch_needs_real_active_departments_once_each():
    from onewindow.core.errors import InvalidInput

    case = accepted_case()
    for bad in ([], None, "住建局", [999999], [DepartmentFactory(is_active=False)]):
        with pytest.raises(InvalidInput):
            services.dispatch(clerk(), case, bad)
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED and not case.tasks.exists()
    department = DepartmentFactory()
    tasks = services.dispatch(clerk(), case, [department, department.pk])
    assert len(tasks) == 1
