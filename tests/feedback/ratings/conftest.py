"""Fixtures of the rating tests: a hall window with a clerk on duty, cases to rate."""

from datetime import date

import pytest

from onewindow.accounts.constants import Role
from onewindow.cases import services as case_services
from onewindow.cases.window import applicants as case_window
from onewindow.core.workdays.services import seed_from_package
from onewindow.feedback.ratings import services, visits
from onewindow.org.models import ServiceSite, Window, WindowAssignment
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.cases.factories import ids, item, submitted_case


@pytest.fixture
def calendar_2026(db):
    """2026 holidays and make-up days: National Day 10-01..10-07 off, Saturday 10-10 worked."""
    seed_from_package([2025, 2026])


def make_window(number="A01", department=None, site=None):
    site = (
        site
        or ServiceSite.objects.get_or_create(
            code="HALL-T", defaults={"name": "测试政务服务大厅", "kind": "service_hall"}
        )[0]
    )
    return Window.objects.create(
        site=site,
        number=number,
        name=f"综合窗口{number}",
        kind="general",
        department=department or DepartmentFactory(),
    )


def on_duty(user, window):
    WindowAssignment.objects.create(window=window, user=user, started_on=date(2026, 1, 1))
    return user


@pytest.fixture
def window(db):
    return make_window()


@pytest.fixture
def clerk(window):
    return on_duty(UserFactory(clerk=True), window)


@pytest.fixture
def case(db):
    return submitted_case()


@pytest.fixture
def visit(case, window, clerk):
    """A token issued by the clerk's new visit at the window, and its signed string."""
    return visits.start_visit(clerk, window, case.number)


def rate(signed, level=5, **kwargs):
    kwargs.setdefault("scores", {})
    kwargs.setdefault("comment", "")
    return services.submit_rating(signed, level=level, **kwargs)


def window_case(clerk):
    """A case started and submitted at the window by ``clerk`` (window channel)."""
    applicant = UserFactory(citizen=True)
    the_item = item()
    case = case_window.start_for_applicant(clerk, applicant, item=the_item.code)
    names = [m.name for m in case.item_version.materials.all()]
    return case_services.submit(clerk, case, supplied=ids(case, *names))


def supervisor():
    return UserFactory(role=Role.SUPERVISOR)
