"""代办材料: an agent with a recorded 委托书 in force (代为补充材料) uploads materials for
the project's stages from its navigation; without it, or after it expires or is revoked,
the same page and service refuse."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from onewindow.core.errors import InvalidInput, PermissionDenied
from onewindow.projects import services
from onewindow.projects.constants import Action
from onewindow.projects.models import ProjectEvent, ProjectMaterial
from tests.cases.upload_samples import EXE, pdf_bytes, upload

from .helpers import ALL_MATERIALS, FORM, build_world, mandate, social_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _world(*, signed_on=None, expires_on=None):
    w = build_world()
    project = social_project(w, is_key=True)
    today = timezone.localdate()
    run = services.apply_stage(
        w.enterprise, project, "planning", form_data=FORM, materials=ALL_MATERIALS
    )
    if signed_on is not None:
        mandate(w, project, signed_on=signed_on, expires_on=expires_on)
    return w, project, run, today


def test_the_agent_uploads_from_its_navigation(login, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    w, project, run, _ = _world(signed_on=today, expires_on=today + timedelta(days=90))
    client = login(w.agent)
    home = client.get("/").content.decode()
    assert "/projects/materials/" in home  # 代办材料 in the agent's navigation
    listing = client.get("/projects/materials/").content.decode()
    assert f"/projects/{project.pk}/materials/" in listing and project.name in listing
    page = client.get(f"/projects/{project.pk}/materials/")
    assert page.status_code == 200 and "用地红线图" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/projects/{project.pk}/materials/",
            {"run": run.pk, "material": "用地红线图", "file": upload("红线图.pdf", pdf_bytes())},
        )
    assert response.status_code == 302
    row = ProjectMaterial.objects.get(run=run)
    assert row.material == "用地红线图" and row.by_agent and row.uploaded_by == w.agent
    assert row.file.storage.exists(row.file.name)
    assert "红线图" not in row.file.name  # generated names only
    event = ProjectEvent.objects.get(project=project, action=Action.UPLOAD)
    assert event.by_agent and event.actor == w.agent
    assert "红线图.pdf" in client.get(f"/projects/{project.pk}/materials/").content.decode()


def test_without_a_mandate_or_after_it_expires_or_is_revoked_uploads_are_refused(login):
    w, project, run, today = _world()
    client = login(w.agent)
    assert client.get(f"/projects/{project.pk}/materials/").status_code == 403
    with pytest.raises(PermissionDenied, match="授权委托书"):
        services.upload_materials(
            w.agent, run, files=[("用地红线图", upload("a.pdf", pdf_bytes()))]
        )

    mandate(w, project, signed_on=date(2025, 1, 6), expires_on=date(2025, 12, 31))  # expired
    assert "暂无有效的授权委托书" in client.get("/projects/materials/").content.decode()
    response = client.post(
        f"/projects/{project.pk}/materials/",
        {"run": run.pk, "material": "用地红线图", "file": upload("a.pdf", pdf_bytes())},
    )
    assert response.status_code == 403

    current = mandate(w, project, signed_on=today, expires_on=today + timedelta(days=30))
    services.upload_materials(w.agent, run, files=[("用地红线图", upload("a.pdf", pdf_bytes()))])
    services.revoke_mandate(w.enterprise, current, reason="自行办理")
    with pytest.raises(PermissionDenied, match="授权委托书"):
        services.upload_materials(
            w.agent, run, files=[("用地红线图", upload("b.pdf", pdf_bytes()))]
        )
    assert ProjectMaterial.objects.filter(run=run).count() == 1


def test_bad_files_and_unknown_materials_store_nothing(client):
    today = timezone.localdate()
    w, project, run, _ = _world(signed_on=today, expires_on=today + timedelta(days=90))
    with pytest.raises(InvalidInput):
        services.upload_materials(w.agent, run, files=[("用地红线图", upload("x.pdf", EXE))])
    with pytest.raises(InvalidInput, match="不是"):
        services.upload_materials(w.agent, run, files=[("身份证", upload("a.pdf", pdf_bytes()))])
    with pytest.raises(InvalidInput, match="请选择要上传的文件"):
        services.upload_materials(w.agent, run, files=[("用地红线图", None)])
    assert not ProjectMaterial.objects.exists()
    assert not ProjectEvent.objects.filter(action=Action.UPLOAD).exists()
    client.force_login(w.agent)
    for bad in ("abc", "", "9999999"):  # a tampered form: a message, never a 500
        response = client.post(
            f"/projects/{project.pk}/materials/",
            {"run": bad, "material": "用地红线图", "file": upload("a.pdf", pdf_bytes())},
        )
        assert response.status_code == 200 and "请刷新后重试" in response.content.decode()
    assert not ProjectMaterial.objects.exists()
    # the applicant uploads through the same service, not as 代办
    [row] = services.upload_materials(
        w.enterprise, run, files=[("用地红线图", upload("a.pdf", pdf_bytes()))]
    )
    assert not row.by_agent


def test_the_reviewing_departments_open_the_supplied_files_and_strangers_do_not(
    login, django_capture_on_commit_callbacks
):
    """The file an agent supplied opens (as an attachment, audited) for a department that
    reviews the project, from the project page; a citizen with no part in it gets 404, and so
    does a token of another project's file."""
    from django.test import Client

    from onewindow.core.audit.models import AuditEvent
    from tests.accounts.factories import UserFactory

    today = timezone.localdate()
    w, project, run, _ = _world(signed_on=today, expires_on=today + timedelta(days=90))
    with django_capture_on_commit_callbacks(execute=True):
        services.upload_materials(
            w.agent, run, files=[("用地红线图", upload("红线图.pdf", pdf_bytes("plan")))]
        )
    row = ProjectMaterial.objects.get(run=run)
    url = f"/projects/{project.pk}/materials/{row.token}/"

    reviewer = login(w.leader)
    page = reviewer.get(f"/projects/{project.pk}/").content.decode()
    assert url in page and "红线图.pdf" in page
    response = reviewer.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="projects.material_download", actor=w.leader).exists()

    stranger = Client()
    stranger.force_login(UserFactory(citizen=True))
    assert stranger.get(url).status_code == 404
    assert reviewer.get(f"/projects/{project.pk}/materials/{'0' * 32}/").status_code == 404
