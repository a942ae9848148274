"""Bearer tokens for the API: shown once, stored as a digest, scoped, revocable, expiring.

Listed and revoked by their owner and by the security administrator; revoked with every
password change, disabling and role change; paused while the owner must change the
password; every issue and revocation audited.
"""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from onewindow.accounts import roles, services
from onewindow.accounts.constants import Role
from onewindow.accounts.models import ApiToken
from onewindow.core.api_support import TokenAuth
from onewindow.core.audit.models import AuditEvent
from onewindow.core.errors import InvalidInput, PermissionDenied
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ME = "/api/accounts/me"


def call(raw, url=ME, method="get", body=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    if method == "get":
        return Client().get(url, **headers)
    return Client().post(url, json.dumps(body or {}), content_type="application/json", **headers)


def revocations(user):
    return list(
        AuditEvent.objects.filter(action="api_token.revoke", object_id=str(user.pk))
        .order_by("seq")
        .values_list("after", flat=True)
    )


def test_a_token_authenticates_and_is_stored_only_as_a_digest():
    user = UserFactory(citizen=True)
    raw = services.issue_api_token(user, "自助终端", 30)
    token = ApiToken.objects.get(user=user)
    assert raw not in (token.digest, token.prefix) and token.digest != raw
    assert token.scopes == "read"  # least privilege unless more is asked for
    response = call(raw)
    assert response.status_code == 200 and response.json()["username"] == user.username
    issued = AuditEvent.objects.get(action="api_token.issue")
    assert issued.actor == user and issued.after["scopes"] == ["read"]
    assert raw not in json.dumps(issued.after)


def test_revoked_expired_and_unknown_tokens_are_refused():
    user = UserFactory(citizen=True)
    raw = services.issue_api_token(user, "终端", 30)
    token = ApiToken.objects.get(user=user)
    services.revoke_api_token(user, token.pk)
    assert call(raw).status_code == 401
    raw2 = services.issue_api_token(user, "终端2", 30)
    ApiToken.objects.filter(revoked_at=None).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert call(raw2).status_code == 401
    response = call("ow_forged")
    assert response.status_code == 401 and "登录" in response.json()["detail"]


def test_the_api_docs_are_served():
    assert Client().get("/api/docs").status_code == 200
    schema = Client().get("/api/openapi.json").json()
    assert "/api/accounts/me" in schema["paths"]


# -- scopes -------------------------------------------------------------------------------


def test_a_read_token_reads_but_cannot_apply_and_an_apply_token_can():
    citizen = UserFactory(citizen=True)
    reader = services.issue_api_token(citizen, "只读", 30, scopes=["read"])
    refused = call(reader, "/api/cases/apply", "post", {"item": "NO-SUCH-ITEM"})
    assert refused.status_code == 403 and "申请办理" in refused.json()["detail"]
    assert call(reader, "/api/cases/mine").status_code == 200
    applier = services.issue_api_token(citizen, "申请", 30, scopes=["apply"])
    # Through to the service, which answers about the item (not about the token).
    reached = call(applier, "/api/cases/apply", "post", {"item": "NO-SUCH-ITEM"})
    assert reached.status_code in (400, 404) and "令牌" not in reached.json()["detail"]
    assert call(applier, "/api/cases/mine").status_code == 403  # apply is not read


def test_staff_operations_need_the_staff_scope():
    approver = UserFactory(approver=True)
    reader = services.issue_api_token(approver, "只读", 30, scopes=["read"])
    staff = services.issue_api_token(approver, "审查", 30, scopes=["staff"])
    refused = call(reader, "/api/cases/worklist")
    assert refused.status_code == 403 and "工作人员业务" in refused.json()["detail"]
    assert call(staff, "/api/cases/worklist").status_code == 200


def test_only_staff_accounts_get_the_staff_scope_and_scopes_are_checked():
    citizen = UserFactory(citizen=True)
    with pytest.raises(InvalidInput, match="工作人员"):
        services.issue_api_token(citizen, "越权", 30, scopes=["staff"])
    with pytest.raises(InvalidInput):
        services.issue_api_token(citizen, "空", 30, scopes=[])
    with pytest.raises(InvalidInput):
        services.issue_api_token(citizen, "未知", 30, scopes=["admin"])
    assert not ApiToken.objects.exists()


def test_an_operation_that_declares_no_scope_lets_tokens_read_but_never_write():
    user = UserFactory(citizen=True)
    raw = services.issue_api_token(user, "全部", 30, scopes=["read", "apply"])
    undeclared = TokenAuth()  # what a new router gets from plain AUTH
    get = RequestFactory().get("/api/new/thing")
    assert undeclared.authenticate(get, raw) == user
    for method in ("post", "put", "patch", "delete"):
        request = getattr(RequestFactory(), method)("/api/new/thing")
        with pytest.raises(PermissionDenied, match="未声明令牌权限"):
            undeclared.authenticate(request, raw)


def test_a_token_request_costs_one_indexed_query_for_the_token_then_none_while_cached():
    user = UserFactory(citizen=True)
    raw = services.issue_api_token(user, "终端", 30)
    with CaptureQueriesContext(connection) as queries:
        assert call(raw).status_code == 200  # the first call also writes last_used_at
    token_queries = [q["sql"] for q in queries if "accounts_apitoken" in q["sql"]]
    assert token_queries[0].lstrip().upper().startswith("SELECT")
    with CaptureQueriesContext(connection) as queries:
        assert call(raw).status_code == 200
    assert not [q["sql"] for q in queries if "accounts_apitoken" in q["sql"]]


def test_a_cached_token_is_refused_at_once_after_revocation():
    user = UserFactory(citizen=True)
    raw = services.issue_api_token(user, "终端", 30)
    assert call(raw).status_code == 200  # now in the cache
    services.revoke_api_token(user, ApiToken.objects.get(user=user).pk)
    assert call(raw).status_code == 401


def test_a_cached_token_follows_its_owner_after_a_save():
    user = UserFactory(citizen=True)
    raw = services.issue_api_token(user, "终端", 30)
    assert call(raw).status_code == 200
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    assert call(raw).status_code == 403


def test_a_cached_token_is_refused_after_a_password_change_or_disabling():
    user = UserFactory(citizen=True)
    raw = services.issue_api_token(user, "终端", 30)
    assert call(raw).status_code == 200
    services.change_password(user, old_password=PASSWORD, new_password="Another-Pass-2027")
    assert call(raw).status_code == 401


# -- forced password change and expiry -------------------------------------------------------


def test_a_token_is_paused_while_its_owner_must_change_the_password():
    user = UserFactory(citizen=True)
    raw = services.issue_api_token(user, "终端", 30)
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    response = call(raw)
    assert response.status_code == 403 and "修改密码" in response.json()["detail"]


def test_a_token_is_paused_when_its_owners_password_has_expired(settings):
    settings.PASSWORD_EXPIRY_DAYS = 90
    user = UserFactory(citizen=True, password_changed_at=timezone.now() - timedelta(days=91))
    raw = services.issue_api_token(user, "终端", 30)
    response = call(raw)
    assert response.status_code == 403 and "密码已过期" in response.json()["detail"]
    user.password_changed_at = timezone.now() - timedelta(days=89)
    user.save(update_fields=["password_changed_at"])
    assert call(raw).status_code == 200


# -- revoked with the credentials they came from ---------------------------------------------


def test_a_password_change_revokes_every_token_and_is_audited_once():
    user = UserFactory(citizen=True)
    raws = [services.issue_api_token(user, f"终端{n}", 30) for n in range(2)]
    services.change_password(user, old_password=PASSWORD, new_password="Another-Pass-2027")
    assert [call(raw).status_code for raw in raws] == [401, 401]
    assert ApiToken.objects.filter(user=user, revoked_at=None).count() == 0
    assert set(ApiToken.objects.filter(user=user).values_list("revoke_reason", flat=True)) == {
        "password_change"
    }
    (after,) = revocations(user)
    assert after["reason"] == "password_change" and len(after["tokens"]) == 2


def test_disabling_revokes_the_tokens():
    security_admin = UserFactory(role=Role.SECURITY_ADMIN)
    user = UserFactory(clerk=True)
    raw = services.issue_api_token(user, "终端", 30)
    roles.disable_user(security_admin, user, "离职")
    assert call(raw).status_code == 401
    assert ApiToken.objects.get(user=user).revoke_reason == "disabled"
    assert revocations(user)[0]["reason"] == "disabled"


@pytest.mark.parametrize("change", ["grant", "revoke"])
def test_a_role_change_revokes_the_tokens(change):
    security_admin = UserFactory(role=Role.SECURITY_ADMIN)
    user = UserFactory(clerk=True)
    raw = services.issue_api_token(user, "终端", 30)
    if change == "grant":
        roles.grant_role(security_admin, user, Role.AGENT)
    else:
        roles.revoke_role(security_admin, user, Role.CLERK)
    assert call(raw).status_code == 401
    assert ApiToken.objects.get(user=user).revoke_reason == "role_change"


def test_a_role_grant_that_changes_nothing_keeps_the_tokens():
    security_admin = UserFactory(role=Role.SECURITY_ADMIN)
    user = UserFactory(clerk=True)
    raw = services.issue_api_token(user, "终端", 30)
    roles.grant_role(security_admin, user, Role.CLERK)  # already held
    assert call(raw).status_code == 200


# -- listed and revoked by the owner and by the security administrator ------------------------


def test_the_owner_lists_and_revokes_a_token_on_the_profile_page(client, login):
    user = UserFactory(citizen=True)
    services.issue_api_token(user, "自助终端", 30)
    token = ApiToken.objects.get(user=user)
    login(user)
    page = client.get("/accounts/me/").content.decode()
    assert "自助终端" in page and token.prefix in page and "查询" in page
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302 and response["Location"].endswith("/accounts/me/")
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoke_reason == "owner"
    assert revocations(user) == [{"tokens": [token.pk], "reason": "owner"}]
    # Again: already revoked, said plainly, nothing more recorded.
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    assert len(revocations(user)) == 1


def test_the_profile_page_issues_a_token_with_the_scopes_chosen(client, login):
    user = UserFactory(citizen=True)
    login(user)
    response = client.post(
        "/accounts/me/", {"name": "自助终端", "days": 30, "scopes": ["read", "apply"]}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(user=user)
    assert token.scopes == "read apply"
    refused = client.post("/accounts/me/", {"name": "越权", "days": 30, "scopes": ["staff"]})
    assert refused.status_code == 400 and "工作人员" in refused.content.decode()


def test_the_security_administrator_lists_and_revokes_anyones_token(client, login):
    security_admin = UserFactory(role=Role.SECURITY_ADMIN)
    owner = UserFactory(clerk=True)
    services.issue_api_token(owner, "窗口叫号", 30)
    token = ApiToken.objects.get(user=owner)
    login(security_admin)
    page = client.get(f"/accounts/users/{owner.pk}/").content.decode()
    assert "窗口叫号" in page and token.prefix in page
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/accounts/users/{owner.pk}/")
    token.refresh_from_db()
    assert token.revoke_reason == "security_admin" and token.revoked_by == security_admin
    event = AuditEvent.objects.get(action="api_token.revoke")
    assert event.actor == security_admin and event.object_id == str(owner.pk)


@pytest.mark.parametrize("viewer", ["other_citizen", "leader", "colleague", "audit_admin"])
def test_nobody_else_sees_or_revokes_a_token(client, login, viewer):
    owner = UserFactory(clerk=True)
    services.issue_api_token(owner, "窗口叫号", 30)
    token = ApiToken.objects.get(user=owner)
    others = {
        "other_citizen": lambda: UserFactory(citizen=True),
        "leader": lambda: UserFactory(role=Role.LEADER),
        "colleague": lambda: UserFactory(role=Role.CLERK, department=owner.department),
        "audit_admin": lambda: UserFactory(role=Role.AUDIT_ADMIN),
    }
    login(others[viewer]())
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    page = client.get(f"/accounts/users/{owner.pk}/")
    assert token.prefix not in page.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
