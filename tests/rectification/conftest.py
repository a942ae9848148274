"""Fixtures every rectification test shares: the people who use the ledger, and a media
folder of the test's own for evidence files."""

import pytest

from onewindow.accounts.constants import Role
from tests.accounts.factories import UserFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


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
