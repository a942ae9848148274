"""Sign-off levels (decision 0021): 承办 → 审核 → 签发 by default, one level for 即办.

Each level is signed by a person of the department with that level's grant; another level
or a person without the grant is a 409; one person never signs two levels of a task; the
decision names its signer.
"""

import pytest
from django.urls import reverse

from onewindow.cases import services
from onewindow.cases.constants import CaseStatus, Decision, SignoffLevel, TaskStatus
from onewindow.cases.models import ReviewChain, SignoffGrant, TaskSignoff
from onewindow.core.errors import Conflict, InvalidInput
from tests.cases.factories import approver, clerk, item, submitted_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def three_levels(settings):
    settings.CASES_SIGNOFF_LEVELS = "handle,check,sign"


def granted(department, level, **kwargs):
    user = approver(department, **kwargs)
    SignoffGrant.objects.create(user=user, level=level)
    return user


def in_review(the_item=None):
    the_item = the_item or item()
    window = clerk()
    case = services.accept(window, submitted_case(the_item=the_item))
    (task,) = services.dispatch(window, case, [the_item.department])
    handler = approver(the_item.department)
    services.start_review(handler, task)
    return case, task, handler


def test_the_three_levels_sign_in_turn_and_the_decision_names_the_signer():
    case, task, handler = in_review()
    department = task.department
    checker = granted(department, SignoffLevel.CHECK)
    signer = granted(department, SignoffLevel.SIGN, display_name="王签发")
    assert task.levels == "handle,check,sign"

    task = services.decide_task(handler, task, True, "材料齐全，建议准予")
    assert (task.status, task.level) == (TaskStatus.IN_REVIEW, SignoffLevel.CHECK)
    task = services.decide_task(checker, task, True, "同意", level=SignoffLevel.CHECK)
    assert task.level == SignoffLevel.SIGN
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW  # not decided before 签发

    task = services.decide_task(signer, task, True, "准予", level=SignoffLevel.SIGN)
    assert task.status == TaskStatus.APPROVED and task.decided_by == signer
    case.refresh_from_db()
    assert case.decision == Decision.APPROVED
    levels = list(TaskSignoff.objects.filter(task=task).values_list("level", "actor"))
    assert levels == [
        ("handle", handler.pk),
        ("check", checker.pk),
        ("sign", signer.pk),
    ]
    decide = case.events.get(action="decide")
    assert "王签发" in decide.note
    assert "王签发" in " ".join(services.signers(case))


def test_a_sign_off_by_the_wrong_level_is_a_conflict():
    _case, task, handler = in_review()
    department = task.department
    signer = granted(department, SignoffLevel.SIGN)
    # 签发 while the task is still at 承办: the page's level is stale.
    with pytest.raises(Conflict) as stale:
        services.decide_task(signer, task, True, level=SignoffLevel.SIGN)
    assert stale.value.status == 409
    task = services.decide_task(handler, task, True)
    # At 审核, a person with only the 签发 grant may not sign.
    with pytest.raises(Conflict):
        services.decide_task(signer, task, True)
    # Nor may the 承办 person sign the next level of the same task.
    SignoffGrant.objects.create(user=handler, level=SignoffLevel.CHECK)
    with pytest.raises(Conflict):
        services.decide_task(handler, task, True)
    task.refresh_from_db()
    assert task.level == SignoffLevel.CHECK


def test_a_refusal_at_any_level_decides_the_task():
    case, task, handler = in_review()
    checker = granted(task.department, SignoffLevel.CHECK)
    task = services.decide_task(handler, task, True)
    with pytest.raises(InvalidInput):
        services.decide_task(checker, task, False, "")  # a refusal needs its reasons
    task = services.decide_task(checker, task, False, "用地手续不全")
    assert task.status == TaskStatus.REFUSED
    case.refresh_from_db()
    assert case.decision == Decision.REFUSED


def test_an_instant_item_has_one_level():
    the_item = item()
    version = the_item.published_version
    version.promised_limit_days = 0
    version.save(update_fields=["promised_limit_days"])
    case, task, handler = in_review(the_item)
    assert task.levels == "handle"
    services.decide_task(handler, task, True)
    case.refresh_from_db()
    assert case.decision == Decision.APPROVED


def test_an_item_configures_its_own_chain():
    the_item = item()
    ReviewChain.objects.create(item=the_item, levels="handle,sign")
    _case, task, handler = in_review(the_item)
    assert task.levels == "handle,sign"
    task = services.decide_task(handler, task, True)
    assert task.level == SignoffLevel.SIGN


def test_a_chain_out_of_order_is_refused():
    with pytest.raises(InvalidInput):
        services.clean_levels("sign,handle")
    with pytest.raises(InvalidInput):
        services.clean_levels("handle,handle")
    assert services.clean_levels(" handle , check ") == ["handle", "check"]


def test_the_task_page_shows_the_chain_and_answers_409_to_the_wrong_level(client):
    _case, task, handler = in_review()
    signer = granted(task.department, SignoffLevel.SIGN)
    client.force_login(handler)
    url = reverse("cases:department_task", args=[task.pk])
    page = client.get(url)
    assert 'data-testid="signoff-chain"' in page.content.decode()
    answer = client.post(
        url, {"action": "approve", "approve-reason": "同意", "approve-level": "handle"}
    )
    assert answer.status_code == 302
    client.force_login(signer)
    answer = client.post(url, {"action": "approve", "approve-reason": "", "approve-level": "check"})
    assert answer.status_code == 409
