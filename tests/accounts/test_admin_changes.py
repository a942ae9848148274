"""Changes to administrators wait for a second administrator of another kind.

Granting or removing an administrator role, or disabling an administrator, files an
AdminChange; an administrator of another kind than the asker (never the asker, never the
subject) approves or rejects it, once; every step is audited. Nobody holds an
administrator role together with a business role, whichever is asked for first.
"""

import pytest

from onewindow.accounts import admin_changes, roles, selectors, services
from onewindow.accounts.constants import Role
from onewindow.accounts.models import AdminChange, ApiToken, User
from onewindow.core.audit.models import AuditEvent
from onewindow.core.errors import Conflict, InvalidInput, PermissionDenied
from tests.accounts.factories import PASSWORD, UserFactory
from tests.concurrency import race, skip_unless_postgresql

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins():
    return {
        role: UserFactory(role=role)
        for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)
    }


def _fresh(user):
    return User.objects.get(pk=user.pk)


def test_granting_an_administrator_role_waits_for_another_kind_of_administrator(admins):
    security = admins[Role.SECURITY_ADMIN]
    staff = UserFactory()
    change = roles.grant_role(security, staff, Role.AUDIT_ADMIN, reason="原审计员调岗")
    assert isinstance(change, AdminChange) and change.status == "pending"
    assert change.requested_by == security and change.requested_role == Role.SECURITY_ADMIN
    assert _fresh(staff).admin_role == ""  # nothing happens yet

    admin_changes.approve(admins[Role.SYSTEM_ADMIN], change, "同意")
    assert _fresh(staff).admin_role == Role.AUDIT_ADMIN
    change.refresh_from_db()
    assert change.status == "approved" and change.decided_by == admins[Role.SYSTEM_ADMIN]
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions[-3:] == ["admin_change.request", "admin_change.approve", "role_grant"]
    grant = AuditEvent.objects.get(action="role_grant")
    assert grant.after == {"roles": ["audit_admin"]} and f"#{change.pk}" in grant.summary


def test_removing_an_administrator_role_and_disabling_an_administrator_wait_too(admins):
    security, system = admins[Role.SECURITY_ADMIN], admins[Role.SYSTEM_ADMIN]
    auditor = admins[Role.AUDIT_ADMIN]
    services.issue_api_token(auditor, "导出", 30)
    other_system = UserFactory(role=Role.SYSTEM_ADMIN)
    revoke = roles.revoke_role(security, auditor, Role.AUDIT_ADMIN, reason="调岗")
    disable = roles.disable_user(security, other_system, "离职")
    assert revoke.kind == "revoke" and disable.kind == "disable"
    assert _fresh(auditor).admin_role == Role.AUDIT_ADMIN and _fresh(other_system).is_active

    admin_changes.approve(system, revoke)
    assert _fresh(auditor).admin_role == ""
    assert ApiToken.objects.get(user=auditor).revoke_reason == "role_change"
    # The former auditor is no administrator now; another audit administrator approves.
    with pytest.raises(PermissionDenied):
        admin_changes.approve(auditor, disable)
    admin_changes.approve(UserFactory(role=Role.AUDIT_ADMIN), disable)
    assert not _fresh(other_system).is_active


def test_disabling_an_administrator_ends_their_sessions_only_when_approved(admins, client):
    security, system = admins[Role.SECURITY_ADMIN], admins[Role.SYSTEM_ADMIN]
    auditor = admins[Role.AUDIT_ADMIN]
    client.post("/accounts/login/", {"username": auditor.username, "password": PASSWORD})
    change = roles.disable_user(security, auditor, "离职")
    assert client.get("/accounts/me/").status_code == 200  # still signed in
    admin_changes.approve(system, change)
    assert client.get("/accounts/me/").status_code == 302
    assert AuditEvent.objects.get(action="user_disable").actor == system


@pytest.mark.parametrize(
    "approver_kind, allowed",
    [(Role.SECURITY_ADMIN, False), (Role.SYSTEM_ADMIN, True), (Role.AUDIT_ADMIN, True)],
)
def test_only_an_administrator_of_another_kind_approves(admins, approver_kind, allowed):
    change = roles.grant_role(
        admins[Role.SECURITY_ADMIN], UserFactory(), Role.SYSTEM_ADMIN, reason="扩编"
    )
    approver = UserFactory(role=approver_kind)  # a second holder: not the asker
    if allowed:
        admin_changes.approve(approver, change)
        assert change.status == "approved"
    else:
        with pytest.raises(PermissionDenied, match="不同类别"):
            admin_changes.approve(approver, change)
        change.refresh_from_db()
        assert change.status == "pending"


