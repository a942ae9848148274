"""The working-day API: due dates, counts and a year's exceptions; bad input is a 400."""

import pytest
from ninja import NinjaAPI
from ninja.testing import TestClient

from onewindow.core.api_support import install_error_handlers
from onewindow.core.workdays.api import router
from onewindow.core.workdays.services import seed_from_package

pytestmark = pytest.mark.django_db

_api = NinjaAPI(urls_namespace="test_workdays_api")
install_error_handlers(_api)
_api.add_router("/workdays", router)


@pytest.fixture
def api():
    seed_from_package([2026])
    return TestClient(_api)


def test_due_date_over_national_day(api):
    response = api.get("/workdays/add?start=2026-09-30&days=5")
    assert response.status_code == 200
    body = response.json()
    assert body["due_date"] == "2026-10-13"
    assert body["verified"] is True and body["unverified_years"] == []


def test_a_due_date_in_an_unverified_year_says_so(api):
    body = api.get("/workdays/add?start=2026-12-20&days=30").json()
    assert body["verified"] is False and body["unverified_years"] == [2027]


def test_between_counts_the_half_open_range(api):
    body = api.get("/workdays/between?start=2026-09-30&end=2026-10-13").json()
    assert body["workdays"] == 5
    body = api.get("/workdays/between?start=2026-10-13&end=2026-09-30").json()
    assert body["workdays"] == -5


def test_a_year_lists_its_exceptions(api):
    body = api.get("/workdays/calendar/2026").json()
    assert body["verified"] is True
    days = {d["date"]: d for d in body["days"]}
    assert len(days) == 25
    assert days["2026-10-10"]["is_workday"] is True
    assert days["2026-10-10"]["kind"] == "makeup_workday"
    assert days["2026-10-01"]["name"] == "国庆节"
    body = api.get("/workdays/calendar/2030").json()
    assert body == {"year": 2030, "verified": False, "days": []}


@pytest.mark.parametrize(
    "path",
    [
        "/workdays/add?start=2026-02-30&days=5",
        "/workdays/add?start=yesterday&days=5",
        "/workdays/add?start=2026-09-30&days=-1",
        "/workdays/add?start=2026-09-30&days=2001",
        "/workdays/add?start=2026-09-30&days=many",
        "/workdays/add?start=2026-09-30",
        "/workdays/add?start=0001-01-01&days=1",
        "/workdays/add?start=9999-12-31&days=2000",
        "/workdays/between?start=2026-09-30&end=9999-12-31",
        "/workdays/calendar/99999",
        "/workdays/calendar/0",
    ],
)
def test_bad_input_is_a_400_with_a_chinese_message(api, path):
    response = api.get(path)
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in detail)
