"""Staff must pass a TOTP second factor where the profile requires it (production).

Enrolment asks for the password again before it shows a secret; each enrolment replaces the
unconfirmed device, which expires after OTP_ENROLMENT_MINUTES; confirming deletes the rest.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from onewindow.core.audit.models import AuditEvent
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_otp_required")]


@pytest.fixture
def _otp_required(settings):
    settings.OTP_REQUIRED_FOR_STAFF = True


def code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def wrong_code(device):
    return "000000" if code(device) != "000000" else "111111"


def enrol(client, password=PASSWORD):
    return client.post("/accounts/otp/", {"step": "enrol", "password": password})


def confirm(client, token):
    return client.post("/accounts/otp/", {"step": "confirm", "token": token})


def test_staff_type_the_password_then_scan_then_confirm(client, login):
    clerk = UserFactory(clerk=True)
    login(clerk)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].endswith("/accounts/otp/")
    page = client.get("/accounts/otp/").content.decode()
    assert "再次输入登录密码" in page and "data:image/png" not in page
    assert not TOTPDevice.objects.filter(user=clerk).exists()

    refused = enrol(client, "not-the-password")
    assert refused.status_code == 400 and "密码不正确" in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=clerk).exists()

    shown = enrol(client).content.decode()
    device = TOTPDevice.objects.get(user=clerk, confirmed=False)
    assert "data:image/png" in shown and "扫描" in shown

    wrong = confirm(client, wrong_code(device))
    assert wrong.status_code == 400 and "动态口令不正确" in wrong.content.decode()
    assert "data:image/png" not in wrong.content.decode()  # the secret is not shown again
    throttled = confirm(client, code(device))
    assert "尝试过于频繁" in throttled.content.decode()
    # A moment later the throttle has passed.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    assert confirm(client, code(device)).status_code == 302
    assert client.get("/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    actions = list(
        AuditEvent.objects.filter(action__startswith="otp.", actor=clerk)
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["otp.enrol", "otp.confirm"]


def test_a_confirmed_device_is_asked_for_at_the_next_login(client, login):
    clerk = UserFactory(clerk=True)
    login(clerk)
    enrol(client)
    device = TOTPDevice.objects.get(user=clerk)
    confirm(client, code(device))
    again = Client()
    again.post("/accounts/login/", {"username": clerk.username, "password": PASSWORD})
    page = again.get("/accounts/otp/").content.decode()
    assert "请输入身份验证器应用中显示的6位数字" in page
    assert "再次输入登录密码" not in page  # no second enrolment over a confirmed device
    assert again.post("/accounts/otp/", {"step": "enrol", "password": PASSWORD}).status_code == 400
    assert TOTPDevice.objects.filter(user=clerk).count() == 1


def test_each_enrolment_replaces_the_unconfirmed_device(client, login):
    clerk = UserFactory(clerk=True)
    login(clerk)
    enrol(client)
    first = TOTPDevice.objects.get(user=clerk)
    enrol(client)
    second = TOTPDevice.objects.get(user=clerk)
    assert second.pk != first.pk and second.key != first.key
    assert not TOTPDevice.objects.filter(pk=first.pk).exists()
    assert confirm(client, code(first)).status_code == 400
    TOTPDevice.objects.filter(pk=second.pk).update(throttling_failure_timestamp=None)
    assert confirm(client, code(second)).status_code == 302


def test_an_unconfirmed_device_expires_after_ten_minutes(client, login, settings):
    assert settings.OTP_ENROLMENT_MINUTES == 10
    clerk = UserFactory(clerk=True)
    login(clerk)
    enrol(client)
    device = TOTPDevice.objects.get(user=clerk)
    TOTPDevice.objects.filter(pk=device.pk).update(
        created_at=timezone.now() - timedelta(minutes=10, seconds=1)
    )
    late = confirm(client, code(device))
    assert late.status_code == 400 and "绑定已失效" in late.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/").status_code == 302  # still not through


def test_confirming_a_device_deletes_the_users_other_devices(client, login):
    clerk = UserFactory(clerk=True)
    other_user = UserFactory(clerk=True)
    login(clerk)
    enrol(client)
    device = TOTPDevice.objects.get(user=clerk)
    # A device left from elsewhere (an earlier enrolment, another tab, an old release).
    leftover = TOTPDevice.objects.create(user=clerk, name="旧设备", confirmed=False)
    TOTPDevice.objects.filter(pk=leftover.pk).update(
        created_at=timezone.now() - timedelta(minutes=1)
    )
    unrelated = TOTPDevice.objects.create(user=other_user, name="他人", confirmed=True)
    assert confirm(client, code(device)).status_code == 302
    assert list(TOTPDevice.objects.filter(user=clerk)) == [device]
    assert TOTPDevice.objects.filter(pk=unrelated.pk).exists()


def test_wrong_passwords_at_enrolment_count_towards_the_login_lockout(client, login, settings):
    clerk = UserFactory(clerk=True)
    login(clerk)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        enrol(client, "guessing-Pass-1")
    # Locked: the right password no longer opens the enrolment, nor the login page.
    locked = enrol(client)
    assert locked.status_code == 429 and "data:image/png" not in locked.content.decode()
    assert not TOTPDevice.objects.filter(user=clerk).exists()
    response = Client().post("/accounts/login/", {"username": clerk.username, "password": PASSWORD})
    assert response.status_code != 302


def test_citizens_are_not_asked_for_a_second_factor(client, login):
    login(UserFactory(citizen=True))
    assert client.get("/").status_code == 200
