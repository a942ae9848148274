"""With the shared cache (Redis) unreachable, a bearer call and an application still work.

The token and published-version caches are accelerators (core/shared_cache.py): while Redis
does not answer, they miss and the request reads the database. The cache here is a real
Redis client pointed at a port where nothing listens, as in the stack's redis-stop drill.
"""

import json

import pytest
from django.core.cache import caches
from django.test import Client, override_settings

from onewindow.accounts.services import issue_api_token
from onewindow.cases.models import Case
from tests.accounts.factories import UserFactory
from tests.cases import factories as f

pytestmark = pytest.mark.django_db

NOBODY_LISTENS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


@pytest.fixture
def redis_down():
    # Restored inside the test, before the suite's own teardown clears the cache.
    with override_settings(CACHES=NOBODY_LISTENS):
        with pytest.raises(Exception):  # noqa: B017 - any backend error proves it is down
            caches["default"].get("probe")
        yield


def test_a_token_call_and_an_application_work_while_redis_is_down(redis_down):
    citizen = UserFactory(citizen=True)
    token = issue_api_token(citizen, "自助终端", scopes=["read", "apply"])
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    item = f.item(form_fields=[{"key": "shop_name", "label": "店铺名称", "field_type": "text"}])
    supplied = [m.material_type_id for m in item.published_version.materials.all()]

    me = Client().get("/api/accounts/me", **headers)
    assert me.status_code == 200 and me.json()["username"] == citizen.username

    body = {"item": item.code, "form_data": {"shop_name": "东营区某餐馆"}, "supplied": supplied}
    response = Client().post(
        "/api/cases/apply", json.dumps(body), content_type="application/json", **headers
    )
    assert response.status_code == 201, response.content
    case = Case.objects.get(number=response.json()["number"])
    assert case.applicant == citizen and case.status == "submitted"
