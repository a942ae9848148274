import pytest

from onewindow.accounts.constants import Role
from onewindow.core.workdays.services import seed_from_package
from tests.accounts.factories import DepartmentFactory, UserFactory


@pytest.fixture
def calendar_2026(db):
    """2026 holidays and make-up days (National Day 10-01..10-07; 10-10 a working Saturday)."""
    seed_from_package([2025, 2026])


@pytest.fixture
def unit(db):
    return DepartmentFactory(name="政务服务科")


@pytest.fixture
def unit_clerk(unit):
    return UserFactory(role=Role.CLERK, department=unit)


@pytest.fixture
def other_clerk(db):
    return UserFactory(clerk=True)
