"""Rules from the seed as configuration: an abolished item no longer appears; 施工图审查 is
not a precondition unless configured; Art. 42 extension once by a leader; the city push
is kept and retried; the agent supplies materials only with the scope."""

from datetime import date

import pytest

from onewindow.core.errors import Conflict, PermissionDenied
from onewindow.projects import city, services
from onewindow.projects.constants import JOINT_EXTENSION_DAYS, PushStatus, RunStatus
from onewindow.projects.models import CityPush

from .helpers import ALL_MATERIALS, FORM, build_world, decide_all, mandate, social_project

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)


def _through(w, project, code, on=DAY):
    run = services.apply_stage(
        w.enterprise, project, code, form_data=FORM, materials=ALL_MATERIALS, today=on
    )
    return services.accept_stage(w.clerk, run, today=on)


def test_an_abolished_item_no_longer_appears():
    w = build_world(years=(2020, 2026))
    project = social_project(w)
    _through(w, project, "planning", date(2020, 7, 1))
    decide_all(w, project.runs.get(), date(2020, 7, 1))
    run = _through(w, project, "works_permit", date(2020, 7, 31))
    assert run.reviews.filter(item__code="WP-07").exists()  # still in force that day

    later = social_project(w, code="P-2")
    _through(w, later, "planning", DAY)
    decide_all(w, later.runs.get(), DAY)
    run = _through(w, later, "works_permit", DAY)
    assert not run.reviews.filter(item__code="WP-07").exists()


@pytest.mark.parametrize("blocks", [False, True])
def test_drawing_review_is_a_precondition_only_when_configured(settings, blocks):
    settings.PROJECTS_DRAWING_REVIEW_BLOCKS = blocks
    w = build_world()
    project = social_project(w)
    decide_all(w, _through(w, project, "planning"), DAY)
    run = _through(w, project, "works_permit")
    for review in run.reviews.exclude(item__code="WP-06"):
        services.decide_item(w.approvers[review.department.code], review, approve=True, today=DAY)
    run.refresh_from_db()
    assert (run.status == RunStatus.DONE) is (not blocks)
    if blocks:
        with pytest.raises(Conflict, match="上一阶段尚未办结"):
            _through(w, project, "construction_permit")
    else:
        assert _through(w, project, "construction_permit").status == RunStatus.IN_REVIEW


def test_joint_handling_extends_once_by_fifteen_with_a_leader():
    w = build_world()
    project = social_project(w)
    run = _through(w, project, "planning")
    due = run.clock.limit_days
    with pytest.raises(PermissionDenied):
        services.extend_joint_handling(w.clerk, run, reason="需专家论证")
    services.extend_joint_handling(w.leader, run, reason="需专家论证")
    run.refresh_from_db()
    assert run.clock.limit_days == due + JOINT_EXTENSION_DAYS
    with pytest.raises(Conflict, match="只能延长一次"):
        services.extend_joint_handling(w.leader, run, reason="再次延长")


class _Down:
    name = "down"

    def send(self, payload):
        raise ConnectionError("city system unreachable")


def test_a_failed_push_is_kept_and_sent_by_the_retry(settings, tmp_path):
    settings.PROJECTS_CITY_FILE = tmp_path / "city.jsonl"
    settings.PROJECTS_CITY_BACKEND = f"{__name__}._Down"
    w = build_world()
    project = social_project(w)
    decide_all(w, _through(w, project, "planning"), DAY)
    push = CityPush.objects.get(project=project)
    city.send(push.pk)
    push.refresh_from_db()
    assert push.status == PushStatus.FAILED and push.attempts >= 1
    settings.PROJECTS_CITY_BACKEND = "file"
    assert city.retry_pushes() == 1
    push.refresh_from_db()
    assert push.status == PushStatus.SENT
    assert project.code in (tmp_path / "city.jsonl").read_text(encoding="utf-8")


def test_the_agent_supplies_materials_only_with_that_scope():
    w = build_world()
    project = social_project(w)
    run = services.apply_stage(
        w.enterprise, project, "planning", form_data=FORM, materials=ALL_MATERIALS
    )
    services.record_mandate(
        w.enterprise,
        project,
        agent=w.agent,
        document_number="WT-1",
        scope=["apply"],
        signed_on=date(2026, 1, 1),
        expires_on=date(2030, 1, 1),
    )
    with pytest.raises(PermissionDenied, match="代为补充材料"):
        services.supply_materials(w.agent, run, materials=["地质勘察报告"])
    mandate(w, project, signed_on=date(2026, 1, 1), expires_on=date(2030, 1, 1))
    run = services.supply_materials(w.agent, run, materials=["地质勘察报告"])
    assert "地质勘察报告" in run.materials
    assert project.events.filter(by_agent=True).exists()
