"""The rectification report drafting and the ledger's import are reachable from the
leaders' navigation (the ledger's Excel export is on each inspection's ledger page)."""

import pytest
from django.urls import reverse

from onewindow.accounts.constants import Role
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "reports", "ledger_import"),
    [
        (Role.LEADER, True, True),
        (Role.PARTY_MEMBER, True, True),
        (Role.DISCIPLINE_OFFICER, True, False),
        (Role.SUPERVISOR, True, False),
        (Role.CLERK, False, False),
    ],
)
def test_the_links_follow_the_rights(client, role, reports, ledger_import):
    client.force_login(UserFactory(role=role))
    home = client.get(reverse("dashboard:home")).content.decode()
    assert (f'href="{reverse("rectification:reports")}"' in home) is reports
    assert (f'href="{reverse("rectification:ledger_import")}"' in home) is ledger_import
