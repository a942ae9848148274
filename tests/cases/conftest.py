import pytest

from onewindow.core.workdays.services import seed_from_package


@pytest.fixture
def calendar_2026(db):
    """The 2026 holidays and make-up days (National Day 10-01..10-07, 10-10 a working Sat)."""
    seed_from_package([2025, 2026])
