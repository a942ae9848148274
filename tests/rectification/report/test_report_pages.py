"""Staff pages of the report: who sees, who edits, the preview and the Word download."""

import pytest
from django.urls import reverse

from onewindow.core.audit.models import AuditEvent
from onewindow.rectification.constants import ReportStatus
from onewindow.rectification.models import ProgressReport
from onewindow.rectification.report import services

from .ledger_helpers import read_docx


def test_a_leader_drafts_edits_and_publishes_through_the_pages(ledger, leader, login):
    inspection, parts = ledger
    client = login(leader)
    response = client.get(reverse("rectification:reports"))
    assert response.status_code == 200
    assert inspection.title in response.content.decode()

    response = client.post(reverse("rectification:report_new", args=[inspection.pk]))
    report = ProgressReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("rectification:report_detail", args=[report.pk])

    page = client.get(reverse("rectification:report_detail", args=[report.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "3个方面3个问题，已完成1个，正在推进2个" in html
    assert "（一）政治建设和思想建设方面" in html
    assert 'data-testid="narrative-form"' in html

    form = page.context["form"]
    data = {name: form.initial.get(name, "") or "" for name in form.fields}
    data.update({"action": "save", "title": "新的标题", "next_steps": "（一）继续努力。持续推进。"})
    response = client.post(reverse("rectification:report_detail", args=[report.pk]), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.title == "新的标题"
    assert report.narrative["next_steps"] == "（一）继续努力。持续推进。"

    response = client.post(
        reverse("rectification:report_detail", args=[report.pk]), {"action": "publish"}
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    page = client.get(reverse("rectification:report_detail", args=[report.pk]))
    assert 'data-testid="narrative-form"' not in page.content.decode()


def test_an_empty_title_is_shown_beside_the_form(ledger, leader, login):
    report = services.create_draft(ledger[0], actor=leader)
    client = login(leader)
    response = client.post(
        reverse("rectification:report_detail", args=[report.pk]),
        {"action": "save", "title": "", "signature": "中共东营区行政审批服务局党组"},
    )
    assert response.status_code == 200
    assert "请填写标题" in response.content.decode()


@pytest.mark.parametrize("role", ["discipline", "supervisor"])
def test_discipline_officers_and_supervisors_read_but_do_not_edit(
    ledger, leader, role, request, login
):
    report = services.create_draft(ledger[0], actor=leader)
    client = login(request.getfixturevalue(role))
    assert client.get(reverse("rectification:reports")).status_code == 200
    page = client.get(reverse("rectification:report_detail", args=[report.pk]))
    assert page.status_code == 200
    assert 'data-testid="narrative-form"' not in page.content.decode()
    response = client.post(
        reverse("rectification:report_detail", args=[report.pk]), {"action": "publish"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert client.post(reverse("rectification:report_new", args=[ledger[0].pk])).status_code == 404


def test_others_get_no_report(ledger, leader, clerk, login):
    report = services.create_draft(ledger[0], actor=leader)
    client = login(clerk)
    assert client.get(reverse("rectification:reports")).status_code == 403
    assert client.get(reverse("rectification:report_detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("rectification:report_docx", args=[report.pk])).status_code == 404


def test_the_word_download_is_an_audited_attachment(ledger, leader, discipline, login):
    report = services.create_draft(ledger[0], actor=leader)
    client = login(discipline)
    response = client.get(reverse("rectification:report_docx", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    document = read_docx(response.content)
    assert document.paragraphs[0].text == report.title
    assert (
        AuditEvent.objects.filter(action="rectification.report.download", actor=discipline).count()
        == 1
    )
