"""Bearer tokens for the API: shown once, stored as a digest, revocable, expiring."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from onewindow.accounts import services
from onewindow.accounts.models import ApiToken
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_token_authenticates_and_is_stored_only_as_a_digest():
    user = UserFactory(citizen=True)
    raw = services.issue_api_token(user, "自助终端", 30)
    token = ApiToken.objects.get(user=user)
    assert raw not in (token.digest, token.prefix) and token.digest != raw
    response = Client().get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200 and response.json()["username"] == user.username


def test_revoked_expired_and_unknown_tokens_are_refused():
    user = UserFactory(citizen=True)
    raw = services.issue_api_token(user, "终端", 30)
    token = ApiToken.objects.get(user=user)
    services.revoke_api_token(user, token.pk)
    assert Client().get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    raw2 = services.issue_api_token(user, "终端2", 30)
    ApiToken.objects.filter(revoked_at=None).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert Client().get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {raw2}").status_code == 401
    response = Client().get("/api/accounts/me", HTTP_AUTHORIZATION="Bearer ow_forged")
    assert response.status_code == 401 and "登录" in response.json()["detail"]


def test_the_api_docs_are_served():
    assert Client().get("/api/docs").status_code == 200
    schema = Client().get("/api/openapi.json").json()
    assert "/api/accounts/me" in schema["paths"]
