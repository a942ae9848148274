"""The workflow table refuses what it does not list; strangers cannot act."""

import pytest

from onewindow.cases import services, workflow
from onewindow.cases.constants import CaseStatus, TaskStatus
from onewindow.cases.models import CaseEvent
from onewindow.core.audit.models import AuditEvent
from onewindow.core.errors import Conflict, NotFound, PermissionDenied
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.cases.factories import accepted_case, approver, clerk, draft_case, submitted_case

pytestmark = pytest.mark.django_db


def test_every_row_of_the_table_names_known_statuses_and_actors():
    from onewindow.cases.constants import CaseStatus as S
    from onewindow.cases.constants import TaskStatus as T

    for row in workflow.CASE_TRANSITIONS:
        assert row.source in S.values and row.target in S.values
    for row in workflow.TASK_TRANSITIONS:
        assert row.source in T.values and row.target in T.values
    actors = {workflow.APPLICANT, workflow.CLERK, workflow.APPROVER, workflow.SYSTEM}
    assert {r.actor for r in workflow.CASE_TRANSITIONS + workflow.TASK_TRANSITIONS} <= actors


@pytest.mark.parametrize(
    "call",
    [
        lambda case: services.accept(clerk(), case),
        lambda case: services.refuse(clerk(), case, "理由"),
        lambda case: services.dispatch(clerk(), case, [DepartmentFactory()]),
        lambda case: services.conclude(clerk(), case),
    ],
)
def test_a_draft_cannot_skip_submission(call):
    case = draft_case()
    with pytest.raises(Conflict):
        call(case)
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT


def test_a_case_is_accepted_once_and_concluded_only_after_a_decision():
    case = submitted_case()
    case = services.accept(clerk(), case)
    with pytest.raises(Conflict) as error:
        services.accept(clerk(), case)
    assert error.value.status == 409
    with pytest.raises(Conflict):
        services.conclude(clerk(), case)
    with pytest.raises(Conflict):
        services.supplement(case.applicant, case, supplied=[1])
    assert case.events.filter(action="accept").count() == 1


def test_a_stale_copy_gets_the_conflict_message():
    case = submitted_case()
    stale = type(case).objects.get(pk=case.pk)
    services.refuse(clerk(), case, "理由")
    with pytest.raises(Conflict) as error:
        services.accept(clerk(), stale)
    assert "刷新" in error.value.message


def test_only_a_window_clerk_accepts_and_only_the_applicant_submits():
    case = draft_case()
    with pytest.raises(PermissionDenied):
        services.submit(UserFactory(citizen=True), case)
    case = services.submit(case.applicant, case, supplied=[])
    for outsider in (case.applicant, UserFactory(citizen=True), approver(), None):
        with pytest.raises(PermissionDenied):
            services.accept(outsider, case)
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_a_task_must_be_under_review_before_a_decision():
    case = accepted_case()
    department = DepartmentFactory()
    (task,) = services.dispatch(clerk(), case, [department])
    person = approver(department)
    with pytest.raises(Conflict):
        services.decide_task(person, task, True)
    with pytest.raises(Conflict):
        services.resume_task(person, task)
    task.refresh_from_db()
    assert task.status == TaskStatus.PENDING


def test_a_user_of_another_department_cannot_see_or_decide_a_task():
    case = accepted_case()
    department = DepartmentFactory()
    (task,) = services.dispatch(clerk(), case, [department])
    services.start_review(approver(department), task)
    before_events, before_audit = CaseEvent.objects.count(), AuditEvent.objects.count()

    for stranger in (approver(), UserFactory(citizen=True), case.applicant, None):
        with pytest.raises(NotFound):
            services.decide_task(stranger, task, True)
        with pytest.raises(NotFound):
            services.pause_task(stranger, task, "inspection", "现场核查")
    # Same department but not an approver: refused, not hidden.
    with pytest.raises(PermissionDenied):
        services.decide_task(UserFactory(clerk=True, department=department), task, True)

    task.refresh_from_db()
    assert task.status == TaskStatus.IN_REVIEW and task.decided_by is None
    assert CaseEvent.objects.count() == before_events
    assert AuditEvent.objects.count() == before_audit


def test_a_window_clerk_may_submit_a_window_application_for_the_applicant():
    from onewindow.cases.constants import Channel

    citizen = UserFactory(citizen=True)
    from tests.cases.factories import item

    case = services.start_application(citizen, item=item(), channel=Channel.WINDOW)
    case = services.submit(clerk(), case, supplied=[])
    assert case.status == CaseStatus.SUBMITTED
