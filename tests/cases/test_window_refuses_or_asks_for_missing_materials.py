"""Refusal with reasons; one deficiency notice listing everything missing, then supplement."""

import pytest

from onewindow.cases import services
from onewindow.cases.constants import CaseStatus, MaterialStatus
from onewindow.cases.models import DeficiencyNotice
from onewindow.core.errors import InvalidInput
from tests.cases.factories import clerk, ids, submitted_case

pytestmark = pytest.mark.django_db


def test_the_window_refuses_with_a_reason_and_no_clock_starts():
    case = submitted_case()
    case = services.refuse(clerk(), case, "不属于本机关职权范围")
    assert case.status == CaseStatus.REFUSED
    assert case.decision_reason == "不属于本机关职权范围"
    assert case.statutory_clock is None
    assert case.events.get(action="refuse").note == "不属于本机关职权范围"


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_refusal_needs_a_reason(reason):
    case = submitted_case()
    with pytest.raises(InvalidInput) as error:
        services.refuse(clerk(), case, reason)
    assert "理由" in error.value.message
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_a_case_with_missing_materials_cannot_be_accepted_outright():
    case = submitted_case(missing=["营业执照"])
    with pytest.raises(InvalidInput) as error:
        services.accept(clerk(), case)
    assert "一次性告知" in error.value.message
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED and case.statutory_clock is None


def test_the_notice_must_list_everything_missing_at_once():
    case = submitted_case(missing=["营业执照", "场地证明"])
    with pytest.raises(InvalidInput) as error:
        services.issue_deficiency_notice(clerk(), case, ids(case, "营业执照"))
    assert "场地证明" in error.value.message
    assert not DeficiencyNotice.objects.exists()
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    with pytest.raises(InvalidInput):
        services.issue_deficiency_notice(clerk(), case, [])


def test_deficiency_notice_then_supplement_then_acceptance():
    case = submitted_case(missing=["营业执照"])
    first_submission = case.submitted_at
    window = clerk()
    # A supplied material found defective may be listed too.
    notice = services.issue_deficiency_notice(
        window, case, ids(case, "营业执照", "身份证明"), note="身份证明已过期"
    )
    assert [i["name"] for i in notice.items] == ["身份证明", "营业执照"]
    assert notice.issued_by == window
    case.refresh_from_db()
    assert case.status == CaseStatus.DEFICIENT
    assert case.statutory_clock is None  # nothing to pause: the clock starts at acceptance
    assert case.materials.get(name="身份证明").status == MaterialStatus.MISSING
    assert "营业执照" in case.events.get(action="notify_deficiency").note

    case = services.supplement(case.applicant, case, supplied=ids(case, "营业执照", "身份证明"))
    assert case.status == CaseStatus.SUBMITTED
    assert case.submitted_at >= first_submission  # the window's 5 days start again
    notice.refresh_from_db()
    assert notice.supplemented_at is not None

    case = services.accept(window, case)
    assert case.status == CaseStatus.ACCEPTED


def test_materials_not_of_the_case_are_refused():
    case = submitted_case(missing=["营业执照"])
    with pytest.raises(InvalidInput):
        services.issue_deficiency_notice(clerk(), case, [999999])
    with pytest.raises(InvalidInput):
        services.issue_deficiency_notice(clerk(), case, ["营业执照"])
