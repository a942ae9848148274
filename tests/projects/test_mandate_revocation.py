"""撤销授权委托书: the principal revokes (reason, date) on its page; from that date the
agent's acts are refused; the revocation is on the project's record and audited."""

from datetime import timedelta

import pytest
from django.utils import timezone

from onewindow.core.audit.models import AuditEvent
from onewindow.core.errors import Conflict, InvalidInput, PermissionDenied
from onewindow.projects import selectors, services
from onewindow.projects.constants import Action, MandateScope
from onewindow.projects.models import Mandate, ProjectEvent

from .helpers import ALL_MATERIALS, FORM, build_world, mandate, social_project

pytestmark = pytest.mark.django_db


def _world():
    w = build_world()
    project = social_project(w, is_key=True)
    today = timezone.localdate()
    row = mandate(w, project, signed_on=today, expires_on=today + timedelta(days=200))
    return w, project, row, today


def _url(project, row):
    return f"/projects/{project.pk}/mandates/{row.pk}/revoke/"


def test_the_principal_revokes_on_its_page_and_the_agent_is_refused(login):
    w, project, row, today = _world()
    assert permission_before(w, project)
    client = login(w.enterprise)
    page = client.get(f"/projects/{project.pk}/")
    assert _url(project, row) in page.content.decode()  # reachable from the project
    form = client.get(_url(project, row))
    assert form.status_code == 200 and "WT-2026-001" in form.content.decode()
    response = client.post(
        _url(project, row), {"reason": "改由本单位自行办理", "revoked_on": today.isoformat()}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.revoked_on == today and row.revoked_by == w.enterprise
    assert str(row.revoke_reason) == "改由本单位自行办理"

    # the agent's acts under it are refused, through the same services
    with pytest.raises(PermissionDenied, match="授权委托书"):
        services.apply_stage(w.agent, project, "planning", form_data=FORM, materials=ALL_MATERIALS)
    with pytest.raises(PermissionDenied):
        list(selectors.notices_for(w.agent, project))
    assert selectors.mandated_projects(w.agent, MandateScope.SUPPLY) == []
    assert not project.runs.exists()

    event = ProjectEvent.objects.get(project=project, action=Action.MANDATE_REVOKE)
    assert event.actor == w.enterprise and "改由本单位自行办理" in str(event.note)
    audit = AuditEvent.objects.filter(action="projects.mandate_revoke").get()
    assert audit.after["mandate"] == row.pk and audit.after["revoked_on"] == str(today)


def permission_before(w, project):
    return services.acting_for(w.agent, project, MandateScope.APPLY) is True


def test_a_revocation_from_a_later_date_lets_the_agent_act_until_then():
    w, project, row, today = _world()
    services.revoke_mandate(w.enterprise, row, reason="项目转让", on=today + timedelta(days=10))
    assert services.acting_for(w.agent, project, MandateScope.APPLY) is True
    from onewindow.projects import permissions

    later = today + timedelta(days=10)
    assert permissions.valid_mandate(w.agent, project, MandateScope.APPLY, on=later) is None
    assert permissions.valid_mandate(w.agent, project, MandateScope.APPLY, on=later - timedelta(1))


def test_only_the_principal_revokes_and_bad_input_saves_nothing(login, client):
    w, project, row, today = _world()
    for actor in (w.agent, w.clerk, w.leader):
        with pytest.raises(PermissionDenied):
            services.revoke_mandate(actor, row, reason="x")
    with pytest.raises(InvalidInput, match="撤销理由"):
        services.revoke_mandate(w.enterprise, row, reason="  ")
    with pytest.raises(InvalidInput, match="不能早于今天"):
        services.revoke_mandate(w.enterprise, row, reason="x", on=today - timedelta(days=1))
    with pytest.raises(InvalidInput, match="不能晚于有效期"):
        services.revoke_mandate(w.enterprise, row, reason="x", on=today + timedelta(days=400))
    assert Mandate.objects.get(pk=row.pk).revoked_on is None
    assert not ProjectEvent.objects.filter(action=Action.MANDATE_REVOKE).exists()

    # the agent reaches no revocation form: a clear refusal, not a 500
    assert login(w.agent).get(_url(project, row)).status_code == 403
    client.logout()
    client = login(w.enterprise)
    response = client.post(_url(project, row), {"reason": "", "revoked_on": today.isoformat()})
    assert response.status_code == 200 and "请填写撤销理由" in response.content.decode()
    response = client.post(_url(project, row), {"reason": "x", "revoked_on": "明天"})
    assert response.status_code == 200 and "请正确填写撤销日期" in response.content.decode()
    assert Mandate.objects.get(pk=row.pk).revoked_on is None

    services.revoke_mandate(w.enterprise, row, reason="第一次")
    with pytest.raises(Conflict, match="已撤销"):
        services.revoke_mandate(w.enterprise, row, reason="第二次")
