"""容缺受理: non-core materials only, a signed promise within the promised limit, no broken
earlier promise; an expired promise ends the case and marks the applicant."""

from datetime import date

import pytest

from onewindow.cases import services
from onewindow.cases.constants import CaseStatus, MaterialStatus, PromiseStatus, TaskStatus
from onewindow.cases.models import ConditionalPromise
from onewindow.core.errors import Conflict, InvalidInput
from tests.accounts.factories import UserFactory
from tests.cases.factories import CONDITIONAL, approver, clerk, freeze, ids, item, submitted_case

pytestmark = pytest.mark.django_db

TODAY = date(2026, 9, 30)  # promised limit 5 working days → 2026-10-13 (National Day)


@pytest.fixture
def today(monkeypatch, calendar_2026):
    freeze(monkeypatch, TODAY)
    return TODAY


def _promise(case, promise_date=date(2026, 10, 13), signed=True, missing=(CONDITIONAL,)):
    return services.accept_conditionally(
        clerk(), case, missing=ids(case, *missing), promise_date=promise_date, signed=signed
    )


def test_conditional_acceptance_starts_the_clock_and_records_the_promise(today):
    case = submitted_case(missing=[CONDITIONAL])
    promise = _promise(case)
    case.refresh_from_db()
    assert case.status == CaseStatus.CONDITIONALLY_ACCEPTED
    assert promise.status == PromiseStatus.PENDING
    assert promise.applicant == case.applicant
    assert promise.signed_by == case.applicant.display_name
    assert [i["name"] for i in promise.items] == [CONDITIONAL]
    material = case.materials.get(name=CONDITIONAL)
    assert material.status == MaterialStatus.PROMISED
    assert material.promised_by == date(2026, 10, 13)
    assert case.promised_clock.due_date == date(2026, 10, 13)
    assert case.promised_clock.paused_since is None  # review goes on meanwhile


def test_a_core_material_cannot_be_missing(today):
    case = submitted_case(missing=["营业执照"])
    with pytest.raises(InvalidInput) as error:
        _promise(case, missing=("营业执照",))
    assert "营业执照" in error.value.message and "不可容缺" in error.value.message
    assert not ConditionalPromise.objects.exists()
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED and case.statutory_clock is None


def test_every_missing_material_must_be_listed(today):
    case = submitted_case(missing=["营业执照", CONDITIONAL])
    with pytest.raises(InvalidInput):
        _promise(case)  # lists only the conditional one


def test_the_promise_date_is_within_the_promised_limit_on_the_calendar(today):
    case = submitted_case(missing=[CONDITIONAL])
    with pytest.raises(InvalidInput) as error:
        _promise(case, promise_date=date(2026, 10, 14))
    assert "2026-10-13" in error.value.message
    with pytest.raises(InvalidInput):
        _promise(case, promise_date=date(2026, 9, 29))
    with pytest.raises(InvalidInput):
        _promise(case, promise_date="不是日期")
    with pytest.raises(InvalidInput):
        _promise(case, promise_date=None)
    _promise(case, promise_date="2026-10-13")


def test_the_applicant_must_sign(today):
    case = submitted_case(missing=[CONDITIONAL])
    with pytest.raises(InvalidInput) as error:
        _promise(case, signed=False)
    assert "签署" in error.value.message
    with pytest.raises(InvalidInput):
        _promise(case, signed="yes")


def test_supplying_the_material_keeps_the_promise_and_accepts(today):
    case = submitted_case(missing=[CONDITIONAL])
    promise = _promise(case)
    case = services.supply_promised(clerk(), case, supplied=ids(case, CONDITIONAL))
    assert case.status == CaseStatus.ACCEPTED
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.KEPT
    assert case.materials.get(name=CONDITIONAL).status == MaterialStatus.SUPPLIED
    with pytest.raises(Conflict):  # nothing is promised any more
        services.supply_promised(clerk(), case, supplied=ids(case, CONDITIONAL))


def test_review_goes_on_but_no_approval_while_the_promise_is_open(today):
    the_item = item()
    case = submitted_case(the_item, missing=[CONDITIONAL])
    _promise(case)
    (task,) = services.dispatch(clerk(), case, [the_item.department])
    person = approver(the_item.department)
    services.start_review(person, task)
    with pytest.raises(InvalidInput):  # not a promised material
        services.supply_promised(clerk(), case, supplied=ids(case, "营业执照"))
    with pytest.raises(InvalidInput) as error:
        services.decide_task(person, task, True)
    assert "容缺" in error.value.message
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_REVIEW

    case = services.supply_promised(clerk(), case, supplied=ids(case, CONDITIONAL))
    assert case.status == CaseStatus.IN_REVIEW
    services.decide_task(person, task, True)
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED


def test_an_expired_promise_ends_the_case_and_marks_the_applicant(monkeypatch, today):
    the_item = item()
    applicant = UserFactory(citizen=True)
    case = submitted_case(the_item, applicant=applicant, missing=[CONDITIONAL])
    promise = _promise(case, promise_date=date(2026, 10, 9))
    (task,) = services.dispatch(clerk(), case, [the_item.department])

    assert services.expire_broken_promises(date(2026, 10, 9)) == 0  # the last day is allowed
    assert services.expire_broken_promises(date(2026, 10, 10)) == 1
    case.refresh_from_db()
    promise.refresh_from_db()
    task.refresh_from_db()
    assert case.status == CaseStatus.TERMINATED
    assert promise.status == PromiseStatus.BROKEN
    assert task.status == TaskStatus.CANCELLED
    assert case.statutory_clock.stopped_on == date(2026, 10, 10)
    assert case.events.filter(action="expire_promise", actor__isnull=True).exists()
    assert services.expire_broken_promises(date(2026, 10, 11)) == 0  # idempotent

    # The applicant's next application may not be accepted on a promise.
    second = submitted_case(the_item, applicant=applicant, missing=[CONDITIONAL])
    with pytest.raises(InvalidInput) as error:
        _promise(second)
    assert "未履行" in error.value.message
    second.refresh_from_db()
    assert second.status == CaseStatus.SUBMITTED
    # Another applicant is not affected.
    _promise(submitted_case(the_item, missing=[CONDITIONAL]))
