"""Fixtures shared by every test."""

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
