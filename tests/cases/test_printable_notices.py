"""The printable notices: each says what it must, only where the case's history holds it."""

from datetime import date

import pytest
from django.urls import reverse

from onewindow.accounts.constants import Role
from onewindow.cases import services
from onewindow.cases.constants import CaseStatus
from tests.accounts.factories import UserFactory
from tests.cases.factories import (
    CONDITIONAL,
    approver,
    clerk,
    freeze,
    ids,
    submitted_case,
)

pytestmark = pytest.mark.django_db


def _url(case, kind):
    return reverse("cases:notice", kwargs={"number": case.number, "kind": kind})


def _page(client, case, kind, viewer=None):
    client.force_login(viewer or case.applicant)
    response = client.get(_url(case, kind))
    return response, response.content.decode()


def _no_full_pii(html, person):
    assert person.id_number.reveal() not in html
    assert person.phone.reveal() not in html
    assert str(person.id_number) in html  # the masked form


def test_the_receipt_lists_the_materials_received(client, monkeypatch):
    freeze(monkeypatch, date(2026, 3, 2))
    case = submitted_case(missing=[CONDITIONAL])
    response, html = _page(client, case, "receipt")
    assert response.status_code == 200
    assert "收件凭证" in html and "东营区行政审批服务局" in html
    items = html.split('data-testid="notice-items"')[1].split("</ol>")[0]
    assert "身份证明" in items and "营业执照" in items and CONDITIONAL not in items
    assert f"尚未收到的材料：{CONDITIONAL}" in html
    assert f"东审收字〔2026〕{case.number}号" in html
    assert "data-ow-print" in html and "（印章）" in html
    _no_full_pii(html, case.applicant)


def test_the_acceptance_notice_gives_the_due_date(client, calendar_2026, monkeypatch):
    freeze(monkeypatch, date(2026, 3, 2))
    case = services.accept(clerk(), submitted_case())
    response, html = _page(client, case, "acceptance")
    assert response.status_code == 200
    assert "受理通知书" in html and "决定予以受理" in html
    assert "2026年3月9日" in html  # 5 working days from the day after 03-02
    assert f"东审受字〔2026〕{case.number}号" in html
    assert "2026年3月2日" in html
    _no_full_pii(html, case.applicant)


def test_the_refusal_gives_the_reason_and_the_right_to_appeal(client, monkeypatch):
    freeze(monkeypatch, date(2026, 3, 2))
    case = services.refuse(clerk(), submitted_case(), "申请事项不属于本机关职权范围")
    response, html = _page(client, case, "refusal")
    assert response.status_code == 200
    assert "不予受理决定书" in html
    assert "申请事项不属于本机关职权范围" in html
    assert "行政复议" in html and "行政诉讼" in html
    assert "60日内" in html and "东营区人民政府" in html and "六个月" in html
    _no_full_pii(html, case.applicant)
    # A refused case was never accepted: no acceptance notice.
    assert client.get(_url(case, "acceptance")).status_code == 404


def test_the_deficiency_notice_lists_every_missing_material(client, monkeypatch):
    freeze(monkeypatch, date(2026, 3, 2))
    case = submitted_case(missing=["营业执照", CONDITIONAL])
    services.issue_deficiency_notice(
        clerk(), case, ids(case, "营业执照", CONDITIONAL), note="营业执照须为副本原件"
    )
    response, html = _page(client, case, "deficiency")
    assert response.status_code == 200
    assert "一次性告知" in html and "补正材料通知书" in html
    items = html.split('data-testid="notice-items"')[1].split("</ol>")[0]
    assert "营业执照" in items and CONDITIONAL in items and "身份证明" not in items
    assert "营业执照须为副本原件" in html
    assert "第三十二条" in html
    _no_full_pii(html, case.applicant)


def test_a_second_deficiency_notice_has_its_own_number(client, monkeypatch):
    freeze(monkeypatch, date(2026, 3, 2))
    case = submitted_case(missing=["营业执照"])
    window = clerk()
    services.issue_deficiency_notice(window, case, ids(case, "营业执照"))
    services.supplement(case.applicant, case, supplied=ids(case, "营业执照"))
    services.issue_deficiency_notice(window, case, ids(case, "身份证明"))
    client.force_login(case.applicant)
    latest = client.get(_url(case, "deficiency")).content.decode()
    assert (
        f"{case.number}-2号" in latest
        and "身份证明" in latest.split('data-testid="notice-items"')[1]
    )
    first = client.get(_url(case, "deficiency") + "?n=1").content.decode()
    assert (
        f"{case.number}号" in first and "营业执照" in first.split('data-testid="notice-items"')[1]
    )
    assert client.get(_url(case, "deficiency") + "?n=3").status_code == 404


def test_the_promise_has_the_date_and_the_signer(client, calendar_2026, monkeypatch):
    freeze(monkeypatch, date(2026, 3, 2))
    case = submitted_case(missing=[CONDITIONAL])
    services.accept_conditionally(
        clerk(),
        case,
        missing=ids(case, CONDITIONAL),
        promise_date=date(2026, 3, 6),
        signed=True,
        signed_by="张三",
    )
    response, html = _page(client, case, "promise")
    assert response.status_code == 200
    assert "容缺受理承诺书" in html
    assert "2026年3月6日" in html and "张三" in html
    assert CONDITIONAL in html.split('data-testid="notice-items"')[1]
    assert "终止办理" in html
    _no_full_pii(html, case.applicant)
    # The acceptance notice after 容缺受理 lists what is still owed.
    _response, acceptance = _page(client, case, "acceptance")
    assert "容缺受理" in acceptance and CONDITIONAL in acceptance


def test_kinds_that_the_history_lacks_are_404(client):
    case = submitted_case()
    client.force_login(case.applicant)
    for kind in ("acceptance", "refusal", "deficiency", "promise", "nonsense"):
        assert client.get(_url(case, kind)).status_code == 404, kind
    assert client.get(_url(case, "receipt")).status_code == 200


def test_who_may_print_a_notice(client):
    case = services.accept(clerk(), submitted_case())
    for viewer, status in (
        (case.applicant, 200),
        (clerk(), 200),
        (approver(case.item_version.item.department), 200),
        (UserFactory(role=Role.LEADER), 200),
        (UserFactory(citizen=True), 404),
        (approver(), 404),
    ):
        client.force_login(viewer)
        assert client.get(_url(case, "acceptance")).status_code == status, viewer
    client.logout()
    assert client.get(_url(case, "acceptance")).status_code == 302
    assert case.status == CaseStatus.ACCEPTED
