"""POSTs that create things accept an Idempotency-Key: a retry gets the first answer and
creates nothing new; the same key with another body is a 409; a failed request keeps
nothing, so its retry runs again."""

import json

import pytest
from django.test import Client

from onewindow.cases.models import Case
from onewindow.core.models import IdempotentRequest
from tests.accounts.factories import UserFactory
from tests.cases import factories as f
from tests.cases.test_cases_api import APPLY, bearer, material_ids

pytestmark = pytest.mark.django_db

KEY = "kiosk-7f3c9a2e-0001"


def _post(client, body, key=KEY, **headers):
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(APPLY, json.dumps(body), content_type="application/json", **headers)


@pytest.fixture
def application():
    item = f.item()
    ids = material_ids(item)
    return {"item": item.code, "form_data": {}, "supplied": [ids["身份证明"]]}


def test_a_retry_returns_the_first_answer_and_creates_nothing(application):
    citizen = UserFactory(citizen=True)
    auth = bearer(citizen)
    client = Client()
    first = _post(client, application, **auth)
    assert first.status_code == 201, first.content
    again = _post(client, application, **auth)
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Case.objects.filter(applicant=citizen).count() == 1
    # The stored answer is sealed: the case number is not readable in the table.
    row = IdempotentRequest.objects.get()
    assert first.json()["number"].encode() not in bytes(row.body_sealed)


def test_the_same_key_with_another_body_is_refused(application):
    auth = bearer(UserFactory(citizen=True))
    client = Client()
    assert _post(client, application, **auth).status_code == 201
    changed = dict(application, form_data={"备注": "另一份"})
    response = _post(client, changed, **auth)
    assert response.status_code == 409
    assert "不同的请求" in response.json()["detail"]
    assert Case.objects.count() == 1


def test_without_a_key_every_post_creates(application):
    auth = bearer(UserFactory(citizen=True))
    client = Client()
    assert _post(client, application, key=None, **auth).status_code == 201
    assert _post(client, application, key=None, **auth).status_code == 201
    assert Case.objects.count() == 2
    assert not IdempotentRequest.objects.exists()


def test_a_failed_request_keeps_nothing_and_its_retry_runs(application):
    auth = bearer(UserFactory(citizen=True))
    client = Client()
    wrong = dict(application, item="NO-SUCH-ITEM")
    assert _post(client, wrong, **auth).status_code in (400, 404, 422)
    assert not IdempotentRequest.objects.exists()
    assert _post(client, application, **auth).status_code == 201
    assert Case.objects.count() == 1


def test_keys_belong_to_their_caller(application):
    client = Client()
    first = _post(client, application, **bearer(UserFactory(citizen=True)))
    other = _post(client, application, **bearer(UserFactory(citizen=True)))
    assert first.status_code == other.status_code == 201
    assert first.json()["number"] != other.json()["number"]
    assert Case.objects.count() == 2


def test_a_malformed_key_is_a_400(application):
    response = _post(Client(), application, key="short", **bearer(UserFactory(citizen=True)))
    assert response.status_code == 400
    assert not Case.objects.exists()
