"""秒批 through the online application pages: the form keeps ID numbers encrypted, and
the checks read them decrypted in-process — the applicant's own number passes, another
person's sends the case to the window; neither reaches a page, a timeline or the log."""

import pytest
from django.urls import reverse

from onewindow.cases.constants import CaseStatus, HandlingMode, InstantRuleKind
from onewindow.cases.models import Case
from onewindow.core.audit.models import AuditEvent
from tests.cases.factories import freeze
from tests.cases.test_instant_approval import TODAY, citizen, id_number, instant_item
from tests.cases.upload_samples import pdf_bytes, upload

pytestmark = pytest.mark.django_db

RULES = [
    {"kind": InstantRuleKind.APPLICANT_VERIFIED},
    {"kind": InstantRuleKind.MATERIALS_COMPLETE},
    {"kind": InstantRuleKind.NUMBER_AT_MOST, "params": {"field": "area", "value": 100}},
]


@pytest.fixture(autouse=True)
def setting_up(settings, tmp_path, monkeypatch, calendar_2026):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    freeze(monkeypatch, TODAY)


def post(client, the_item, form):
    payload = dict(form)
    for m in the_item.published_version.materials.filter(required=True):
        payload[f"material_{m.material_type_id}"] = upload(f"{m.name}.pdf", pdf_bytes(m.name))
    return client.post(reverse("cases:apply", kwargs={"item_code": the_item.code}), payload)


def form_of(applicant_id: str, area="60") -> dict:
    return {
        "applicant_name": "王芳",
        "id_number": applicant_id,
        "insured_type": "灵活就业人员",
        "area": area,
    }


def test_an_online_application_with_the_applicants_own_id_number_is_approved_at_once(client):
    the_item = instant_item(RULES)
    applicant = citizen()
    full = applicant.id_number.reveal()
    client.force_login(applicant)

    response = post(client, the_item, form_of(full))
    assert response.status_code == 302
    case = Case.objects.get(applicant=applicant)
    assert case.form_data["id_number"].startswith("v1:")  # encrypted at rest
    assert case.status == CaseStatus.DECIDED and case.handling_mode == HandlingMode.INSTANT
    assert [c["passed"] for c in case.instant_checks] == [True, True, True]

    page = client.get(response["Location"]).content.decode()
    assert full not in page
    assert all(full not in f"{a.after} {a.summary}" for a in AuditEvent.objects.all())


def test_another_persons_id_number_in_the_form_goes_to_the_window(client):
    the_item = instant_item(RULES)
    applicant = citizen()
    other = id_number(TODAY.replace(year=1991), serial=456)
    client.force_login(applicant)

    assert post(client, the_item, form_of(other, area="120")).status_code == 302
    case = Case.objects.get(applicant=applicant)
    assert case.status == CaseStatus.SUBMITTED and case.handling_mode == HandlingMode.MANUAL
    failed = [c["message"] for c in case.instant_checks if not c["passed"]]
    assert len(failed) == 2
    assert "不一致" in failed[0] and "超过秒批上限100" in failed[1]
    note = case.events.get(action="instant_fallback").note
    assert other not in note and other not in str(case.instant_checks)
