"""Staff must pass a TOTP second factor where the profile requires it (production)."""

import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@override_settings(OTP_REQUIRED_FOR_STAFF=True)
def test_staff_enrol_then_verify_a_totp_code(client, login):
    clerk = UserFactory(clerk=True)
    login(clerk)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].endswith("/accounts/otp/")
    page = client.get("/accounts/otp/")
    assert "扫描" in page.content.decode()
    device = TOTPDevice.objects.get(user=clerk, confirmed=False)
    wrong = client.post(
        "/accounts/otp/", {"token": "000000" if _code(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 400 and "动态口令不正确" in wrong.content.decode()
    throttled = client.post("/accounts/otp/", {"token": _code(device)})
    assert "尝试过于频繁" in throttled.content.decode()
    # A moment later the throttle has passed.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    assert client.post("/accounts/otp/", {"token": _code(device)}).status_code == 302
    assert client.get("/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


@override_settings(OTP_REQUIRED_FOR_STAFF=True)
def test_citizens_are_not_asked_for_a_second_factor(client, login):
    login(UserFactory(citizen=True))
    assert client.get("/").status_code == 200
