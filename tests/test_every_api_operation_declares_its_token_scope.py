"""Every API operation says which token scope it needs, in the OpenAPI schema clients read.

Walks every operation of /api/openapi.json, so an operation added by a new router is
checked without anyone listing it here:
- an operation a token may call names exactly one scope (read, apply or staff);
- a read scope only on reads (GET): a write needs apply or staff;
- no operation is open to anonymous callers unless it is a read or one of the public
  writes named below.
Plain ``AUTH`` (no scope) fails here; at run time it lets tokens read and refuses writes.
"""

from django.test import Client

from onewindow.accounts.constants import TokenScope

READS = {"get", "head", "options"}
# Writes anyone may make without signing in: registering an account.
PUBLIC_WRITES = {
    ("post", "/api/accounts/register/citizen"),
    ("post", "/api/accounts/register/enterprise"),
}


def _operations():
    schema = Client().get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield method, path, operation


def test_every_operation_a_token_may_call_declares_one_scope():
    problems, tokened = [], 0
    for method, path, operation in _operations():
        security = operation.get("security") or []
        token = [req["TokenAuth"] for req in security if "TokenAuth" in req]
        if not token:
            continue
        tokened += 1
        (scopes,) = token
        if len(scopes) != 1 or scopes[0] not in TokenScope.values:
            problems.append((method, path, scopes, "declare one scope with api_auth(...)"))
        elif scopes == [TokenScope.READ] and method not in READS:
            problems.append((method, path, scopes, "a write needs apply or staff"))
    assert tokened >= 10  # the walk really saw the token operations
    assert problems == []


def test_no_operation_is_an_anonymous_write_unless_it_is_listed_as_public():
    anonymous_writes = {
        (method, path)
        for method, path, operation in _operations()
        if not operation.get("security") and method not in READS
    }
    assert anonymous_writes == PUBLIC_WRITES
