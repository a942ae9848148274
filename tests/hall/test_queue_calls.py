"""取号叫号: the oldest ticket of the zone is called, a transferred ticket goes first at its
new window, two windows never get the same ticket, and an idle staffed window is flagged."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from onewindow.core.errors import Conflict, InvalidInput, PermissionDenied
from onewindow.hall.models.queue import TicketStatus
from onewindow.hall.queue import selectors, services
from onewindow.hall.supervision import attendance
from onewindow.org.models import Window, WindowAssignment
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(network, hall_window):
    window = Window.objects.get(site=hall_window.site, number="A02")
    user = UserFactory(clerk=True)
    WindowAssignment.objects.create(window=window, user=user, started_on=date(2020, 1, 1))
    return window, user


def test_calls_in_order_transfer_and_no_show(clerk, hall_window, second):
    site, zone = hall_window.site, hall_window.zone
    now = timezone.now()
    first = services.take(site, zone, phone="13812345678", now=now - timedelta(minutes=9))
    later = services.take(
        site, zone, id_number="370502199001011233", now=now - timedelta(minutes=3)
    )
    with pytest.raises(Conflict):
        services.take(site, zone, phone="13812345678")
    with pytest.raises(InvalidInput):
        services.take(site, zone)
    called = services.call_next(clerk, hall_window)
    assert called.pk == first.pk and called.status == TicketStatus.CALLED
    window_b, clerk_b = second
    assert services.call_next(clerk_b, window_b).pk == later.pk
    services.transfer(clerk, called, window_b)
    assert services.call_next(clerk_b, window_b).pk == first.pk  # transferred: first there
    services.no_show(clerk_b, first)
    assert services.call_next(clerk, hall_window) is None
    with pytest.raises(PermissionDenied):
        services.call_next(clerk, window_b)  # not on duty there
    screen = selectors.display(site, timezone.localdate())
    assert screen["called"] == []  # A002 done when the next was called, A001 a no-show
    assert selectors.waits_today(timezone.localdate(), site)["called"] == 2


def test_a_staffed_window_with_no_call_for_30_minutes_is_flagged(clerk, hall_window, supervisor):
    morning = timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time()))
    attendance.clock_in(supervisor, user=clerk, at=morning + timedelta(hours=8, minutes=20))
    at_ten = morning + timedelta(hours=10)
    assert selectors.idle_windows(at_ten, 30) == [hall_window.pk]
    services.take(hall_window.site, hall_window.zone, phone="13812345678", now=at_ten)
    services.call_next(clerk, hall_window, now=at_ten)
    assert selectors.idle_windows(at_ten + timedelta(minutes=10), 30) == []
    assert selectors.idle_windows(at_ten + timedelta(minutes=31), 30) == [hall_window.pk]


def test_the_daily_check_finds_absences_and_unattended_windows(supervisor, clerk, hall_window):
    day = date(2026, 11, 2)
    result = attendance.check_day(day, actor=supervisor)
    assert result["absent"] >= 1 and result["unattended"] >= 1
    assert hall_window.findings.filter(kind="unattended").exists()
    assert attendance.check_day(day, actor=supervisor)["absent"] == 0  # once only
