"""The published report as a public page, and the public's feedback as a work order."""

from django.urls import reverse

from onewindow.feedback.constants import WorkOrderKind, WorkOrderSource
from onewindow.feedback.models import WorkOrder
from onewindow.rectification.models import ReportFeedback
from onewindow.rectification.report import services

from .ledger_helpers import close_measure


def _published(inspection, leader):
    return services.publish(services.create_draft(inspection, actor=leader), actor=leader)


def test_the_public_sees_published_reports_only(ledger, leader, client):
    draft = services.create_draft(ledger[0], actor=leader)
    services.edit_narrative(draft, actor=leader, title="草稿标题不公开", narrative={})
    published = _published(ledger[0], leader)

    listing = client.get(reverse("rectification:public_reports")).content.decode()
    assert published.title in listing
    assert "草稿标题不公开" not in listing
    page = client.get(reverse("rectification:public_report", args=[published.slug]))
    assert page.status_code == 200
    assert "3个方面3个问题，已完成1个，正在推进2个" in page.content.decode()
    assert (
        client.get(reverse("rectification:public_report", args=["tb20200101-999"])).status_code
        == 404
    )
    # Staff pages stay closed to the public.
    assert client.get(reverse("rectification:report_detail", args=[draft.pk])).status_code == 302


def test_the_public_page_keeps_the_published_snapshot(ledger, leader, client):
    published = _published(ledger[0], leader)
    close_measure(ledger[1]["measures"]["1b"], leader)
    page = client.get(reverse("rectification:public_report", args=[published.slug]))
    html = page.content.decode()
    assert "已完成1个，正在推进2个" in html
    assert "已完成2个" not in html


def test_feedback_opens_a_suggestion_work_order_and_thanks_with_its_number(ledger, leader, client):
    published = _published(ledger[0], leader)
    url = reverse("rectification:public_report", args=[published.slug])
    response = client.post(
        url, {"name": "王先生", "phone": "13912345678", "content": "建议公开停车场开放时间。"}
    )
    assert response.status_code == 302
    feedback = ReportFeedback.objects.get()
    order = feedback.work_order
    assert feedback.report == published
    assert order.source == WorkOrderSource.REPORT_FEEDBACK
    assert order.kind == WorkOrderKind.SUGGESTION
    assert order.content == "建议公开停车场开放时间。"
    assert order.is_real_name
    page = client.get(url).content.decode()
    assert f"已登记为工单 {order.number}" in page
    assert "13912345678" not in page


def test_empty_or_overlong_feedback_is_refused_in_chinese(ledger, leader, client):
    published = _published(ledger[0], leader)
    url = reverse("rectification:public_report", args=[published.slug])
    response = client.post(url, {"content": "   "})
    assert response.status_code == 400
    assert "请填写意见建议" in response.content.decode()
    response = client.post(url, {"content": "长" * 1001})
    assert response.status_code == 400
    assert "意见建议不能超过1000个字" in response.content.decode()
    response = client.post(url, {"content": "好", "phone": "12345"})
    assert "请填写正确的手机号码，或留空" in response.content.decode()
    assert ReportFeedback.objects.count() == 0
    assert WorkOrder.objects.count() == 0


def test_feedback_is_throttled_per_address(ledger, leader, client, settings):
    settings.RECTIFICATION_REPORT_FEEDBACK_PER_HOUR = 2
    published = _published(ledger[0], leader)
    url = reverse("rectification:public_report", args=[published.slug])
    for i in range(2):
        assert client.post(url, {"content": f"意见{i}"}).status_code == 302
    response = client.post(url, {"content": "第三条"})
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert ReportFeedback.objects.count() == 2