def test_neither_the_asker_nor_the_subject_nor_a_business_user_decides(admins):
    security, system = admins[Role.SECURITY_ADMIN], admins[Role.SYSTEM_ADMIN]
    change = roles.disable_user(security, system, "离职")
    for actor, message in (
        (security, "申请人"),
        (system, "本人"),
        (UserFactory(role=Role.LEADER), "只有管理员"),
    ):
        for decide in (admin_changes.approve, admin_changes.reject):
            with pytest.raises(PermissionDenied, match=message):
                decide(actor, change, "意见")
    change.refresh_from_db()
    assert change.status == "pending" and _fresh(system).is_active
    assert not AuditEvent.objects.filter(action__startswith="admin_change.a").exists()


def test_a_change_is_decided_once(admins):
    change = roles.grant_role(
        admins[Role.SECURITY_ADMIN], UserFactory(), Role.AUDIT_ADMIN, reason="补缺"
    )
    admin_changes.reject(admins[Role.SYSTEM_ADMIN], change, "人选不合适")
    stale = AdminChange.objects.get(pk=change.pk)
    stale.status = "pending"  # a page opened before the rejection
    with pytest.raises(Conflict):
        admin_changes.approve(UserFactory(role=Role.SYSTEM_ADMIN), stale)
    assert _fresh(change.subject).admin_role == ""
    assert AuditEvent.objects.filter(action="admin_change.reject").count() == 1
    assert not AuditEvent.objects.filter(action="admin_change.approve").exists()


def test_a_rejection_needs_a_note_and_a_request_needs_a_reason(admins):
    security = admins[Role.SECURITY_ADMIN]
    with pytest.raises(InvalidInput, match="申请理由"):
        roles.grant_role(security, UserFactory(), Role.AUDIT_ADMIN, reason="  ")
    assert not AdminChange.objects.exists()
    change = roles.grant_role(security, UserFactory(), Role.AUDIT_ADMIN, reason="补缺")
    with pytest.raises(InvalidInput, match="审批意见"):
        admin_changes.reject(admins[Role.SYSTEM_ADMIN], change, "")


def test_the_same_change_cannot_wait_twice(admins):
    security, staff = admins[Role.SECURITY_ADMIN], UserFactory()
    roles.grant_role(security, staff, Role.AUDIT_ADMIN, reason="补缺")
    with pytest.raises(Conflict, match="等待审批"):
        roles.grant_role(security, staff, Role.AUDIT_ADMIN, reason="再次")
    assert AdminChange.objects.count() == 1


def test_an_approval_checks_the_rules_again(admins):
    security = admins[Role.SECURITY_ADMIN]
    staff = UserFactory()
    change = roles.grant_role(security, staff, Role.AUDIT_ADMIN, reason="补缺")
    roles.grant_role(security, staff, Role.CLERK)  # allowed: no administrator role yet
    with pytest.raises(InvalidInput, match="业务角色"):
        admin_changes.approve(admins[Role.SYSTEM_ADMIN], change)
    change.refresh_from_db()
    assert change.status == "pending"  # the approval was rolled back with the grant
    assert _fresh(staff).admin_role == ""


# -- no administrator role together with a business role ----------------------------------


@pytest.mark.parametrize("actor_is_platform", [True, False])
def test_an_administrator_gets_no_business_role_and_a_business_user_no_administrator_role(
    admins, actor_is_platform
):
    actor = None if actor_is_platform else admins[Role.SECURITY_ADMIN]
    auditor, clerk = UserFactory(role=Role.AUDIT_ADMIN), UserFactory(clerk=True)
    with pytest.raises(InvalidInput, match="管理员不能兼任业务角色"):
        roles.grant_role(actor, auditor, Role.CLERK)
    with pytest.raises(InvalidInput, match="管理员不能兼任业务角色"):
        roles.grant_role(actor, clerk, Role.AUDIT_ADMIN, reason="兼任")
    assert _fresh(auditor).roles == {Role.AUDIT_ADMIN}
    assert _fresh(clerk).roles == {Role.CLERK}
    assert not AdminChange.objects.exists()


def test_create_staff_refuses_an_administrator_with_a_business_role(admins):
    with pytest.raises(InvalidInput) as refused:
        roles.create_staff(
            admins[Role.SECURITY_ADMIN],
            username="mixed",
            display_name="兼任者",
            password=PASSWORD,
            roles=[Role.CLERK, Role.SYSTEM_ADMIN],
        )
    assert "业务角色" in refused.value.errors["roles"][0]
    with pytest.raises(InvalidInput, match="三员分立"):
        roles.create_staff(
            None,
            username="two",
            display_name="两员",
            password=PASSWORD,
            roles=[Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN],
        )
    assert not User.objects.filter(username__in=["mixed", "two"]).exists()


