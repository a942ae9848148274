"""退回窗口: a department returns a case with reasons, the window asks the applicant to
correct, the applicant corrects, the window dispatches again; the clocks pause meanwhile."""

import pytest
from django.urls import reverse

from onewindow.cases import services
from onewindow.cases.constants import CaseStatus, Decision, TaskStatus
from onewindow.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from tests.accounts.factories import DepartmentFactory
from tests.cases.factories import approver, clerk, ids, item, submitted_case

pytestmark = pytest.mark.django_db


def dispatched():
    the_item = item()
    window = clerk()
    case = services.accept(window, submitted_case(the_item=the_item))
    (task,) = services.dispatch(window, case, [the_item.department])
    reviewer = approver(the_item.department)
    services.start_review(reviewer, task)
    return case, task, reviewer, window


def test_return_correct_and_dispatch_again():
    case, task, reviewer, window = dispatched()
    with pytest.raises(InvalidInput):
        services.return_to_window(reviewer, task, "")  # reasons are required
    case = services.return_to_window(reviewer, task, "营业执照复印件不清晰")
    assert case.status == CaseStatus.RETURNED
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED
    case.promised_clock.refresh_from_db()
    assert case.promised_clock.paused_since is not None

    case = services.request_correction(window, case, "请重新提交清晰的营业执照复印件")
    assert case.status == CaseStatus.CORRECTING
    case = services.supplement(case.applicant, case, supplied=ids(case, "营业执照"))
    assert case.status == CaseStatus.RETURNED

    (again,) = services.dispatch(window, case, [task.department])
    assert again.pk == task.pk and again.round == 2 and again.status == TaskStatus.PENDING
    services.start_review(reviewer, again)
    services.decide_task(reviewer, again, True, "同意")
    case.refresh_from_db()
    assert case.decision == Decision.APPROVED
    actions = list(case.events.values_list("action", flat=True))
    assert "return_to_window" in actions and "request_correction" in actions


def test_only_a_reviewing_department_returns_and_only_once():
    case, task, reviewer, window = dispatched()
    # A window clerk or another department's approver: the task is not theirs (404).
    with pytest.raises(NotFound):
        services.return_to_window(window, task, "x")
    with pytest.raises(NotFound):
        services.return_to_window(approver(DepartmentFactory()), task, "x")
    # A clerk who is also in the department but no approver: 403.
    with pytest.raises(PermissionDenied):
        services.return_to_window(clerk(department=task.department), task, "x")
    services.return_to_window(reviewer, task, "补正")
    with pytest.raises(Conflict):
        services.return_to_window(reviewer, task, "补正")


def test_the_pages_return_and_ask_for_the_correction(client):
    case, task, reviewer, window = dispatched()
    client.force_login(reviewer)
    page = client.post(
        reverse("cases:department_task", args=[task.pk]),
        {"action": "return_to_window", "return-reason": "缺少现场照片"},
    )
    assert page.status_code == 302
    client.force_login(window)
    url = reverse("cases:window_case", args=[case.number])
    assert 'data-testid="action-correction"' in client.get(url).content.decode()
    answer = client.post(
        url, {"action": "request_correction", "correction-reason": "请补充现场照片"}
    )
    assert answer.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CORRECTING
