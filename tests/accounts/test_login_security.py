"""Lockout, same answer for unknown users, forced password change, session lifetime."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.test import override_settings

from onewindow.accounts import roles
from onewindow.accounts.middleware import LOGIN_AT
from onewindow.accounts.models import UserSession
from onewindow.core.audit.models import AuditEvent
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _post_login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_unknown_user_and_wrong_password_get_the_same_answer(client):
    UserFactory(username="known", citizen=True)
    wrong = _post_login(client, "known", "Wrong-pass-1")
    unknown = _post_login(client, "nobody", "Wrong-pass-1")
    assert wrong.status_code == unknown.status_code == 200
    assert "登录名或密码不正确" in wrong.content.decode()
    assert "登录名或密码不正确" in unknown.content.decode()
    assert AuditEvent.objects.filter(action="login_failed").count() == 2


def test_five_failures_lock_the_account_and_refuse_the_right_password(client):
    user = UserFactory(username="target", citizen=True)
    for _ in range(5):
        _post_login(client, "target", "Wrong-pass-1")
    response = _post_login(client, "target", PASSWORD)
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="lockout").count() >= 1
    assert not AuditEvent.objects.filter(action="login", actor=user).exists()


def test_the_lock_holds_for_the_username_from_another_address(client):
    UserFactory(username="target2", citizen=True)
    for _ in range(5):
        client.post(
            "/accounts/login/",
            {"username": "target2", "password": "Wrong-pass-1"},
            REMOTE_ADDR="10.0.0.1",
        )
    response = client.post(
        "/accounts/login/", {"username": "target2", "password": PASSWORD}, REMOTE_ADDR="10.0.0.2"
    )
    assert response.status_code == 429


def test_four_failures_do_not_lock(client):
    UserFactory(username="careful", citizen=True)
    for _ in range(4):
        _post_login(client, "careful", "Wrong-pass-1")
    assert _post_login(client, "careful", PASSWORD).status_code == 302


def test_login_and_logout_are_audited_and_logout_ends_the_server_session(client):
    user = UserFactory(citizen=True)
    assert _post_login(client, user.username, PASSWORD).status_code == 302
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    assert UserSession.objects.filter(user=user, session_key=key).exists()
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    actions = list(AuditEvent.objects.filter(actor=user).values_list("action", flat=True))
    assert "login" in actions and "logout" in actions


def test_first_login_forces_a_password_change(client):
    user = UserFactory(clerk=True, first_login=True)
    _post_login(client, user.username, PASSWORD)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].endswith("/accounts/password/")
    api = client.get("/api/accounts/me")
    assert api.status_code == 403
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password": "Xin-Mima-2026",
            "new_password_again": "Xin-Mima-2026",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password("Xin-Mima-2026")


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("short1A", "密码长度太短"),
        ("alllowercase", "至少 3 类"),
        ("Password123", "密码太常见"),
        ("Aa1!" * 32 + "x", "不能超过 128 个字符"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(client, new, message):
    user = UserFactory(citizen=True)
    _post_login(client, user.username, PASSWORD)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password": new, "new_password_again": new},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_128_character_password_is_accepted(client):
    user = UserFactory(citizen=True)
    _post_login(client, user.username, PASSWORD)
    new = ("Aa1!" * 32)[:128]
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password": new, "new_password_again": new},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


@override_settings(PASSWORD_EXPIRY_DAYS=90)
def test_an_expired_password_must_be_changed(client):
    from datetime import timedelta

    from django.utils import timezone

    user = UserFactory(citizen=True, password_changed_at=timezone.now() - timedelta(days=91))
    _post_login(client, user.username, PASSWORD)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].endswith("/accounts/password/")


def test_the_absolute_session_lifetime_ends_the_session(client, settings):
    user = UserFactory(citizen=True)
    _post_login(client, user.username, PASSWORD)
    assert client.get("/").status_code == 200
    session = client.session
    session[LOGIN_AT] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get("/accounts/me/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_idle_timeout_is_thirty_minutes_and_refreshed_on_each_request(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_disabling_a_user_ends_their_sessions(client):
    admin = UserFactory(role="security_admin")
    user = UserFactory(citizen=True)
    _post_login(client, user.username, PASSWORD)
    key = client.session.session_key
    roles.disable_user(admin, user, "离职")
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/accounts/me/").status_code == 302
    assert AuditEvent.objects.filter(action="user_disable", object_id=str(user.pk)).count() == 1


def test_passwords_are_hashed_with_argon2():
    from django.test import override_settings

    from onewindow import settings as project_settings

    with override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
        user = UserFactory(citizen=True)
        user.set_password("Huanghe#2026")
        user.save()
        assert user.password.startswith("argon2$")
        assert user.check_password("Huanghe#2026")
