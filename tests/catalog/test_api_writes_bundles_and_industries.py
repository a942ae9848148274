"""Bundles and industries are written through the API by the bureau, refused to others."""

import pytest

from onewindow.catalog import selectors
from onewindow.catalog.models import Bundle, Industry
from onewindow.core.audit.models import AuditEvent
from tests.catalog.factories import ServiceItemFactory, bureau_publisher, department_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def items():
    first, second = ServiceItemFactory(published=True), ServiceItemFactory(published=True)
    return first, second


def _bundle(items, over=None):
    body = {
        "code": "API-YJS-1",
        "name": "开办药店一件事",
        "lead_department": items[0].department.code,
        "items": [i.code for i in items],
        "steps": [{"name": "一窗受理"}, {"name": "并联审批"}],
    }
    body.update(over or {})
    return body


def test_the_bureau_creates_a_bundle_and_its_savings_are_computed(client, items):
    client.force_login(bureau_publisher())
    response = client.post("/api/catalog/bundles", _bundle(items), content_type="application/json")
    assert response.status_code == 201, response.content
    bundle = Bundle.objects.get(code="API-YJS-1")
    savings = selectors.bundle_savings(bundle)
    assert savings["items"] == 2 and savings["steps_merged"] == 2
    assert AuditEvent.objects.filter(action="catalog.bundle_create").count() == 1


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"items": []}, "一件事至少包含两个事项"),
        ({"steps": [{"name": f"环节{n}"} for n in range(5)]}, "环节"),
        ({"lead_department": "NO-SUCH"}, "部门"),
    ],
)
def test_bad_bundles_are_refused_in_chinese_and_nothing_is_saved(client, items, over, message):
    client.force_login(bureau_publisher())
    response = client.post(
        "/api/catalog/bundles", _bundle(items, over), content_type="application/json"
    )
    assert response.status_code == 400
    assert message in response.json()["detail"] + str(response.json().get("errors"))
    assert not Bundle.objects.filter(code="API-YJS-1").exists()


def test_department_staff_cannot_create_bundles_or_industries(client, items):
    client.force_login(department_editor(items[0].department))
    assert (
        client.post("/api/catalog/bundles", _bundle(items), content_type="application/json")
    ).status_code == 403
    body = {
        "code": "API-YYYZ-1",
        "name": "药店",
        "lead_department": items[0].department.code,
        "replaced_items": [items[0].code],
    }
    assert (
        client.post("/api/catalog/industries", body, content_type="application/json")
    ).status_code == 403
    assert not Industry.objects.exists()


def test_the_bureau_creates_an_industry(client, items):
    client.force_login(bureau_publisher())
    body = {
        "code": "API-YYYZ-1",
        "name": "药店",
        "lead_department": items[0].department.code,
        "replaced_items": [i.code for i in items],
        "notice": "一次告知：开办药店所需的全部材料",
    }
    response = client.post("/api/catalog/industries", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert {i["code"] for i in response.json()["replaced_items"]} == {i.code for i in items}


def test_anonymous_writes_need_a_login(client, items):
    response = client.post("/api/catalog/bundles", _bundle(items), content_type="application/json")
    assert response.status_code == 401
