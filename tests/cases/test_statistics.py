"""Statistics of cases: counts by item, department, channel and period, the on-time rate,
working days taken, report categories, the Excel export, and who may see what.

The known set (2026, promised limit 2 working days, every case built through the services):

| case | item (dept)  | channel | accepted        | decided         | days | on time |
|------|--------------|---------|-----------------|-----------------|------|---------|
| c1   | I1 (D1)      | online  | Mon 2026-03-02  | Tue 2026-03-03  | 1    | yes     |
| c2   | I1 (D1)      | window  | Mon 2026-03-02  | Fri 2026-03-06  | 4    | no      |
| c3   | I2 (D2)      | online  | Wed 2026-04-01  | Wed 2026-04-01  | 0    | yes     |
| c4   | I2 (D2)      | window  | Wed 2026-04-01  | (in review)     |      |         |
"""

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from onewindow.accounts.constants import Role
from onewindow.cases import services
from onewindow.cases.constants import Channel
from onewindow.cases.models import ReportCategory
from onewindow.cases.statistics import report as st
from onewindow.core.audit.models import AuditEvent
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.cases.factories import approver, clerk, freeze, ids, item

SPRING = st.Filters(date(2026, 3, 1), date(2026, 4, 30), period=st.Period.MONTH)
QUERY = "?start=2026-03-01&end=2026-04-30&period=month"


def _handle(monkeypatch, the_item, staff, *, accepted_on, decided_on=None, channel, form=None):
    window_clerk, reviewer = staff
    freeze(monkeypatch, accepted_on, 9)
    applicant = UserFactory(citizen=True)
    case = services.start_application(applicant, item=the_item, channel=channel)
    names = [m.name for m in case.item_version.materials.all()]
    submitter = window_clerk if channel == Channel.WINDOW else applicant
    case = services.submit(submitter, case, supplied=ids(case, *names), form_data=form)
    case = services.accept(window_clerk, case)
    services.dispatch(window_clerk, case, [reviewer.department])
    if decided_on is not None:
        freeze(monkeypatch, decided_on, 15)
        task = case.tasks.get()
        services.start_review(reviewer, task)
        services.decide_task(reviewer, task, True)
    case.refresh_from_db()
    return case


@pytest.fixture
def known(calendar_2026, monkeypatch):
    d1, d2 = DepartmentFactory(name="甲局"), DepartmentFactory(name="乙局")
    i1 = item(department=d1, name="=1+1甲事项", statutory_limit_days=20, promised_limit_days=2)
    buildings_field = {"key": "building_count", "label": "单体栋数", "field_type": "number"}
    i2 = item(
        department=d2,
        name="乙事项",
        statutory_limit_days=20,
        promised_limit_days=2,
        form_fields=[{**buildings_field, "required": False}],
    )
    window_clerk = clerk()
    staff1, staff2 = (window_clerk, approver(d1)), (window_clerk, approver(d2))
    cases = {
        "c1": _handle(
            monkeypatch,
            i1,
            staff1,
            accepted_on=date(2026, 3, 2),
            decided_on=date(2026, 3, 3),
            channel=Channel.ONLINE,
        ),
        "c2": _handle(
            monkeypatch,
            i1,
            staff1,
            accepted_on=date(2026, 3, 2),
            decided_on=date(2026, 3, 6),
            channel=Channel.WINDOW,
        ),
        "c3": _handle(
            monkeypatch,
            i2,
            staff2,
            accepted_on=date(2026, 4, 1),
            decided_on=date(2026, 4, 1),
            channel=Channel.ONLINE,
            form={"building_count": 5},
        ),
        "c4": _handle(
            monkeypatch, i2, staff2, accepted_on=date(2026, 4, 1), channel=Channel.WINDOW
        ),
    }
    monkeypatch.undo()
    permits = ReportCategory.objects.create(code="permits", name="甲类许可", order=1)
    permits.items.set([i1])
    buildings = ReportCategory.objects.create(code="buildings", name="乙类备案", unit="栋", order=2)
    buildings.items.set([i2])
    return {"d1": d1, "d2": d2, "i1": i1, "i2": i2, "staff1": staff1, **cases}


def _row(rows, label):
    return next(r for r in rows if r.label == label)


def test_counts_by_period_channel_department_and_item_with_the_on_time_rate(known):
    report = st.build_report(st.Scope(), SPRING)

    total = report.total
    assert (total.received, total.decided, total.on_time, total.late) == (4, 3, 2, 1)
    assert total.on_time_rate == pytest.approx(2 / 3)
    assert total.days_total == 5 and total.days_max == 4  # 1 + 4 + 0 working days
    assert total.average_days == pytest.approx(5 / 3)

    march, april = report.by_period
    assert (march.label, march.figures.received, march.figures.decided) == ("2026年3月", 2, 2)
    assert (march.figures.on_time, march.figures.days_max) == (1, 4)
    assert (april.label, april.figures.received, april.figures.decided) == ("2026年4月", 2, 1)

    # Every channel has a row, the kiosk's too (no case came from one here).
    online, window, kiosk = report.by_channel
    assert (kiosk.key, kiosk.figures.received) == ("kiosk", 0)
    assert (online.key, online.figures.received, online.figures.decided) == ("online", 2, 2)
    assert online.figures.on_time_rate == 1
    assert (window.key, window.figures.received, window.figures.decided) == ("window", 2, 1)
    assert window.figures.on_time_rate == 0

    d1, d2 = _row(report.by_department, "甲局"), _row(report.by_department, "乙局")
    assert (d1.figures.received, d1.figures.decided, d1.figures.on_time) == (2, 2, 1)
    assert d1.figures.average_days == pytest.approx(2.5)
    assert (d2.figures.received, d2.figures.decided, d2.figures.on_time) == (2, 1, 1)
    assert d2.figures.days_max == 0

    i1 = _row(report.by_item, "=1+1甲事项")
    assert (i1.code, i1.department, i1.figures.decided) == (known["i1"].code, "甲局", 2)

    permits, buildings = report.categories
    assert (permits.name, permits.cases, permits.units) == ("甲类许可", 2, 2)
    assert (buildings.unit, buildings.cases, buildings.units) == ("栋", 1, 5)  # 5 buildings


