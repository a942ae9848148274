"""Statistics by the clerk's own work: accepted, notified and delivered per clerk and window."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from onewindow.accounts.constants import Role
from onewindow.cases import services
from onewindow.cases.statistics.clerks import clerk_work
from onewindow.cases.statistics.report import Filters, Scope
from onewindow.org.models import ServiceSite, Window, WindowAssignment
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.cases.factories import clerk, ids, submitted_case

pytestmark = pytest.mark.django_db


def test_each_clerk_and_window_counts_their_own_steps(client):
    alice, bob = clerk(display_name="窗口甲"), clerk(display_name="窗口乙")
    site = ServiceSite.objects.create(code="HALL-S", name="政务服务大厅", kind="service_hall")
    window = Window.objects.create(
        site=site, number="A03", name="综合受理", kind="general", department=DepartmentFactory()
    )
    WindowAssignment.objects.create(window=window, user=alice, started_on=datetime.date(2020, 1, 2))
    services.accept(alice, submitted_case())
    services.accept(alice, submitted_case())
    short = submitted_case(missing=["场地证明"])
    services.issue_deficiency_notice(bob, short, ids(short, "场地证明"))

    year = timezone.localdate().year
    work = clerk_work(Scope(), Filters.for_year(year))
    rows = {row.label: row for row in work.by_clerk}
    assert (rows["窗口甲"].accepted, rows["窗口甲"].notified) == (2, 0)
    assert (rows["窗口乙"].accepted, rows["窗口乙"].notified) == (0, 1)
    assert rows["窗口甲"].window == str(window)
    assert sum(r.accepted for r in work.by_window) == 2

    client.force_login(UserFactory(role=Role.LEADER))
    page = client.get(reverse("cases:statistics"), {"year": year})
    assert page.status_code == 200
    assert 'data-testid="clerk-table"' in page.content.decode()
    assert "窗口甲" in page.content.decode()
