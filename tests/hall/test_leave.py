"""请假: a clerk applies from their navigation, a supervisor approves or refuses; approved
leave excuses the day in the attendance check, refused leave does not; the month's list."""

from datetime import date

import pytest
from django.test import Client

from onewindow.core.errors import Conflict, InvalidInput, PermissionDenied
from onewindow.hall.constants import LeaveStatus
from onewindow.hall.models import AttendanceRecord, Leave
from onewindow.hall.supervision import attendance, leave

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 9)  # a Monday


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_clerk_applies_a_supervisor_approves_and_the_day_is_not_an_absence(clerk, supervisor):
    page = _client(clerk)
    home = page.get("/").content.decode()
    assert "/hall/leave/" in home  # reachable from the clerk's navigation
    response = page.post(
        "/hall/leave/",
        {
            "action": "apply",
            "kind": "sick",
            "start": "2026-11-09",
            "end": "2026-11-10",
            "reason": "感冒发烧",
        },
    )
    assert response.status_code == 302
    applied = Leave.objects.get(user=clerk)
    assert applied.status == LeaveStatus.PENDING and applied.reason == "感冒发烧"

    boss = _client(supervisor)
    assert "感冒发烧" in boss.get("/hall/leave/").content.decode()
    boss.post("/hall/leave/", {"action": "approve", "leave": applied.pk})
    applied.refresh_from_db()
    assert applied.status == LeaveStatus.APPROVED and applied.decided_by == supervisor

    assert attendance.check_day(DAY, actor=supervisor)["absent"] == 0
    assert not AttendanceRecord.objects.filter(user=clerk, day=DAY, absent=True).exists()

    listed = page.get("/hall/leave/?month=2026-11").content.decode()
    assert "病假" in listed and "已批准" in listed and "2026-11-09" in listed
    assert "感冒发烧" not in page.get("/hall/leave/?month=2026-10").content.decode()


def test_refused_or_pending_leave_does_not_excuse_an_absence(clerk, supervisor):
    pending = leave.apply(clerk, kind="personal", start=DAY, end=DAY, reason="家中有事")
    assert attendance.check_day(DAY, actor=supervisor)["absent"] == 1
    with pytest.raises(InvalidInput):
        leave.decide(supervisor, pending, approve=False)  # refusing needs a reason
    leave.decide(supervisor, pending, approve=False, note="窗口人手不足")
    assert Leave.objects.get(pk=pending.pk).status == LeaveStatus.REFUSED
    with pytest.raises(Conflict):
        leave.decide(supervisor, pending, approve=True)  # decided once


def test_bad_input_is_a_clear_message_and_nothing_is_saved(clerk, supervisor):
    page = _client(clerk)
    response = page.post(
        "/hall/leave/",
        {
            "action": "apply",
            "kind": "sick",
            "start": "2026-11-10",
            "end": "2026-11-09",
            "reason": "x",
        },
        follow=True,
    )
    assert "结束日期不能早于开始日期" in response.content.decode()
    for bad in (
        {"kind": "holiday", "start": DAY, "end": DAY, "reason": "x"},
        {"kind": "sick", "start": None, "end": DAY, "reason": "x"},
        {"kind": "sick", "start": DAY, "end": DAY, "reason": "  "},
    ):
        with pytest.raises(InvalidInput):
            leave.apply(clerk, **bad)
    assert not Leave.objects.exists()

    leave.apply(clerk, kind="sick", start=DAY, end=DAY, reason="看病")
    with pytest.raises(Conflict):
        leave.apply(clerk, kind="annual", start=DAY, end=DAY, reason="重复")
    with pytest.raises(PermissionDenied):
        leave.decide(clerk, Leave.objects.get(), approve=True)  # a clerk does not approve
    with pytest.raises(PermissionDenied):
        leave.apply(supervisor, kind="sick", start=DAY, end=DAY, reason="x")
    assert Leave.objects.count() == 1
