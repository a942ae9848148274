"""Fixtures of the org tests: the demo network and staff in two departments."""

import pytest
from django.contrib.auth import get_user_model

from onewindow.accounts.constants import AccountKind, Role
from onewindow.accounts.models import UserRole
from onewindow.org.demo import load_network
from onewindow.org.models import Department


@pytest.fixture
def network(db):
    return load_network()


@pytest.fixture
def make_user(db):
    """create_user with roles, the way the accounts services make staff."""

    def _make(username, *, department=None, roles=(), kind=AccountKind.STAFF, **extra):
        user = get_user_model().objects.create_user(
            username=username,
            password="Org-Test-2026",
            display_name=extra.pop("display_name", f"{username}同志"),
            department=department,
            kind=kind,
            must_change_password=False,
            **extra,
        )
        for role in roles:
            UserRole.objects.create(user=user, role=role)
        return user

    return _make


@pytest.fixture
def two_departments(db):
    a = Department.objects.create(code="T-A", name="甲部门", kind="stationed")
    b = Department.objects.create(code="T-B", name="乙部门", kind="stationed")
    return a, b


@pytest.fixture
def staff(make_user, two_departments):
    """A clerk in each of two departments, a leader, a citizen and a security admin."""
    a, b = two_departments
    return {
        "clerk_a": make_user("clerk_a", department=a, roles=[Role.CLERK], phone="13912345678"),
        "clerk_b": make_user("clerk_b", department=b, roles=[Role.CLERK]),
        "leader": make_user("leader", roles=[Role.LEADER]),
        "citizen": make_user("citizen", kind=AccountKind.CITIZEN, roles=[Role.CITIZEN]),
        "security": make_user("security", admin_role=Role.SECURITY_ADMIN),
    }
