"""Attack replay, "TOTP pre-capture": a stolen session reads the secret the owner then confirms.

The attacker has the staff member's session cookie (taken right after login, before the
second factor) but not the password. Before the fix, opening the enrolment page created
the device and showed its QR code to whoever asked, and the owner later confirmed that
same device: the attacker held a valid second factor for good. Now a secret is shown only
to someone who types the password again, in that one answer, and the device the owner
confirms is one the attacker never saw.
"""

import base64
import re

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

QR_IMAGE = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")


def _code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _secrets_in(html: str) -> set[str]:
    """Every QR code image in a page (the only form the secret took before the fix)."""
    return set(QR_IMAGE.findall(html))


def _key_text(device) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


@override_settings(OTP_REQUIRED_FOR_STAFF=True)
def test_a_stolen_session_cannot_capture_the_secret_the_owner_confirms(client, login):
    clerk = UserFactory(clerk=True)
    login(clerk)
    attacker = Client()
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
        if name in client.cookies:
            attacker.cookies[name] = client.cookies[name].value
    stopped = attacker.get("/")
    assert stopped.status_code == 302 and stopped["Location"].endswith("/accounts/otp/")

    seen = [
        attacker.get("/accounts/otp/"),
        attacker.post("/accounts/otp/", {"step": "enrol", "password": "Guess-Pass-2026"}),
        attacker.post("/accounts/otp/", {"step": "enrol"}),
    ]
    captured = "".join(response.content.decode() for response in seen)

    owner_page = client.post("/accounts/otp/", {"step": "enrol", "password": PASSWORD})
    device = TOTPDevice.objects.get(user=clerk, confirmed=False)
    confirmed = client.post("/accounts/otp/", {"step": "confirm", "token": _code(device)})
    assert confirmed.status_code == 302
    device.refresh_from_db()
    assert device.confirmed

    shown_to_owner = _secrets_in(owner_page.content.decode())
    assert shown_to_owner, "the owner is shown the secret to scan"
    assert not (_secrets_in(captured) & shown_to_owner), "the attacker saw the owner's secret"
    assert _key_text(device) not in captured.replace(" ", "")
    assert _secrets_in(captured) == set(), "no secret at all is shown without the password"
    # The owner's session went on under a new key; the copied one is still stopped.
    assert client.get("/accounts/me/").status_code == 200
    still = attacker.get("/accounts/me/")
    assert still.status_code == 302 and "/accounts/" in still["Location"]
