"""The public 吐槽找茬 form: no account needed, anonymous allowed, a Chinese receipt with
the order number, a bad phone refused in Chinese with nothing saved, throttled per address."""

from datetime import date

import pytest

from onewindow.feedback.constants import WorkOrderSource, WorkOrderStatus
from onewindow.feedback.models import WorkOrder

pytestmark = pytest.mark.django_db

URL = "/feedback/orders/complain/"


def _post(client, **overrides):
    data = {
        "kind": "complaint",
        "subject": "窗口中午无人",
        "content": "12点10分到不动产窗口，无人值守。",
        "requester_name": "",
        "requester_phone": "",
    }
    data.update(overrides)
    return client.post(URL, data)


def test_an_anonymous_complaint_gets_a_receipt(calendar_2026, clock_at, client):
    clock_at(date(2026, 9, 28))
    assert client.get(URL).status_code == 200
    response = _post(client, anonymous="on")
    assert response.status_code == 200
    page = response.content.decode()
    order = WorkOrder.objects.get()
    assert "您反映的问题已受理" in page
    assert order.number in page
    assert order.source == WorkOrderSource.ONLINE_COMPLAINT
    assert order.status == WorkOrderStatus.RECEIVED  # waits for a supervisor's dispatch
    assert order.is_real_name is False
    assert order.requester_name == "" and order.requester_phone == ""


def test_a_bad_phone_is_refused_in_chinese_and_nothing_saved(calendar_2026, clock_at, client):
    clock_at(date(2026, 9, 28))
    response = _post(client, requester_name="王五", requester_phone="12345")
    assert response.status_code == 400
    assert "手机号码应为以1开头的11位数字" in response.content.decode()
    assert WorkOrder.objects.count() == 0


def test_a_named_complaint_needs_name_and_phone(calendar_2026, clock_at, client):
    clock_at(date(2026, 9, 28))
    response = _post(client)
    assert response.status_code == 400
    assert "实名反映请填写姓名" in response.content.decode()
    response = _post(client, requester_name="王五", requester_phone="139 1234 5678")
    assert response.status_code == 200
    order = WorkOrder.objects.get()
    assert order.is_real_name is True
    assert order.requester_phone.reveal() == "13912345678"
    assert "13912345678" not in response.content.decode()


def test_submissions_are_throttled_per_address(calendar_2026, clock_at, client, settings):
    clock_at(date(2026, 9, 28))
    settings.FEEDBACK_COMPLAINTS_PER_HOUR = 2
    assert _post(client, anonymous="on").status_code == 200
    assert _post(client, anonymous="on").status_code == 200
    response = _post(client, anonymous="on")
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert WorkOrder.objects.count() == 2
