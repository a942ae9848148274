"""Login lockout behind nginx: the client's address is locked, never the proxy's (decision 0010).

Replays the incident: with PROXY_COUNT=1 every request reaches the application from the
proxy's address, so five bad logins from one client used to lock every user out.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt

from onewindow.core.audit.models import AuditEvent
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
NGINX = "127.0.0.1"
CLIENT_A = "203.0.113.10"
CLIENT_B = "198.51.100.20"
WRONG = "Wrong-pass-1"


@pytest.fixture
def behind_nginx(settings):
    settings.PROXY_COUNT = 1


def _login(client, username, password, *, via=None, forged=""):
    """POST the login form; ``via`` is the client's address as nginx appends it."""
    extra = {"REMOTE_ADDR": NGINX}
    if via is not None:
        extra["HTTP_X_FORWARDED_FOR"] = f"{forged}, {via}" if forged else via
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def _direct(client, username, password, address):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_five_failures_from_one_client_do_not_lock_out_a_client_elsewhere(behind_nginx, client):
    UserFactory(username="someone", citizen=True)
    bystander = UserFactory(username="bystander", citizen=True)
    for _ in range(5):
        _login(client, "someone", WRONG, via=CLIENT_A)
    assert _login(client, "someone", PASSWORD, via=CLIENT_A).status_code == 429
    response = _login(client, bystander.username, PASSWORD, via=CLIENT_B)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(bystander.pk)


def test_a_spraying_client_is_locked_by_its_own_address_and_no_one_else(
    behind_nginx, client, settings
):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 20
    victim = UserFactory(username="victim", citizen=True)
    bystander = UserFactory(username="bystander2", citizen=True)
    for n in range(20):
        _login(client, f"guess{n:02d}", WRONG, via=CLIENT_A)
    # The sprayer's address is locked even for an account it never tried...
    assert _login(client, victim.username, PASSWORD, via=CLIENT_A).status_code == 429
    # ...while the proxy, and everyone else behind it, is not.
    assert _login(client, bystander.username, PASSWORD, via=CLIENT_B).status_code == 302
    assert AuditEvent.objects.filter(action="lockout", ip_address=CLIENT_A).exists()
    assert not AuditEvent.objects.filter(action="lockout", ip_address=NGINX).exists()


def test_a_forged_forwarded_header_does_not_change_the_counted_address(
    behind_nginx, client, settings
):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 20
    victim = UserFactory(username="victim3", citizen=True)
    for n in range(20):
        # The client writes its own X-Forwarded-For; nginx appends the real address.
        _login(client, f"guess{n:02d}", WRONG, via=CLIENT_A, forged=f"10.9.{n}.1")
    response = _login(client, victim.username, PASSWORD, via=CLIENT_A, forged="192.0.2.99")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT_A}


def test_the_username_lock_follows_the_account_to_any_address(behind_nginx, client):
    UserFactory(username="target", citizen=True)
    for _ in range(5):
        _login(client, "target", WRONG, via=CLIENT_A)
    assert _login(client, "target", PASSWORD, via=CLIENT_B).status_code == 429


def test_people_sharing_one_address_are_not_locked_out_by_each_others_typos(client):
    # The hall's kiosks, an office or a mobile carrier's NAT: many people, one address.
    hall = "192.0.2.50"
    people = [UserFactory(username=f"resident{n}", citizen=True) for n in range(6)]
    for person in people[:5]:
        assert _direct(client, person.username, WRONG, hall).status_code == 200
    assert _direct(client, people[5].username, PASSWORD, hall).status_code == 302


def test_a_sprayer_cannot_clear_its_count_by_signing_in_to_its_own_account(client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 20
    own = UserFactory(username="sprayer", citizen=True)
    victim = UserFactory(username="victim4", citizen=True)
    address = "192.0.2.66"
    for n in range(19):
        _direct(client, f"guess{n:02d}", WRONG, address)
    assert _direct(client, own.username, PASSWORD, address).status_code == 302
    client.logout()
    _direct(client, "guess19", WRONG, address)
    assert _direct(client, victim.username, PASSWORD, address).status_code == 429


def test_lockout_audit_and_throttles_read_one_and_the_same_client_address(behind_nginx, client, rf):
    from onewindow.core.client_address import client_ip

    _login(client, "nobody", WRONG, via=CLIENT_A, forged="6.6.6.6")
    failed = AuditEvent.objects.get(action="login_failed")
    attempt = AccessAttempt.objects.get()
    request = rf.post(
        "/accounts/login/", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=f"6.6.6.6, {CLIENT_A}"
    )
    assert failed.ip_address == attempt.ip_address == client_ip(request) == CLIENT_A


def test_a_proxy_count_without_ipware_refuses_to_start():
    # sys.modules[name] = None is how Python spells "this package is not installed".
    code = "import sys; sys.modules['ipware'] = None; import django; django.setup()"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "onewindow.settings",
            "PROXY_COUNT": "1",
            "ONEWINDOW_ENV_FILE": "",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "django-ipware" in result.stderr
    env["PROXY_COUNT"] = "0"
    direct = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert direct.returncode == 0, direct.stderr
