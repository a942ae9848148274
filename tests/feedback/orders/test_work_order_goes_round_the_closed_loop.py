"""A hotline order goes round the loop: accept, dispatch, handle, reply, call back, close,
rate; each step on the timeline, audited, and the right people told."""

from datetime import date

import pytest

from onewindow.core.audit.models import AuditEvent
from onewindow.core.workdays.constants import WarningLevel
from onewindow.feedback.constants import (
    CallbackResult,
    WorkOrderKind,
    WorkOrderSource,
    WorkOrderStatus,
)
from onewindow.feedback.orders import services
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.feedback.factories import citizen, supervisor, unit_staff

pytestmark = pytest.mark.django_db


def test_the_loop_from_registration_to_rating(calendar_2026, clock_at, outbox, committed):
    clock_at(date(2026, 9, 28))
    department = DepartmentFactory()
    handler = unit_staff(department)
    boss = supervisor()
    requester = citizen()
    clerk = UserFactory(clerk=True)

    order = committed(
        services.open_work_order,
        source=WorkOrderSource.HOTLINE,
        kind=WorkOrderKind.COMPLAINT,
        subject="窗口人员推诿",
        content="办理营业执照变更时被要求到其他窗口。",
        requester_name="张三",
        requester_phone="13912345678",
        requester=requester,
        is_real_name=True,
        external_number="12345-2026-0001",
        actor=clerk,
    )
    assert order.status == WorkOrderStatus.RECEIVED
    assert [m["recipient"]["user_id"] for m in outbox("feedback.order.to_dispatch")] == [boss.pk]
    assert str(order.requester_phone) == "139****5678"
    assert order.requester_phone.reveal() == "13912345678"

    order = committed(services.dispatch, order, department, boss)
    assert order.status == WorkOrderStatus.DISPATCHED
    told = outbox("feedback.order.dispatched")
    assert [m["recipient"]["user_id"] for m in told] == [handler.pk]

    order = services.start(order, handler)
    assert order.status == WorkOrderStatus.HANDLING and order.handler == handler

    order = committed(services.reply, order, "已对窗口人员批评教育，并为您办结变更。", handler)
    assert order.status == WorkOrderStatus.REPLIED
    replied = outbox("feedback.order.replied")
    assert [m["recipient"]["user_id"] for m in replied] == [requester.pk]
    assert "已答复" in replied[0]["body"]
    order.clock.refresh_from_db()
    assert order.clock.paused_since is not None  # waiting for the callback

    order = services.record_callback(order, CallbackResult.SATISFIED, "诉求人表示满意", handler)
    assert order.callback_by == handler and order.callback_at is not None

    order = services.close(order, handler, note="办结")
    assert order.status == WorkOrderStatus.CLOSED
    order.clock.refresh_from_db()
    assert order.clock.stopped_on == date(2026, 9, 28)

    order = services.rate_handling(order, 5, requester)
    assert order.satisfaction == 5

    actions = list(order.events.values_list("action", flat=True))
    assert actions == [
        "register",
        "dispatch",
        "start",
        "reply",
        "record_callback",
        "close",
        "rate_handling",
    ]
    audited = AuditEvent.objects.filter(
        object_type="feedback.workorder", object_id=str(order.pk)
    ).values_list("action", flat=True)
    assert set(audited) >= {
        "feedback.order.register",
        "feedback.order.dispatch",
        "feedback.order.start",
        "feedback.order.reply",
        "feedback.order.record_callback",
        "feedback.order.close",
        "feedback.order.rate_handling",
    }
    assert "13912345678" not in str(list(AuditEvent.objects.values_list("after", flat=True)))


def test_a_return_for_redo_runs_the_clock_again(calendar_2026, clock_at, committed, outbox):
    clock_at(date(2026, 9, 28))
    department = DepartmentFactory()
    handler, boss = unit_staff(department), supervisor()
    order = services.open_work_order(
        source=WorkOrderSource.PETITION,
        kind=WorkOrderKind.COMPLAINT,
        subject="信访件",
        content="反映施工许可办理慢。",
        department=department,
        actor=boss,
    )
    services.start(order, handler)
    order = services.reply(order, "已答复", handler)
    clock_at(date(2026, 9, 30))
    order = committed(services.return_order, order, "答复未回应诉求", boss)
    assert order.status == WorkOrderStatus.RETURNED
    order.clock.refresh_from_db()
    assert order.clock.paused_since is None
    assert order.clock.due_date == date(2026, 10, 23)  # 9-28 + 13, two paused days added
    assert outbox("feedback.order.returned")
    order = services.start(order, handler)
    assert order.status == WorkOrderStatus.HANDLING


def test_the_pages_take_a_staff_order_round_the_loop(calendar_2026, clock_at, client):
    clock_at(date(2026, 9, 28))
    department = DepartmentFactory()
    handler, boss = unit_staff(department), supervisor()
    client.force_login(boss)
    response = client.post(
        "/feedback/orders/new/",
        {
            "source": "hotline",
            "kind": "enquiry",
            "subject": "咨询公积金提取",
            "content": "退休提取需要哪些材料？",
            "requester_name": "李四",
            "requester_phone": "13800138000",
            "is_real_name": "on",
            "department": department.pk,
        },
    )
    assert response.status_code == 302
    number = response["Location"].rstrip("/").split("/")[-1]
    page = client.get(f"/feedback/orders/{number}/").content.decode()
    assert "138****8000" in page and "13800138000" not in page

    client.force_login(handler)
    detail = client.get(f"/feedback/orders/{number}/").content.decode()
    assert 'data-testid="action-start"' in detail
    assert "剩余 3 个工作日" in detail
    assert client.post(f"/feedback/orders/{number}/start/").status_code == 302
    response = client.post(f"/feedback/orders/{number}/reply/", {"reply-reply": "材料清单已告知"})
    assert response.status_code == 302
    response = client.post(
        f"/feedback/orders/{number}/record_callback/",
        {"record_callback-result": "satisfied", "record_callback-note": ""},
    )
    assert response.status_code == 302
    assert client.post(f"/feedback/orders/{number}/close/", {"close-note": ""}).status_code == 302
    detail = client.get(f"/feedback/orders/{number}/").content.decode()
    assert "已办结" in detail
    assert WarningLevel.STOPPED in detail
