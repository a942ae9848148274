"""/api/openapi.json is valid JSON for Swagger UI: no object repeats a key (a response
code given once as 400 and once as "400" became two "400" keys and /api/docs refused it)."""

import json

import pytest


def _refuse_repeats(pairs):
    keys = [key for key, _value in pairs]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise ValueError(f"repeated keys: {repeated}")
    return dict(pairs)


@pytest.mark.django_db
def test_the_schema_has_no_repeated_keys(client):
    answer = client.get("/api/openapi.json")
    assert answer.status_code == 200
    schema = json.loads(answer.content, object_pairs_hook=_refuse_repeats)
    for operations in schema["paths"].values():
        for operation in operations.values():
            assert all(isinstance(code, str) for code in operation["responses"])
