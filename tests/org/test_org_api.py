"""The public API: summary, departments, sites with filters and pages, site detail."""

import pytest
from ninja import NinjaAPI
from ninja.testing import TestClient

from onewindow.core.api_support import install_error_handlers
from onewindow.org.api import router
from onewindow.org.models import ServiceSite

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def api_client():
    # Mounted the same way as in onewindow/api.py, with the project's error handlers.
    api = NinjaAPI(urls_namespace="org-api-test")
    install_error_handlers(api)
    api.add_router("/org", router)
    return TestClient(api)


def test_summary_gives_the_seed_counts(api_client, network):
    response = api_client.get("/org/summary")
    assert response.status_code == 200
    body = response.json()
    assert body["sites"]["community_centre"] == 59
    assert body["sites"]["online_branch"] == 284
    assert body["terminals"] == 49
    assert body["terminals_by_kind"]["service_hall"] == 16
    assert body["pilots"] == 10
    assert body["departments"]["construction"] == 7


def test_departments_are_listed(api_client, network):
    body = api_client.get("/org/departments").json()
    assert sum(1 for d in body if d["approves_construction"]) == 7
    assert {"区税务局", "综合受理股"} <= {d["name"] for d in body}


def test_sites_filter_by_kind_parent_and_name_and_page(api_client, network):
    body = api_client.get("/org/sites?kind=village_station&page_size=5").json()
    assert body["count"] == 22
    assert len(body["items"]) == 5
    town = ServiceSite.objects.get(code="DYQ-T06")
    body = api_client.get(f"/org/sites?kind=community_centre&parent={town.pk}").json()
    assert body["count"] == 3
    body = api_client.get("/org/sites?q=府前").json()
    assert {s["name"] for s in body["items"]} == {
        "府前社区便民服务中心",
        "府前社区网上便民服务分厅",
    }


def test_bad_filters_are_400_not_500(api_client, network):
    assert api_client.get("/org/sites?kind=castle").status_code == 400
    assert api_client.get(f"/org/sites?page={10**12}").status_code == 400
    assert api_client.get(f"/org/sites?parent={10**30}").status_code == 400
    assert api_client.get("/org/sites?q=%00府前").json()["count"] == 2
    assert api_client.get(f"/org/sites/{10**30}").status_code == 404


def test_site_detail_and_missing_site(api_client, network):
    hall = ServiceSite.objects.get(code="DYQ-HALL")
    body = api_client.get(f"/org/sites/{hall.pk}").json()
    assert len(body["terminals"]) == 16
    b01 = next(w for w in body["windows"] if w["number"] == "B01")
    assert b01["department"] == "综合受理股"
    assert b01["kind"] == "general"
    pilot = ServiceSite.objects.filter(is_standardisation_pilot=True).first()
    assert api_client.get(f"/org/sites/{pilot.pk}").json()["site_standard"]["premises"] is True
    assert api_client.get("/org/sites/999999999").status_code == 404


def test_the_project_api_serves_the_summary_when_mounted(client, network):
    from onewindow.api import api

    mounted = any(r is router for _prefix, r, *_rest in api._router_registrations)
    if not mounted:
        pytest.skip("onewindow/api.py does not mount the org router yet")
    response = client.get("/api/org/summary")
    assert response.status_code == 200
    assert response.json()["sites"]["town_centre"] == 8
