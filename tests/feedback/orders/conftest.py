from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from onewindow.core.workdays.services import seed_from_package

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def calendar_2026(db):
    """The 2026 holidays and make-up days (National Day 10-01..10-07, 10-10 a working Sat)."""
    seed_from_package([2025, 2026])


@pytest.fixture
def clock_at(monkeypatch):
    """Make a moment (Shanghai) "now" for the services, the clocks and auto_now."""

    def set_now(day: date, hour: int = 10, minute: int = 0):
        moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_now