def test_quarters_and_a_channel_filter(known):
    by_quarter = st.build_report(
        st.Scope(), st.Filters(date(2026, 1, 1), date(2026, 6, 30), period=st.Period.QUARTER)
    )
    assert [(r.label, r.figures.received, r.figures.decided) for r in by_quarter.by_period] == [
        ("2026年第1季度", 2, 2),
        ("2026年第2季度", 2, 1),
    ]
    online = st.build_report(
        st.Scope(), st.Filters(SPRING.start, SPRING.end, channel=Channel.ONLINE)
    )
    assert (online.total.received, online.total.decided, online.total.on_time) == (2, 2, 2)


def test_a_range_without_those_days_counts_nothing(known):
    report = st.build_report(st.Scope(), st.Filters(date(2026, 3, 4), date(2026, 3, 31)))
    assert (report.total.received, report.total.decided) == (0, 1)  # c2 decided on 03-06


def test_the_report_is_sql_aggregation_not_a_query_per_case(known, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        st.build_report(st.Scope(), SPRING)


def _tile(html, testid):
    found = re.search(rf'data-testid="{testid}"><div class="ow-stat-value">([^<]*)<', html)
    return found.group(1) if found else None


def test_the_page_shows_the_figures_to_a_leader(client, known):
    client.force_login(UserFactory(role=Role.LEADER))
    response = client.get(reverse("cases:statistics") + QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    assert _tile(html, "total-received") == "4"
    assert _tile(html, "total-decided") == "3"
    assert _tile(html, "total-on-time-rate") == "66.7%"
    assert _tile(html, "total-longest-days") == "4"
    assert 'data-testid="department-table"' in html and "甲局" in html and "乙局" in html
    assert 'data-echarts="chart-period"' in html and 'id="chart-period"' in html
    assert "<script>" not in html  # charts come from json_script data, no inline script


def test_a_department_user_sees_only_their_department(client, known):
    _clerk, reviewer = known["staff1"]
    report = st.report_for(reviewer, SPRING)
    assert [r.label for r in report.by_department] == ["甲局"]
    assert (report.total.received, report.total.decided) == (2, 2)

    client.force_login(reviewer)
    other = known["d2"].pk
    response = client.get(reverse("cases:statistics") + QUERY + f"&department={other}")
    html = response.content.decode()
    assert response.status_code == 200
    assert _tile(html, "total-received") == "2"
    assert "乙局" not in html
    assert f'data-testid="item-{known["i1"].code}"' in html
    assert f'data-testid="item-{known["i2"].code}"' not in html


@pytest.mark.parametrize("name", ["cases:statistics", "cases:statistics_export", "cases:startup"])
def test_a_citizen_is_refused_and_a_stranger_must_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(UserFactory(citizen=True))
    assert client.get(reverse(name)).status_code == 403


def test_bad_filters_never_fail(client, known):
    client.force_login(UserFactory(role=Role.SUPERVISOR))
    for query in (
        "?start=2026-05-01&end=2026-04-01",
        "?start=nonsense&period=weekly&channel=fax&year=abc",
        "?start=1900-01-01&end=2100-12-31",
        "?department=999999",
    ):
        page = client.get(reverse("cases:statistics") + query)
        assert page.status_code == 200, query
        export = client.get(reverse("cases:statistics_export") + query)
        assert export.status_code in (200, 400), query


def test_the_excel_export_has_a_sheet_per_dimension_with_the_figures(client, known):
    leader = UserFactory(role=Role.LEADER)
    client.force_login(leader)
    response = client.get(reverse("cases:statistics_export") + QUERY)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert {"概况", "统计类别", "按事项", "按部门", "按渠道", "按周期", "企业开办"} <= set(
        book.sheetnames
    )

    def rows(sheet):
        return list(book[sheet].iter_rows(values_only=True))

    header, *departments = rows("按部门")
    d1 = next(r for r in departments if r[0] == "甲局")
    received, decided, on_time, late, rate = d1[2:7]
    assert (received, decided, on_time, late) == (2, 2, 1, 1)
    assert rate == pytest.approx(0.5)
    assert [r[:3] for r in rows("按渠道")[1:]] == [
        ("网上申请", 2, 2),
        ("窗口受理", 2, 1),
        ("自助终端", 0, 0),
    ]
    assert [r[:3] for r in rows("按周期")[1:]] == [("2026年3月", 2, 2), ("2026年4月", 2, 1)]
    assert rows("统计类别")[2][:4] == ("乙类备案", "栋", 5, 1)
    # A name that looks like a formula stays text.
    name_cell = next(c for c in book["按事项"]["A"] if c.value == "=1+1甲事项")
    assert name_cell.data_type == "s"
    assert AuditEvent.objects.filter(
        action="export", object_id="statistics", actor_id=leader.pk
    ).exists()
