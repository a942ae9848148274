"""The catalogue API: read by anyone, written by authorised staff."""

import pytest

from onewindow.catalog import services
from onewindow.catalog.models import ItemVersion, ServiceItem
from tests.accounts.factories import UserFactory
from tests.catalog.factories import (
    BundleFactory,
    IndustryFactory,
    ServiceItemFactory,
    bureau_publisher,
    department_editor,
    material,
)

pytestmark = pytest.mark.django_db

API = "/api/catalog"


def test_items_are_listed_and_filtered(client):
    a = ServiceItemFactory(name="食品经营许可", published=True)
    b = ServiceItemFactory(name="药品零售许可", published=True)
    ServiceItemFactory(name="食品草稿事项")  # draft: never listed
    services.add_to_list(None, "conditional", item=b)

    body = client.get(f"{API}/items").json()
    assert body["count"] == 2
    assert [i["code"] for i in client.get(f"{API}/items?q=食品").json()["items"]] == [a.code]
    assert [i["code"] for i in client.get(f"{API}/items?list=conditional").json()["items"]] == [
        b.code
    ]
    by_department = client.get(f"{API}/items?department={a.department.code}").json()
    assert [i["code"] for i in by_department["items"]] == [a.code]
    assert client.get(f"{API}/items?list=nonsense").status_code == 400


def test_an_items_guide_and_its_versions(client):
    item = ServiceItemFactory(published=True, materials=[material("营业执照")])
    guide = client.get(f"{API}/items/{item.code}").json()
    assert guide["number"] == 1 and guide["materials"][0]["name"] == "营业执照"
    assert guide["department"]["code"] == item.department.code

    services.start_revision(None, item)  # a draft: not in the public history
    versions = client.get(f"{API}/items/{item.code}/versions").json()
    assert [v["number"] for v in versions] == [1]
    assert client.get(f"{API}/items/NO-SUCH").status_code == 404
    assert client.get(f"{API}/items/NO-SUCH/versions").status_code == 404
    assert client.get(f"{API}/items/{ServiceItemFactory().code}/versions").status_code == 404


def test_lists_bundles_and_industries_are_public(client):
    item = ServiceItemFactory(published=True)
    services.add_to_list(None, "delegated", item=item, level="town")
    bundle = BundleFactory()
    industry = IndustryFactory()

    lists = {row["code"]: row["count"] for row in client.get(f"{API}/lists").json()}
    assert lists["delegated"] == 1 and lists["chain"] == 0
    detail = client.get(f"{API}/lists/delegated").json()
    assert detail["entries"] == [
        {"item": {"code": item.code, "name": item.name}, "bundle": None, "level": "town"}
    ]
    assert client.get(f"{API}/lists/nonsense").status_code == 404

    assert client.get(f"{API}/bundles").json()["count"] == 1
    body = client.get(f"{API}/bundles/{bundle.code}").json()
    assert body["savings"]["materials_separately"] == 4
    assert len(body["items"]) == 2 and body["materials"]
    assert client.get(f"{API}/bundles/NO-SUCH").status_code == 404

    assert client.get(f"{API}/industries").json()[0]["code"] == industry.code
    assert len(client.get(f"{API}/industries/{industry.code}").json()["replaced_items"]) == 2
    assert client.get(f"{API}/industries/NO-SUCH").status_code == 404


def _payload(department, **overrides):
    data = {
        "code": "API-001",
        "department": department.code,
        "guide": {
            "name": "接口新建事项",
            "kind": "licence",
            "statutory_limit_days": 20,
            "promised_limit_days": 5,
        },
        "materials": [{"name": "居民身份证"}],
        "steps": [{"name": "受理"}, {"name": "决定"}],
    }
    data.update(overrides)
    return data


def test_writes_need_a_login(client):
    item = ServiceItemFactory(published=True)
    assert client.post(f"{API}/items", {}, content_type="application/json").status_code == 401
    assert client.post(f"{API}/items/{item.code}/revisions").status_code == 401
    assert client.post(f"{API}/versions/1/publish").status_code == 401


def test_department_staff_create_submit_and_the_bureau_publishes(client):
    editor = department_editor()
    client.force_login(editor)
    response = client.post(
        f"{API}/items", _payload(editor.department), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    version_id = response.json()["id"]
    assert response.json()["status"] == "draft"

    response = client.post(f"{API}/versions/{version_id}/submit")
    assert response.json()["status"] == "in_review"
    # Department staff may not publish: 403 with a Chinese message.
    response = client.post(f"{API}/versions/{version_id}/publish")
    assert response.status_code == 403 and "发布" in response.json()["detail"]

    client.force_login(bureau_publisher())
    response = client.post(f"{API}/versions/{version_id}/publish")
    assert response.status_code == 200 and response.json()["status"] == "published"
    # Publishing twice is a conflict.
    assert client.post(f"{API}/versions/{version_id}/publish").status_code == 409

    client.force_login(editor)
    response = client.post(f"{API}/items/API-001/revisions")
    assert response.status_code == 201 and response.json()["number"] == 2
    assert client.post(f"{API}/items/API-001/revisions").status_code == 409


def test_bad_input_is_a_400_with_a_chinese_message_and_nothing_saved(client):
    editor = department_editor()
    client.force_login(editor)
    ServiceItemFactory(code="API-001")
    response = client.post(
        f"{API}/items", _payload(editor.department), content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["detail"] == "事项编码已存在"

    payload = _payload(editor.department, code="API-002")
    payload["guide"]["promised_limit_days"] = 30
    response = client.post(f"{API}/items", payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"]["promised_limit_days"] == ["承诺办结时限不能超过法定办结时限"]
    assert not ServiceItem.objects.filter(code="API-002").exists()


def test_other_departments_versions_are_404_and_citizens_are_refused(client):
    item = ServiceItemFactory()
    version = item.versions.get()
    client.force_login(department_editor())
    assert client.post(f"{API}/versions/{version.pk}/submit").status_code == 404
    assert client.post(f"{API}/items/{item.code}/revisions").status_code == 404
    assert ItemVersion.objects.get(pk=version.pk).status == "draft"

    client.force_login(UserFactory(citizen=True))
    response = client.post(
        f"{API}/items", _payload(item.department), content_type="application/json"
    )
    assert response.status_code == 403
