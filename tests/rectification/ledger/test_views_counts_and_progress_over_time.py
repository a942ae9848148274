"""The ledger by category with progress %, the counts the report uses, progress over
time from the ledger's timeline, and the three lists."""

import json
from datetime import date

import pytest
from django.urls import reverse

from onewindow.rectification.constants import AccountabilityKind
from onewindow.rectification.ledger import selectors
from onewindow.rectification.ledger import services as ledger
from tests.accounts.factories import DepartmentFactory
from tests.cases.factories import freeze
from tests.rectification.factories import close, inspection_, measure_, problem_


@pytest.fixture
def world(db, unit, leader, monkeypatch):
    """2 方面 (the first with a sub-category 类), 3 problems, 4 measures, 2 closed."""
    inspection = inspection_()
    politics = ledger.add_category(inspection, title="一、党的政治建设方面")
    reform = ledger.add_category(inspection, title="（一）改革类", parent=politics)
    discipline = ledger.add_category(inspection, title="二、全面从严治党方面")
    office = DepartmentFactory(name="局办公室")
    p1 = problem_(inspection, number=1, category=reform)
    p2 = problem_(inspection, number=2, category=reform)
    p3 = problem_(inspection, number=3, category=discipline)
    m1 = measure_(p1, unit=unit, responsible_leader="王局长")
    m2 = measure_(p2, unit=unit, responsible_leader="王局长")
    m3 = measure_(p3, unit=office, responsible_leader="赵书记")
    measure_(p3, unit=office, responsible_leader="赵书记", due_date=date(2020, 4, 30))
    freeze(monkeypatch, date(2020, 4, 10))
    close(m1, leader)
    freeze(monkeypatch, date(2020, 5, 6))
    close(m2, leader)
    close(m3, leader)
    for name, kind in (
        ("张某", AccountabilityKind.CRITICISM_EDUCATION),
        ("张某", AccountabilityKind.ADMONITION_TALK),
        ("李某", AccountabilityKind.ADMONITION_TALK),
    ):
        ledger.add_accountability(p3, person_name=name, kind=kind, decided_on=date(2020, 5, 1))
    monkeypatch.undo()
    return inspection


def test_ledger_counts(world):
    assert selectors.ledger_counts(world) == {
        "categories": 2,
        "subcategories": 1,
        "problems": 3,
        "problems_closed": 2,
        "problems_open": 1,
        "measures": 4,
        "measures_closed": 3,
        "people_held_to_account": 2,
        "accountability_by_kind": {"admonition_talk": 2, "criticism_education": 1},
        # In the office's order and words.
        "accountability_by_form": [
            {"code": "admonition_talk", "name": "诫勉谈话", "count": 2},
            {"code": "criticism_education", "name": "批评教育", "count": 1},
        ],
    }


def test_progress_over_time_comes_from_the_timeline(world):
    series = selectors.progress_over_time(world)
    assert [(p["day"], p["measures"], p["problems"], p["percent"]) for p in series] == [
        (date(2020, 3, 26), 0, 0, 0.0),
        (date(2020, 4, 10), 1, 1, 25.0),
        (date(2020, 5, 6), 3, 2, 75.0),
    ]


def test_the_inspection_page_shows_categories_progress_and_the_chart(client, world, leader):
    client.force_login(leader)
    page = client.get(reverse("rectification:inspection", args=[world.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "2020-05-26" in html  # the report is due 2 months after the feedback
    assert 'data-echarts="chart-progress"' in html and "<script>" not in html
    assert 'style="' not in html.split("<main", 1)[-1]
    option = json.loads(html.split('id="chart-progress" type="application/json">')[1].split("<")[0])
    assert option["xAxis"]["data"] == ["2020-03-26", "2020-04-10", "2020-05-06"]
    assert html.count('data-testid="category-percent"') == 3
    assert "100.0%（2/2）" in html  # 一、 with its sub-category
    assert "50.0%（1/2）" in html  # 二、


def test_the_lists_by_unit_and_by_leader(client, world, leader):
    client.force_login(leader)
    for tab in ("problems", "tasks", "responsibilities"):
        assert client.get(reverse("rectification:lists", args=[world.pk, tab])).status_code == 200
    assert (
        client.get(reverse("rectification:lists", args=[world.pk, "nonsense"])).status_code == 404
    )
    rows = {r["label"]: (r["total"], r["closed"], r["overdue"]) for r in selectors.by_leader(world)}
    assert rows == {"王局长": (2, 2, 0), "赵书记": (2, 1, 1)}
    units = {r["label"]: r["percent"] for r in selectors.by_unit(world)}
    assert units == {"政务服务科": 100.0, "局办公室": 50.0}
    printable = client.get(
        reverse("rectification:lists_print", args=[world.pk, "responsibilities"])
    )
    html = printable.content.decode()
    assert 'data-testid="printable-list"' in html and "赵书记" in html


def test_a_new_inspection_through_the_page(client, leader):
    client.force_login(leader)
    response = client.post(
        reverse("rectification:inspection_new"),
        {
            "title": "区委第三巡察组对局党组的巡察",
            "round_name": "2019年第三轮",
            "inspection_group": "区委第三巡察组",
            "inspected_unit": "中共东营区行政审批服务局党组",
            "period_start": "2019-09-23",
            "period_end": "2019-12-27",
            "feedback_on": "2020-03-26",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "2020-05-26" in page and "区委第三巡察组" in page


def test_the_inspection_page_reads_in_a_fixed_number_of_queries(
    client, world, leader, django_assert_max_num_queries, unit
):
    client.force_login(leader)
    url = reverse("rectification:inspection", args=[world.pk])
    client.get(url)
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    for n in range(10, 20):
        measure_(problem_(world, number=n), unit=unit)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
