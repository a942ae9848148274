"""Attack replay: one administrator takes over the others' duties (三员分立).

The security administrator, alone, used to be able to disable the audit administrator
(no one left to read the log) and make a window clerk the audit administrator (someone
who also handles cases reads, or hides, the record of them). Replayed through the pages
they use: the first now waits for another kind of administrator to approve, the second is
refused outright, and neither happens on one administrator's word.
"""

import pytest

from onewindow.accounts.constants import Role
from onewindow.accounts.models import AdminChange, User
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _manage(client, subject, **data):
    return client.post(f"/accounts/users/{subject.pk}/", data, follow=True)


def test_the_security_administrator_alone_cannot_disable_the_audit_administrator(client):
    security, auditor = UserFactory(role=Role.SECURITY_ADMIN), UserFactory(role=Role.AUDIT_ADMIN)
    watcher = client.__class__()
    watcher.post("/accounts/login/", {"username": auditor.username, "password": PASSWORD})
    client.force_login(security)

    page = _manage(client, auditor, action="disable", reason="例行调整").content.decode()

    assert User.objects.get(pk=auditor.pk).is_active
    assert watcher.get("/audit/").status_code == 200  # still reading the log
    assert "另一类管理员" in page
    change = AdminChange.objects.get(subject=auditor)
    assert (change.kind, change.status, change.requested_by) == ("disable", "pending", security)
    # Nor can the security administrator approve it, or the auditor wave it through.
    for actor in (security, UserFactory(role=Role.SECURITY_ADMIN), auditor):
        client.force_login(actor)
        client.post(
            f"/accounts/admin-changes/{change.pk}/", {"action": "approve", "decision_note": ""}
        )
    assert User.objects.get(pk=auditor.pk).is_active


def test_the_security_administrator_cannot_make_a_window_clerk_the_audit_administrator(client):
    security, clerk = UserFactory(role=Role.SECURITY_ADMIN), UserFactory(clerk=True)
    client.force_login(security)

    page = _manage(
        client, clerk, action="grant", role="audit_admin", reason="兼任审计"
    ).content.decode()

    assert "管理员不能兼任业务角色" in page
    clerk = User.objects.get(pk=clerk.pk)
    assert clerk.admin_role == "" and clerk.roles == {Role.CLERK}
    assert not AdminChange.objects.exists()  # refused, not even filed


def test_an_administrator_role_for_a_plain_account_still_needs_a_second_administrator(client):
    security, staff = UserFactory(role=Role.SECURITY_ADMIN), UserFactory()
    client.force_login(security)

    _manage(client, staff, action="grant", role="audit_admin", reason="补缺")

    assert User.objects.get(pk=staff.pk).admin_role == ""
    change = AdminChange.objects.get(subject=staff)
    client.force_login(UserFactory(role=Role.SYSTEM_ADMIN))
    client.post(f"/accounts/admin-changes/{change.pk}/", {"action": "approve"})
    assert User.objects.get(pk=staff.pk).admin_role == "audit_admin"
