"""Fixtures of the hall tests: the demo network, a supervisor and a clerk at hall window A01."""

from datetime import date

import pytest

from onewindow.accounts.constants import Role
from onewindow.org.constants import SiteKind
from onewindow.org.demo import load_network
from onewindow.org.models import ServiceSite, Window, WindowAssignment
from tests.accounts.factories import UserFactory


@pytest.fixture
def network(db):
    return load_network()


@pytest.fixture
def supervisor(db):
    return UserFactory(role=Role.SUPERVISOR, display_name="刘督查")


@pytest.fixture
def hall_window(network):
    return Window.objects.get(site__code="DYQ-HALL", number="A01")


@pytest.fixture
def clerk(hall_window):
    user = UserFactory(clerk=True, display_name="李窗口")
    WindowAssignment.objects.create(window=hall_window, user=user, started_on=date(2020, 1, 1))
    return user


# A community centre (就近办) of the demo network, and a clerk at its window.
@pytest.fixture
def community(network):
    return ServiceSite.objects.filter(kind=SiteKind.COMMUNITY_CENTRE).order_by("code").first()


@pytest.fixture
def community_clerk(community):
    window = Window.objects.create(site=community, number="C01", name="综合窗口", kind="general")
    user = UserFactory(clerk=True, display_name="社区窗口")
    WindowAssignment.objects.create(window=window, user=user, started_on=date(2020, 1, 1))
    return user
