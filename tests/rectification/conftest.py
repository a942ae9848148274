"""Fixtures every rectification test shares: the people who use the ledger, a media
folder of the test's own for evidence files, and the demo's inspection."""

import pytest

from onewindow.accounts import demo as accounts_demo
from onewindow.accounts.constants import Role
from onewindow.org import demo as org_demo
from onewindow.rectification import demo
from onewindow.rectification.models import Inspection
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
def inspection_office(db):
    return UserFactory(role=Role.INSPECTION_OFFICE)


@pytest.fixture
def supervisor(db):
    return UserFactory(role=Role.SUPERVISOR)


@pytest.fixture
def demo_inspection(db):
    """The demo's inspection (the seed report's ledger), loaded with what it needs."""
    org_demo.load_network()
    accounts_demo.load_users()
    counts = demo.load_rectification()
    assert counts["inspections"] == 1
    return Inspection.objects.get()
