"""People of the bureau's governance: office, personnel, a division and its head, leaders."""

import pytest

from onewindow.accounts.constants import Role
from onewindow.accounts.models import UserRole
from tests.accounts.factories import DepartmentFactory, UserFactory


def person(*roles, department=None, name=None):
    user = UserFactory(
        role=roles[0], department=department, **({"display_name": name} if name else {})
    )
    for role in roles[1:]:
        UserRole.objects.get_or_create(user=user, role=role)
    user.forget_roles()
    return user


@pytest.fixture
def division(db):
    return DepartmentFactory()


@pytest.fixture
def clerk(division):
    return person(Role.CLERK, department=division, name="张经办")


@pytest.fixture
def head(division):
    return person(Role.DIVISION_HEAD, department=division, name="李股长")


@pytest.fixture
def deputy(db):
    return person(Role.PARTY_MEMBER, name="王副局长")


@pytest.fixture
def principal(db):
    return person(Role.LEADER, Role.PARTY_MEMBER, Role.PRINCIPAL, name="陈局长")


@pytest.fixture
def office(division):
    return person(Role.OFFICE, department=division, name="高办公室")


@pytest.fixture
def personnel(db):
    return person(Role.PERSONNEL, name="林人事")


@pytest.fixture
def discipline(db):
    return person(Role.DISCIPLINE_OFFICER, name="周纪检")


@pytest.fixture
def members(db, principal, deputy):
    """The party group: five members."""
    others = [person(Role.PARTY_MEMBER, name=f"成员{i}") for i in range(3)]
    return [principal, deputy, *others]
