import pytest

from tests.accounts.factories import UserFactory

from .ledger_helpers import build_ledger


@pytest.fixture
def clerk(db):
    return UserFactory(clerk=True)


@pytest.fixture
def ledger(leader):
    """(inspection, parts) of the small ledger in ledger_helpers.build_ledger."""
    return build_ledger(leader)