def test_a_new_administrator_account_is_created_without_the_role_until_approved(admins):
    user = roles.create_staff(
        admins[Role.SECURITY_ADMIN],
        username="newaudit",
        display_name="新审计员",
        password=PASSWORD,
        roles=[Role.AUDIT_ADMIN],
        reason="新设岗位",
    )
    assert user.roles == set()
    change = AdminChange.objects.get(subject=user)
    assert (change.kind, change.role, change.reason) == ("grant", "audit_admin", "新设岗位")


# -- the pages -----------------------------------------------------------------------------


def test_the_pages_show_the_change_and_let_another_kind_approve(admins, client):
    security, auditor = admins[Role.SECURITY_ADMIN], admins[Role.AUDIT_ADMIN]
    staff = UserFactory(display_name="候选人")
    client.force_login(security)
    response = client.post(
        f"/accounts/users/{staff.pk}/",
        {"action": "grant", "role": "system_admin", "reason": "扩编"},
        follow=True,
    )
    page = response.content.decode()
    assert "已提交审批" in page and "候选人" in page and "扩编" in page
    change = AdminChange.objects.get()
    assert "申请人不能审批" in page  # the asker sees why there is no button
    listing = client.get("/accounts/admin-changes/").content.decode()
    assert f"/accounts/admin-changes/{change.pk}/" in listing

    client.force_login(auditor)
    home = client.get("/").content.decode()
    assert "/accounts/admin-changes/" in home and "待我审批的管理员变更" in home
    detail = client.get(f"/accounts/admin-changes/{change.pk}/").content.decode()
    assert "批准并生效" in detail
    approved = client.post(
        f"/accounts/admin-changes/{change.pk}/", {"action": "approve", "decision_note": "同意"}
    )
    assert approved.status_code == 302
    assert _fresh(staff).admin_role == Role.SYSTEM_ADMIN


def test_a_refused_decision_on_the_page_is_a_chinese_message(admins, client):
    change = roles.disable_user(admins[Role.SECURITY_ADMIN], admins[Role.AUDIT_ADMIN], "离职")
    client.force_login(admins[Role.SYSTEM_ADMIN])
    response = client.post(f"/accounts/admin-changes/{change.pk}/", {"action": "reject"})
    assert response.status_code == 400 and "驳回须填写审批意见" in response.content.decode()
    client.force_login(admins[Role.AUDIT_ADMIN])  # the subject
    response = client.post(
        f"/accounts/admin-changes/{change.pk}/", {"action": "approve", "decision_note": ""}
    )
    assert response.status_code == 403 and "涉及本人" in response.content.decode()
    assert _fresh(admins[Role.AUDIT_ADMIN]).is_active


@pytest.mark.parametrize("role", [Role.CLERK, Role.LEADER, Role.CITIZEN])
def test_the_pages_are_for_the_three_administrators_only(admins, client, role):
    change = roles.grant_role(
        admins[Role.SECURITY_ADMIN], UserFactory(), Role.AUDIT_ADMIN, reason="补缺"
    )
    client.force_login(UserFactory(role=role, kind="citizen" if role == Role.CITIZEN else "staff"))
    assert client.get("/accounts/admin-changes/").status_code == 404
    assert client.get(f"/accounts/admin-changes/{change.pk}/").status_code == 404
    assert "/accounts/admin-changes/" not in client.get("/").content.decode()


def test_awaiting_decision_lists_what_the_viewer_may_decide(admins):
    security = admins[Role.SECURITY_ADMIN]
    grant = roles.grant_role(security, UserFactory(), Role.AUDIT_ADMIN, reason="补缺")
    about_system = roles.disable_user(security, admins[Role.SYSTEM_ADMIN], "离职")
    assert set(selectors.awaiting_decision(security)) == set()
    assert set(selectors.awaiting_decision(admins[Role.SYSTEM_ADMIN])) == {grant}
    assert set(selectors.awaiting_decision(admins[Role.AUDIT_ADMIN])) == {grant, about_system}


# -- at the same moment ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_administrators_approving_at_once_apply_the_change_once():
    skip_unless_postgresql()
    security = UserFactory(role=Role.SECURITY_ADMIN)
    system, auditor = UserFactory(role=Role.SYSTEM_ADMIN), UserFactory(role=Role.AUDIT_ADMIN)
    for _round in range(20):
        subject = UserFactory()
        change = roles.grant_role(security, subject, Role.SYSTEM_ADMIN, reason="并发")
        outcomes, unexpected = race(
            [
                lambda approver=approver, pk=change.pk: admin_changes.approve(
                    approver, AdminChange.objects.get(pk=pk)
                )
                for approver in (system, auditor)
            ],
            won="approved",
        )
        assert unexpected == []
        assert sorted(outcomes) == ["approved", "conflict"]
        assert (
            AuditEvent.objects.filter(action="role_grant", object_id=str(subject.pk)).count() == 1
        )
