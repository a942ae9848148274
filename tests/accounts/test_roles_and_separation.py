"""Roles: the three administrators stay separated, and every change is audited."""

import pytest

from onewindow.accounts import roles
from onewindow.accounts.constants import Role
from onewindow.accounts.models import AdminChange
from onewindow.core.audit.models import AuditEvent
from onewindow.core.errors import InvalidInput, PermissionDenied
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def security_admin():
    return UserFactory(role=Role.SECURITY_ADMIN)


@pytest.mark.parametrize("first", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
@pytest.mark.parametrize("second", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
def test_no_user_holds_two_of_the_three_administrator_roles(security_admin, first, second):
    user = UserFactory()
    roles.grant_role(None, user, first)  # the platform: the bootstrap command
    if first == second:
        assert roles.grant_role(security_admin, user, second) is None  # already held: no-op
        assert user.roles == {first}
        assert not AdminChange.objects.exists()
        return
    for actor in (None, security_admin):
        with pytest.raises(InvalidInput, match="三员分立"):
            roles.grant_role(actor, user, second)
    user.refresh_from_db()
    user.forget_roles()
    assert user.roles == {first}
    assert not AdminChange.objects.exists()


def test_role_changes_are_audited_with_before_and_after(security_admin):
    user = UserFactory()
    roles.grant_role(security_admin, user, Role.CLERK)
    roles.revoke_role(security_admin, user, Role.CLERK)
    grant = AuditEvent.objects.get(action="role_grant", object_id=str(user.pk))
    assert grant.before == {"roles": []} and grant.after == {"roles": ["clerk"]}
    assert grant.actor == security_admin
    revoke = AuditEvent.objects.get(action="role_revoke", object_id=str(user.pk))
    assert revoke.after == {"roles": []}


def test_only_the_security_administrator_grants_roles():
    for role in (Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN, Role.LEADER):
        actor = UserFactory(role=role)
        with pytest.raises(PermissionDenied):
            roles.grant_role(actor, UserFactory(), Role.CLERK)


def test_the_security_administrator_cannot_grant_itself(security_admin):
    with pytest.raises(PermissionDenied):
        roles.grant_role(security_admin, security_admin, Role.LEADER)


def test_administrator_roles_are_for_staff_accounts_only(security_admin):
    citizen = UserFactory(citizen=True)
    with pytest.raises(InvalidInput):
        roles.grant_role(security_admin, citizen, Role.AUDIT_ADMIN)


def test_the_role_page_refuses_a_second_admin_role_in_chinese(client, login, security_admin):
    user = UserFactory(role=Role.AUDIT_ADMIN)
    login(security_admin)
    response = client.post(
        f"/accounts/users/{user.pk}/", {"action": "grant", "role": "system_admin"}, follow=True
    )
    assert "三员分立" in response.content.decode()
    user.refresh_from_db()
    assert user.admin_role == "audit_admin"


def test_the_security_administrator_sees_masked_personal_data_only(client, login, security_admin):
    citizen = UserFactory(citizen=True)
    login(security_admin)
    body = client.get(f"/accounts/users/{citizen.pk}/").content.decode()
    assert citizen.id_number.reveal() not in body
    assert str(citizen.id_number) in body
    response = client.post(f"/accounts/users/{citizen.pk}/reveal/id_number/")
    assert response.status_code == 404


def test_the_first_administrator_comes_from_a_command_with_a_one_time_password():
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    from onewindow.accounts.models import User

    out = StringIO()
    call_command("create_administrator", "sec1", "安全员", role="security_admin", stdout=out)
    user = User.objects.get(username="sec1")
    password = out.getvalue().split("一次性密码：")[1].split()[0]
    assert user.check_password(password) and user.must_change_password
    assert user.admin_role == "security_admin" and not user.is_superuser
    with pytest.raises(CommandError, match="登录名已被使用"):
        call_command("create_administrator", "sec1", "安全员", role="audit_admin", stdout=out)
    # Only an empty seat: a second security administrator goes through the pages and approval.
    with pytest.raises(CommandError, match="审批"):
        call_command("create_administrator", "sec2", "安全员二", role="security_admin", stdout=out)
    assert not User.objects.filter(username="sec2").exists()
    # A seat whose holder was disabled can be filled again (recovery).
    User.objects.filter(username="sec1").update(is_active=False)
    call_command("create_administrator", "sec2", "安全员二", role="security_admin", stdout=out)
    assert User.objects.get(username="sec2").admin_role == "security_admin"
