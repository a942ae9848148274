"""企业开办一窗通: the share of start-ups finished within one working day of acceptance.

Working days follow the 2026 calendar: a Friday acceptance finished on Monday took 1; one
finished after the National Day holiday (10-01..10-07) on its first day back took 1; but
2026-09-20 is a Sunday worked in exchange (调休), so Friday 09-18 to Monday 09-21 took 2.
"""

import re
from datetime import date

import pytest
from django.urls import reverse

from onewindow.accounts.constants import Role
from onewindow.cases import services
from onewindow.cases.statistics import report as st
from onewindow.cases.statistics import startup
from onewindow.catalog import selectors as catalog_selectors
from onewindow.core.workdays.calendar import get_calendar
from tests.accounts.factories import UserFactory
from tests.cases.factories import approver, clerk, freeze
from tests.catalog.factories import BundleFactory

# (accepted, decided, working days taken)
CASES = [
    (date(2026, 3, 2), date(2026, 3, 2), 0),  # the same day
    (date(2026, 3, 6), date(2026, 3, 9), 1),  # Friday to Monday, over a weekend
    (date(2026, 9, 30), date(2026, 10, 8), 1),  # over the National Day holiday
    (date(2026, 3, 2), date(2026, 3, 4), 2),  # Monday to Wednesday
    (date(2026, 9, 18), date(2026, 9, 21), 2),  # Friday to Monday over a worked Sunday
]


@pytest.fixture
def startup_bundle(calendar_2026, settings):
    bundle = BundleFactory(code="QYKB-TEST", promised_limit_days=1)
    settings.CASES_STARTUP_BUNDLE = bundle.code
    return bundle


def _start_up(monkeypatch, bundle, accepted_on, decided_on, staff):
    window_clerk, reviewers = staff
    freeze(monkeypatch, accepted_on, 9)
    founder = UserFactory(citizen=True)
    case = services.start_application(founder, bundle=bundle)
    materials = [m.material_type.pk for m in catalog_selectors.bundle_materials(bundle)]
    case = services.submit(founder, case, supplied=materials)
    case = services.accept(window_clerk, case)
    services.dispatch(window_clerk, case, [r.department for r in reviewers])
    freeze(monkeypatch, decided_on, 16)
    for reviewer in reviewers:
        task = case.tasks.get(department=reviewer.department)
        services.start_review(reviewer, task)
        services.decide_task(reviewer, task, True)
    case.refresh_from_db()
    return case


@pytest.fixture
def start_ups(startup_bundle, monkeypatch):
    items = [link.item for link in startup_bundle.bundle_items.select_related("item")]
    reviewers = [approver(i.department) for i in items]
    staff = (clerk(), reviewers)
    cases = [_start_up(monkeypatch, startup_bundle, a, d, staff) for a, d, _days in CASES]
    monkeypatch.undo()
    return cases


def test_working_days_taken_count_weekends_holidays_and_worked_sundays_right(calendar_2026):
    calendar = get_calendar()
    for accepted, decided, days in CASES:
        assert startup.finished_days(accepted, decided, calendar) == days, (accepted, decided)


def test_the_share_within_one_working_day_and_the_distribution(start_ups):
    assert all(case.status == "decided" for case in start_ups)
    report = startup.build_report(st.Scope(), st.Filters.for_year(2026))

    assert (report.finished, report.within, report.limit_days) == (5, 3, 1)
    assert report.share == pytest.approx(0.6)
    assert report.days_max == 2 and report.average_days == pytest.approx(6 / 5)
    distribution = {b.label: (b.count, b.within) for b in report.distribution}
    assert distribution["当日办结"] == (1, True)
    assert distribution["1个工作日"] == (2, True)
    assert distribution["2个工作日"] == (2, False)
    assert distribution["3至5个工作日"] == (0, False)
    by_month = {p.label: (p.finished, p.within) for p in report.by_period}
    assert by_month["2026年3月"] == (3, 2)
    assert by_month["2026年9月"] == (1, 0)
    assert by_month["2026年10月"] == (1, 1)  # counted in the month it was finished


def test_a_stricter_or_looser_limit_is_a_setting(start_ups, settings):
    settings.CASES_STARTUP_LIMIT_DAYS = 0
    assert startup.build_report(st.Scope(), st.Filters.for_year(2026)).within == 1
    settings.CASES_STARTUP_LIMIT_DAYS = 2
    assert startup.build_report(st.Scope(), st.Filters.for_year(2026)).within == 5


def test_the_page_shows_the_share_and_is_linked_from_statistics(client, start_ups):
    client.force_login(UserFactory(role=Role.LEADER))
    page = client.get(reverse("cases:startup") + "?year=2026")
    assert page.status_code == 200
    html = page.content.decode()
    share = re.search(r'data-testid="startup-share"><div class="ow-stat-value">([^<]*)<', html)
    assert share.group(1) == "60.0%"
    assert 'data-echarts="chart-distribution"' in html
    statistics = client.get(reverse("cases:statistics") + "?year=2026").content.decode()
    assert reverse("cases:startup") in statistics
