import pytest

from onewindow.accounts.constants import Role
from onewindow.core.workdays.services import seed_from_package
from tests.accounts.factories import DepartmentFactory, UserFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def calendar_2026(db):
    """2026 holidays and make-up days (National Day 10-01..10-07; 10-10 a working Saturday)."""
    seed_from_package([2025, 2026])


@pytest.fixture
def unit(db):
    return DepartmentFactory(name="政务服务科")


@pytest.fixture
def leader(db):
    return UserFactory(role=Role.LEADER, display_name="李局长")


@pytest.fixture
def party_member(db):
    return UserFactory(role=Role.PARTY_MEMBER)


@pytest.fixture
def discipline(db):
    return UserFactory(role=Role.DISCIPLINE_OFFICER)


@pytest.fixture
def supervisor(db):
    return UserFactory(role=Role.SUPERVISOR)


@pytest.fixture
def unit_clerk(unit):
    return UserFactory(role=Role.CLERK, department=unit)


@pytest.fixture
def other_clerk(db):
    return UserFactory(clerk=True)
