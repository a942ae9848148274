"""The demo's cases: 2020 shows exactly the seed's nine counts; today's work is there;
loading twice changes nothing.

The seed: "2020年以来，办理完成投资项目备案509件、核准3件和审批76件、建筑工程施工许可证
（质量安全监督合并）86件、商品房预售4件、房地产开发企业资质16件、竣工验收备案228栋单体、
初步设计和抗震设防审查3件（7月底已取消该事项）、建筑企业资质11件。"
"""

import re
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from onewindow.accounts.models import User
from onewindow.cases.constants import CaseStatus, TaskStatus
from onewindow.cases.models import Case, DepartmentTask
from onewindow.cases.statistics import report as st
from onewindow.cases.statistics import startup
from onewindow.core import demo
from onewindow.core.workdays.models import Clock

SEED_2020 = {
    "投资项目备案": (509, "件"),
    "投资项目核准": (3, "件"),
    "投资项目审批": (76, "件"),
    "建筑工程施工许可证（质量安全监督合并）": (86, "件"),
    "商品房预售": (4, "件"),
    "房地产开发企业资质": (16, "件"),
    "竣工验收备案": (228, "栋"),
    "初步设计和抗震设防审查": (3, "件"),
    "建筑企业资质": (11, "件"),
}


def _categories(report) -> dict:
    return {c.name: (c.units, c.unit) for c in report.categories}


def _figures(report):
    t = report.total
    return (t.received, t.decided, t.on_time, t.days_total, t.days_max)


@pytest.mark.django_db
def test_the_demo_year_shows_the_seeds_counts_and_loading_twice_changes_nothing(client):
    """One load for all the checks (the demo takes seconds to load)."""
    for _step in demo.load_all():
        pass
    year = st.Filters.for_year(2020)
    report = st.build_report(st.Scope(), year)
    assert _categories(report) == SEED_2020
    # Abolished at the end of July 2020: no such case after it.
    category = next(c for c in report.categories if c.name == "初步设计和抗震设防审查")
    assert category.cases == 3
    # Ordinary cases of other items across the year, mostly on time, some late.
    assert 2000 <= report.total.decided <= 5000
    assert 0.9 <= report.total.on_time_rate < 1
    assert all(row.figures.decided > 0 for row in report.by_period)  # every month
    assert {r.key for r in report.by_channel if r.figures.received} == {"online", "window"}
    # 企业开办: most finished within one working day, as the seed says.
    start_ups = startup.build_report(st.Scope(), year)
    assert start_ups.finished >= 100 and start_ups.share >= 0.85

    # The page shows the nine counts with their units.
    client.force_login(User.objects.get(username="leader"))
    html = client.get(reverse("cases:statistics") + "?year=2020").content.decode()
    shown = dict(
        re.findall(
            r'<th scope="row" class="fw-normal">([^<]+)</th>\s*'
            r'<td class="text-end text-nowrap"><span data-testid="category-units">(\d+)</span>',
            html,
        )
    )
    assert {name: int(n) for name, n in shown.items()} == {
        name: n for name, (n, _unit) in SEED_2020.items()
    }
    assert "228</span> 栋" in html

    # Loading again adds nothing and the figures stay the same.
    cases = Case.objects.count()
    started = time.monotonic()
    second = dict(demo.load_all())
    assert second["办件"]["created"] == 0 and Case.objects.count() == cases
    assert time.monotonic() - started < 60
    again = st.build_report(st.Scope(), year)
    assert _categories(again) == SEED_2020 and _figures(again) == _figures(report)

    _todays_work_is_waiting_at_the_window_and_the_departments()
    _this_year_shows_every_month_gone()
    _the_demo_applicants_have_a_saved_draft(client)


def _the_demo_applicants_have_a_saved_draft(client):
    """暂存: the citizen stopped at step 2, the enterprise at step 3 with one file kept."""
    from onewindow.cases.intake import drafts
    from onewindow.cases.models import ApplicationDraft

    citizen = ApplicationDraft.objects.get(applicant__username="citizen")
    enterprise = ApplicationDraft.objects.get(applicant__username="enterprise")
    assert citizen.step == drafts.MATTER and enterprise.step == drafts.MATERIALS
    assert len(drafts.kept(enterprise)) == 1
    assert enterprise.item_version.applicant_type in ("organisation", "both")
    client.force_login(User.objects.get(username="enterprise"))
    page = client.get(reverse("cases:my_drafts")).content.decode()
    assert enterprise.item_version.name in page and "3. 上传材料" in page


def _todays_work_is_waiting_at_the_window_and_the_departments():
    today = timezone.localdate()
    live = Case.objects.exclude(number__startswith="DY2020")
    statuses = set(live.values_list("status", flat=True))
    assert {
        CaseStatus.SUBMITTED,
        CaseStatus.DEFICIENT,
        CaseStatus.CONDITIONALLY_ACCEPTED,
        CaseStatus.IN_REVIEW,
        CaseStatus.DECIDED,
    } <= statuses
    # In review at two departments at once.
    two = [c for c in live.filter(status=CaseStatus.IN_REVIEW) if c.tasks.count() == 2]
    assert two
    # 王强 (住建) has open tasks, one of them past its promised date.
    wang = User.objects.get(username="approver")
    open_tasks = DepartmentTask.objects.filter(
        department=wang.department, status__in=(TaskStatus.PENDING, TaskStatus.IN_REVIEW)
    )
    assert open_tasks.count() >= 2
    assert Clock.objects.overdue(today).filter(pk__in=live.values("promised_clock")).exists()
    # The historical year's clocks are all stopped: nothing old shows as overdue.
    old = Case.objects.filter(number__startswith="DY2020")
    assert not Clock.objects.filter(pk__in=old.values("promised_clock"), stopped_on=None).exists()


def _this_year_shows_every_month_gone():
    """This year's statistics have a case decided in each month before this one (from
    February on: in January the concluded cases would fall before the year began)."""
    today = timezone.localdate()
    report = st.build_report(st.Scope(), st.Filters.for_year(today.year))
    months = [row for row in report.by_period if row.figures.decided]
    assert len(months) >= today.month - 1
    assert report.total.decided >= 50 * (today.month - 1)
    this_year = Case.objects.filter(number__startswith=f"DY{today.year}")
    concluded = this_year.filter(status=CaseStatus.CONCLUDED)
    assert concluded.count() >= 50 * (today.month - 1)
    # Their clocks are stopped: only today's work can be due or overdue.
    assert not Clock.objects.filter(
        pk__in=concluded.values("promised_clock"), stopped_on=None
    ).exists()
