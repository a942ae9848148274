"""The public 好差评 page counts the ratings in the database, as published."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from onewindow.core.workdays.models import Clock
from onewindow.feedback.constants import AppealStatus, RatingChannel
from onewindow.feedback.public import selectors
from tests.accounts.factories import DepartmentFactory, UserFactory

from .helpers import at, rating, remedy

pytestmark = pytest.mark.django_db

URL = "/feedback/public/"


def _rate(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200
    return response.context["report"].total.satisfaction_rate, response.content.decode()


def test_the_satisfaction_rate_follows_the_ratings_added(client):
    department = DepartmentFactory(name="区住房和城乡建设局")
    assert _rate(client)[0] is None
    for level in (5, 4, 3):
        rating(level, department=department)
    rate, page = _rate(client)
    assert str(rate) == "100.00" and "100.00%" in page

    rating(1, department=department)  # a bad rating: 3 of 4 satisfied
    rate, page = _rate(client)
    assert str(rate) == "75.00" and "75.00%" in page

    rating(2, department=department)  # another: 3 of 5
    assert str(_rate(client)[0]) == "60.00"


def test_a_rating_whose_appeal_was_upheld_is_left_out(client):
    department = DepartmentFactory()
    rating(5, department=department)
    rating(1, department=department, appeal=AppealStatus.UPHELD)
    rating(1, department=department, appeal=AppealStatus.REJECTED)  # still counts
    report = selectors.public_report()
    assert (report.total.ratings, report.total.bad, report.total.excluded) == (2, 1, 1)
    assert str(report.total.satisfaction_rate) == "50.00"
    assert "未计入的评价 1 件" in client.get(URL).content.decode()


def test_figures_by_department_and_by_month():
    housing, tax = DepartmentFactory(name="住建"), DepartmentFactory(name="税务")
    for level in (5, 5, 4, 1):
        rating(level, department=housing, when=at(date(2025, 3, 10)))
    rating(
        5,
        department=tax,
        when=at(
            date(
                2025,
                3,
                31,
            ),
            hour=23,
        ),
    )  # 23:00 Beijing: March
    rating(2, department=tax, when=at(date(2025, 5, 1), hour=0))
    period = selectors.year_period(2025)

    months = {row.key: row.figures for row in selectors.by_month(period)}
    assert len(months) == 12
    assert (months[date(2025, 3, 1)].ratings, months[date(2025, 3, 1)].bad) == (5, 1)
    assert (months[date(2025, 5, 1)].ratings, months[date(2025, 5, 1)].bad) == (1, 1)
    assert months[date(2025, 4, 1)].ratings == 0

    departments = {row.label: row.figures for row in selectors.by_department(period)}
    assert str(departments["住建"].satisfaction_rate) == "75.00"
    assert str(departments["税务"].satisfaction_rate) == "50.00"

    one = selectors.Period(period.start, period.end, period.label, tax.pk)
    assert selectors.satisfaction(one).ratings == 2


def test_remedies_on_time_share(client):
    department = DepartmentFactory()
    now = timezone.now()
    due = now - timedelta(days=2)
    on_time = rating(1, department=department, when=now - timedelta(days=9))
    remedy(on_time, due_at=due, closed_at=due - timedelta(hours=3))
    late = rating(2, department=department, when=now - timedelta(days=9))
    remedy(late, due_at=due, closed_at=due + timedelta(hours=3))
    overdue = rating(1, department=department, when=now - timedelta(days=9))
    remedy(overdue, due_at=due)
    running = rating(2, department=department, when=now - timedelta(hours=1))
    remedy(running, due_at=now + timedelta(days=6))

    total = selectors.satisfaction()
    assert (total.bad, total.remedies, total.remedies_closed, total.remedies_on_time) == (
        4,
        4,
        2,
        1,
    )
    assert total.remedies_overdue == 1 and total.remedies_open == 2
    assert str(total.remedy_on_time_rate) == "33.33"  # 1 of (2 closed + 1 overdue)
    page = client.get(URL).content.decode()
    for state in ("已按期整改", "逾期整改", "整改逾期", "整改中"):
        assert state in page


def test_a_clock_paused_for_the_callback_still_counts_as_on_time():
    """The working-day clock judges: its due date moved by the days of the callback."""
    department = DepartmentFactory()
    now = timezone.now()
    today = timezone.localdate()
    bad = rating(1, department=department, when=now - timedelta(days=20))
    clock = Clock.objects.create(
        started_on=today - timedelta(days=20),
        limit_days=5,
        due_date=today - timedelta(days=10),
        warn_yellow_on=today - timedelta(days=12),
        warn_red_on=today - timedelta(days=11),
        paused_workdays=3,
        stopped_on=today - timedelta(days=10),
    )
    # due_at still shows the first due day: closing after it is on time by the clock
    remedy(bad, due_at=now - timedelta(days=14), closed_at=now - timedelta(days=10), clock=clock)
    waiting = rating(2, department=department, when=now - timedelta(days=20))
    paused = Clock.objects.create(
        started_on=today - timedelta(days=20),
        limit_days=5,
        due_date=today - timedelta(days=13),
        warn_yellow_on=today - timedelta(days=15),
        warn_red_on=today - timedelta(days=14),
        paused_since=today - timedelta(days=14),
    )
    remedy(waiting, due_at=now - timedelta(days=13), clock=paused)  # awaiting the callback
    total = selectors.satisfaction()
    assert (total.remedies_on_time, total.remedies_overdue, total.remedies_open) == (1, 0, 1)


def test_the_page_publishes_no_personal_data(client):
    department = DepartmentFactory(name="区人力资源和社会保障局")
    rater = UserFactory(citizen=True, display_name="欧阳娜娜")
    staff = UserFactory(display_name="司马光明", department=department)
    rating(
        1,
        department=department,
        rater=rater,
        staff=staff,
        comment="工作人员态度差，我的电话13912345678",
        channel=RatingChannel.ON_SITE,
    )
    page = client.get(URL).content.decode()
    assert "区人力资源和社会保障局" in page
    for secret in ("欧阳娜娜", "司马光明", "态度差", "13912345678", "139****5678"):
        assert secret not in page
    data = client.get("/feedback/public/data.json").content.decode()
    for secret in ("欧阳娜娜", "司马光明", "态度差", "5678"):
        assert secret not in data


def test_the_figures_as_json(client):
    department = DepartmentFactory(code="ST-ZJJ")
    rating(5, department=department)
    rating(1, department=department)
    data = json.loads(client.get("/feedback/public/data.json").content)
    assert data["total"]["ratings"] == 2 and data["total"]["satisfaction_rate"] == 50.0
    assert data["by_department"][0]["department"] == "ST-ZJJ"
    assert len(data["by_month"]) == 12
    one = json.loads(client.get("/feedback/public/data.json?department=ST-ZJJ").content)
    assert one["period"]["department"] == "ST-ZJJ"


def test_a_year_and_a_department_filter_the_page(client):
    department = DepartmentFactory(code="ST-TAX", name="区税务局")
    other = DepartmentFactory(code="ST-GAFJ", name="区公安分局")
    rating(5, department=department, when=at(date(2024, 6, 3)))
    rating(1, department=other, when=at(date(2024, 6, 3)))
    response = client.get(URL + "?year=2024&department=ST-TAX")
    report = response.context["report"]
    assert report.period.start == date(2024, 1, 1) and report.department == department
    assert report.total.ratings == 1


@pytest.mark.parametrize("query", ["?year=1900", "?year=abc", "?department=NOPE", "?page=x"])
def test_bad_filters_fall_back_to_the_last_12_months(client, query):
    rating(5)
    response = client.get(URL + query)
    assert response.status_code == 200
    assert response.context["report"].period == selectors.recent_months()
