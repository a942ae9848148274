"""拿地即开工: the pre-review happens before the land grant; on the day the grant is
recorded every pre-approved item is approved and the permits issue together."""

from datetime import date

import pytest

from onewindow.core.errors import Conflict, InvalidInput, PermissionDenied
from onewindow.projects import services
from onewindow.projects.constants import PermitKind, ReviewStatus, RunStatus
from onewindow.projects.models import Permit

from .helpers import ALL_MATERIALS, FORM, build_world, decide_all, social_project

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)
GRANT_DAY = date(2026, 3, 20)


def test_construction_permit_issues_on_the_day_the_land_grant_is_recorded():
    w = build_world()
    project = social_project(w, build_on_grant=True)
    runs = services.apply_pre_review(
        w.enterprise, project, form_data=FORM, materials=ALL_MATERIALS, today=MONDAY
    )
    assert [r.status for r in runs] == [RunStatus.SUBMITTED] * 3
    for run in runs:
        services.accept_stage(w.clerk, run, window=w.windows["B01"], today=MONDAY)
    # The departments pre-review before the land is granted; a result is recorded per item.
    for run in runs:
        run.refresh_from_db()
        assert run.status == RunStatus.PRE_REVIEW
        decide_all(w, run, MONDAY)
        assert set(run.reviews.values_list("status", flat=True)) == {ReviewStatus.PRE_APPROVED}
    assert not Permit.objects.exists()  # nothing issues before the land

    permits = services.record_land_grant(
        w.clerk, project, contract_number="东自然资出让〔2026〕12号", granted_on=GRANT_DAY
    )
    kinds = {p.kind: p.issued_on for p in permits}
    assert kinds[PermitKind.CONSTRUCTION] == GRANT_DAY
    assert set(kinds) == {PermitKind.PLANNING, PermitKind.WORKS, PermitKind.CONSTRUCTION}
    assert set(kinds.values()) == {GRANT_DAY}
    project.refresh_from_db()
    assert project.land_granted_on == GRANT_DAY
    assert project.current_stage == 4  # building can start; completion is next


def test_the_grant_waits_for_every_pre_review():
    w = build_world()
    project = social_project(w, build_on_grant=True)
    runs = services.apply_pre_review(
        w.enterprise, project, form_data=FORM, materials=ALL_MATERIALS, today=MONDAY
    )
    for run in runs:
        services.accept_stage(w.clerk, run, today=MONDAY)
    decide_all(w, runs[0], MONDAY)
    with pytest.raises(Conflict, match="预审尚未通过"):
        services.record_land_grant(w.clerk, project, contract_number="X-1", granted_on=GRANT_DAY)
    assert not Permit.objects.exists()


def test_pre_review_is_only_for_social_investment_without_land():
    w = build_world()
    with pytest.raises(InvalidInput, match="拿地即开工仅适用于"):
        services.create_project(
            w.clerk,
            name="区第二实验小学",
            code="GOV-1",
            investor_name="区教体局",
            kind="government",
            procedure="approval",
            project_type="public",
            location="东营区",
            investment="9000",
            land_status="pending",
            build_on_grant=True,
        )
    project = social_project(w)  # land already granted, normal path
    with pytest.raises(Conflict):
        services.apply_pre_review(w.enterprise, project, form_data=FORM, materials=ALL_MATERIALS)


def test_a_stage_before_its_predecessor_is_refused_outside_build_on_grant():
    w = build_world()
    project = social_project(w)
    with pytest.raises(Conflict, match="上一阶段尚未办结"):
        services.apply_stage(
            w.enterprise, project, "construction_permit", form_data=FORM, materials=ALL_MATERIALS
        )
    assert not project.runs.exists()


def test_an_item_is_decided_only_by_its_department_and_a_negative_investment_is_refused():
    w = build_world()
    project = social_project(w)
    run = services.apply_stage(
        w.enterprise, project, "planning", form_data=FORM, materials=ALL_MATERIALS, today=MONDAY
    )
    run = services.accept_stage(w.clerk, run, today=MONDAY)
    review = run.reviews.get(item__code="PL-05")  # 自然资源
    with pytest.raises(PermissionDenied, match="区自然资源局审查"):
        services.decide_item(w.approvers["ST-ZJJ"], review, approve=True, today=MONDAY)
    review.refresh_from_db()
    assert review.status == ReviewStatus.PENDING
    with pytest.raises(InvalidInput, match="总投资不能为负数"):
        services.create_project(
            w.enterprise,
            name="负投资",
            code="NEG-1",
            investor_name="x",
            kind="social",
            procedure="filing",
            project_type="industrial",
            location="东营区",
            investment="-1",
            land_status="granted",
        )
