"""Attack replay: a token copied before its owner changes the password keeps working.

A kiosk's or a script's token leaks; the owner notices and changes the password, as they
are told to. Before the fix the copied token went on answering for them. Now the change
revokes every token the account held (401 from then on), and the revocation is audited.
"""

import re

import pytest
from django.test import Client

from onewindow.core.audit.models import AuditEvent
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Changed-Pass-2027"


def _issue_on_the_profile_page(client) -> str:
    page = client.post(
        "/accounts/me/", {"name": "自助终端", "days": 90, "scopes": ["read", "apply"]}
    ).content.decode()
    return re.search(r"ow_[A-Za-z0-9_\-]{20,}", page).group(0)


def test_a_token_used_after_its_owners_password_change_is_refused(client, login):
    owner = UserFactory(citizen=True)
    login(owner)
    stolen = _issue_on_the_profile_page(client)
    attacker = Client(HTTP_AUTHORIZATION=f"Bearer {stolen}")
    assert attacker.get("/api/accounts/me").status_code == 200

    changed = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "new_password_again": NEW_PASSWORD,
        },
    )
    assert changed.status_code == 302

    for url in ("/api/accounts/me", "/api/cases/mine"):
        response = attacker.get(url)
        assert response.status_code == 401, url
        assert "令牌" in response.json()["detail"]
    event = AuditEvent.objects.get(action="api_token.revoke")
    assert event.after["reason"] == "password_change" and event.actor == owner
