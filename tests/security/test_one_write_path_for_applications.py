"""The web form and the API apply through one service, with the same checks (issue 12, item 2).

Replays the attack: ``POST /api/cases/apply`` accepted ``uscc: "not-a-code"`` and stored
the applicant's phone in plain text, while the web form validated and encrypted the same
fields. The cleaning and the encryption now live in the service (cases/form_data.py,
called by services.submit and services.apply), so the same data gives the same answer and
the same stored values whichever way it comes in.
"""

import json

import pytest
from django.urls import reverse

from onewindow.accounts.tokens import issue
from onewindow.cases import form_data
from onewindow.cases.constants import CaseStatus
from onewindow.cases.models import Case
from tests.accounts.factories import UserFactory
from tests.cases.upload_samples import pdf_bytes, upload
from tests.catalog.factories import ServiceItemFactory, material

pytestmark = pytest.mark.django_db

FIELDS = [
    {"key": "company_name", "label": "单位名称", "field_type": "text"},
    {"key": "uscc", "label": "统一社会信用代码", "field_type": "uscc"},
    {"key": "legal_id", "label": "法定代表人身份证号码", "field_type": "id_number"},
    {"key": "phone", "label": "联系电话", "field_type": "phone"},
    {"key": "area", "label": "经营面积（平方米）", "field_type": "number", "required": False},
    {"key": "note", "label": "备注", "field_type": "long_text", "required": False},
]
GOOD = {
    "company_name": "东营市清风湖商贸有限公司",
    "uscc": "91370502MA3C8KQX73",
    "legal_id": "370502199001011233",
    "phone": "13905461234",
    "area": "35.5",
    "note": "白天请打 139-0546-1234 联系",
}
BAD = {**GOOD, "uscc": "not-a-code", "phone": "12345", "legal_id": "370502199001011234"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def item():
    return ServiceItemFactory(published=True, materials=[material("营业执照")], form_fields=FIELDS)


def _material_id(item) -> int:
    return item.published_version.materials.get().material_type_id


def _by_page(client, applicant, item, data):
    client.force_login(applicant)
    payload = {**data, f"material_{_material_id(item)}": upload("执照.pdf", pdf_bytes("x"))}
    return client.post(reverse("cases:apply", kwargs={"item_code": item.code}), payload)


def _by_api(client, applicant, item, data):
    token = issue(applicant, "对比测试", scopes=["read", "apply"])
    body = {"item": item.code, "form_data": data, "supplied": [_material_id(item)]}
    return client.post(
        "/api/cases/apply",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def _submitted():
    return Case.objects.exclude(status=CaseStatus.DRAFT)


def test_bad_data_gets_the_same_answer_both_ways_and_nothing_is_stored(client, item):
    applicant = UserFactory(enterprise=True)
    page = _by_page(client, applicant, item, BAD)
    api = _by_api(client, applicant, item, BAD)
    assert page.status_code == api.status_code == 400
    html = page.content.decode()
    errors = api.json()["errors"]
    assert set(errors) == {"uscc", "phone", "legal_id"}
    for messages in errors.values():
        for message in messages:
            assert message in html
    assert errors["uscc"] == ["统一社会信用代码应为18位"]
    assert not _submitted().exists()


def test_good_data_is_stored_the_same_both_ways(client, item):
    page = _by_page(client, UserFactory(enterprise=True), item, GOOD)
    api = _by_api(client, UserFactory(enterprise=True), item, GOOD)
    assert page.status_code == 302 and api.status_code == 201
    by_page, by_api = _submitted().order_by("pk")
    stored = [case.form_data for case in (by_page, by_api)]
    # The same keys, the same kinds of value: personal data encrypted, numbers as numbers.
    for data in stored:
        assert data["legal_id"].startswith("v1:") and data["phone"].startswith("v1:")
        assert data["note"].startswith("v1:")  # a phone typed into free text is sealed too
        assert "13905461234" not in json.dumps(data)
        assert data["area"] == 35.5 and data["uscc"] == GOOD["uscc"]
    assert stored[0].keys() == stored[1].keys()
    assert form_data.plain(by_page) == form_data.plain(by_api)
    assert form_data.plain(by_api)["phone"] == "13905461234"


def test_a_field_the_form_does_not_have_is_refused_not_stored(client, item):
    applicant = UserFactory(enterprise=True)
    response = _by_api(client, applicant, item, {**GOOD, "id_card_copy": "370502199001011233"})
    assert response.status_code == 400
    assert "申请表中没有这些项目：id_card_copy" in response.json()["detail"]
    assert not _submitted().exists()
