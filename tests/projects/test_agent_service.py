"""帮办代办: an agent acts for the applicant only with a recorded 委托书 (scope, expiry);
every act is recorded as 代办 on the project, and the notices reach the agent."""

from datetime import date

import pytest
from django.utils import timezone

from onewindow.core.errors import PermissionDenied
from onewindow.projects import selectors, services
from onewindow.projects.constants import Action, RunStatus
from onewindow.projects.models import ProjectEvent

from .helpers import ALL_MATERIALS, FORM, build_world, decide_all, mandate, social_project

pytestmark = pytest.mark.django_db


def test_agent_with_a_mandate_applies_and_receives_the_notices():
    w = build_world()
    project = social_project(w, is_key=True)
    today = timezone.localdate()
    mandate(w, project, signed_on=today, expires_on=today.replace(year=today.year + 1))
    run = services.apply_stage(
        w.agent, project, "planning", form_data=FORM, materials=ALL_MATERIALS
    )
    assert run.by_agent and run.applied_by == w.agent
    event = ProjectEvent.objects.get(project=project, action=Action.APPLY)
    assert event.by_agent and event.actor == w.agent
    run = services.accept_stage(w.clerk, run, window=w.windows["B01"])
    decide_all(w, run, today)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    titles = list(selectors.notices_for(w.agent, project).values_list("title", flat=True))
    assert "立项用地规划许可阶段已办结" in titles and "立项用地规划许可阶段已受理" in titles
    # the applicant gets the same notices
    assert selectors.notices_for(w.enterprise, project).count() == len(titles)


def test_without_a_mandate_or_after_it_expires_the_same_acts_are_refused():
    w = build_world()
    project = social_project(w, is_key=True)
    with pytest.raises(PermissionDenied, match="授权委托书"):
        services.apply_stage(w.agent, project, "planning", form_data=FORM, materials=ALL_MATERIALS)
    with pytest.raises(PermissionDenied, match="授权委托书"):
        list(selectors.notices_for(w.agent, project))
    assert not project.runs.exists()

    mandate(w, project, signed_on=date(2025, 1, 6), expires_on=date(2025, 12, 31))  # expired
    with pytest.raises(PermissionDenied, match="授权委托书"):
        services.apply_stage(w.agent, project, "planning", form_data=FORM, materials=ALL_MATERIALS)
    with pytest.raises(PermissionDenied):
        list(selectors.notices_for(w.agent, project))
    assert selectors.notices_for(w.agent).count() == 0
    assert not project.runs.exists()


def test_an_agent_cannot_record_a_mandate_for_itself():
    w = build_world()
    project = social_project(w)
    with pytest.raises(PermissionDenied):
        services.record_mandate(
            w.agent,
            project,
            agent=w.agent,
            document_number="WT-X",
            scope=["apply"],
            signed_on=date(2026, 1, 1),
            expires_on=date(2026, 12, 31),
        )


def test_later_stages_reuse_what_earlier_stages_hold():
    w = build_world()
    project = social_project(w)
    monday = date(2026, 3, 2)
    first = services.apply_stage(
        w.enterprise, project, "planning", form_data=FORM, materials=ALL_MATERIALS, today=monday
    )
    first = services.accept_stage(w.clerk, first, today=monday)
    decide_all(w, first, monday)
    second = services.apply_stage(
        w.enterprise,
        project,
        "works_permit",
        form_data={"design_unit": "设计院", "building_area": "100"},
        materials=["建设工程设计方案", "总平面图"],
        today=monday,
    )
    assert "营业执照" in second.reused_materials and "用地红线图" in second.reused_materials
    assert second.materials == ["建设工程设计方案", "总平面图"]
    assert second.form_data["project_name"] == project.name  # not typed again
