"""Fixtures shared by every test."""

import json

import pytest
from django.core.cache import cache

from tests.accounts.factories import PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The calendar and axes keep state in the cache; each test starts clean.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (see test_passwords_are_hashed_with_argon2); tests
    # that create hundreds of users use a fast one so the suite stays quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _own_audit_anchors(settings, tmp_path):
    # The anchor log belongs to one database: each test's chain gets its own file.
    settings.AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.jsonl"
    settings.AUDIT_ANCHOR_BACKENDS = ["file"]


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def login(client):
    """Log a user in through the real login page and return the client."""

    def _login(user, password=PASSWORD):
        response = client.post(
            "/accounts/login/", {"username": user.username, "password": password}
        )
        assert response.status_code == 302, response.content.decode()[:500]
        return client

    return _login


@pytest.fixture
def user_factory():
    return UserFactory


@pytest.fixture(autouse=True)
def _default_language():
    # A request in English switches the thread's language; put Chinese back for the next test.
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def outbox(settings, tmp_path):
    """Notifications go to a JSON-lines file; ``outbox(event=None)`` reads what was sent."""
    settings.NOTIFY_BACKENDS = ["file"]
    settings.NOTIFY_FILE_PATH = tmp_path / "notifications.log"
    path = tmp_path / "notifications.log"

    def read(event=None):
        if not path.exists():
            return []
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        return [line for line in lines if event is None or line["event"] == event]

    return read


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a service as a request would: its notifications go out after the commit."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


@pytest.fixture(autouse=True)
def _one_signoff_level(settings):
    # The bureau's default chain is 承办 → 审核 → 签发 (decision 0021); tests of the
    # handling flow decide a task with one person. tests/cases/test_signoff_levels.py
    # sets the three-level chain and walks it.
    settings.CASES_SIGNOFF_LEVELS = "handle"
