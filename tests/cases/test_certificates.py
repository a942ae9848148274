"""An approved case gets a certificate: numbered, a PDF with a QR code, a public check."""

import base64
import json
import re
import shutil
import subprocess
import zlib

import pytest
from django.test import Client
from django.urls import reverse

from onewindow.cases.certificates import numbering, pdf
from onewindow.cases.certificates import services as certificate_services
from onewindow.cases.constants import CaseStatus, CertificateKind, CertificateStatus, Decision
from onewindow.cases.models import Certificate
from onewindow.catalog.constants import ItemKind
from onewindow.core.audit.models import AuditEvent
from onewindow.core.errors import Conflict, InvalidInput, NotFound
from tests.accounts.factories import UserFactory
from tests.cases.certificate_factories import (
    FORM_DATA,
    approved_case,
    decide,
    licence_item,
    submit_all,
)
from tests.cases.factories import approver, clerk
from tests.catalog.factories import BundleFactory, ServiceItemFactory, material

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r"DYXK\d{4}\d{6}")


def _streams(data: bytes) -> bytes:
    """Every content stream of the PDF, decoded (reportlab writes ASCII85 over zlib)."""
    out = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        raw = match.group(1).strip()
        if raw.endswith(b"~>"):
            raw = base64.a85decode(raw[:-2])
        out.append(zlib.decompress(raw))
    return b"\n".join(out)


ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _shown_strings(content: bytes) -> list[bytes]:
    """The literal strings of the text operators, unescaped (octal and backslash escapes)."""
    strings = []
    for match in re.finditer(rb"\(((?:\\.|[^\\)])*)\) Tj", content, re.S):
        raw, out, i = match.group(1), bytearray(), 0
        while i < len(raw):
            if raw[i : i + 1] == b"\\":
                octal = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
                if octal:
                    out.append(int(octal.group(0), 8))
                    i += 1 + len(octal.group(0))
                    continue
                nxt = raw[i + 1 : i + 2]
                out += ESCAPES.get(nxt, nxt)
                i += 2
                continue
            out += raw[i : i + 1]
            i += 1
        strings.append(bytes(out))
    return strings


def _text(content: bytes) -> str:
    """ASCII strings as they are, CID-font strings decoded from UCS-2 (UTF-16 BE)."""
    parts = []
    for raw in _shown_strings(content):
        if raw.isascii():
            parts.append(raw.decode())
        else:
            parts.append(raw.decode("utf-16-be", errors="replace"))
    return "\n".join(parts)


def test_an_approved_case_gets_one_certificate_with_number_holder_content_and_digest():
    applicant = UserFactory(citizen=True, display_name="王小明")
    case = approved_case(applicant=applicant)
    assert case.status == CaseStatus.DECIDED and case.decision == Decision.APPROVED

    (certificate,) = case.certificates.all()
    assert certificate.kind == CertificateKind.LICENCE
    assert certificate.title == "建筑工程施工许可证"
    assert NUMBER.fullmatch(certificate.number)
    assert certificate.holder_name == "王小明"
    assert certificate.issuer == "东营市东营区行政审批服务局"
    assert certificate.status == CertificateStatus.VALID
    assert len(certificate.verify_token) == 43
    assert re.fullmatch(r"[0-9a-f]{64}", certificate.pdf_sha256)
    rows = dict(certificate.content)
    assert rows["项目名称"] == FORM_DATA["project_name"]
    assert rows["办件编号"] == case.number
    # Personal data of the form never reaches the certificate.
    text = json.dumps(certificate.content, ensure_ascii=False)
    assert FORM_DATA["legal_id"] not in text and FORM_DATA["mobile"] not in text
    assert "法定代表人身份证号码" not in rows and "联系电话" not in rows
    assert AuditEvent.objects.filter(action="certificate.issue").count() == 1
    # The delivery clock (10 working days) starts at the decision.
    assert case.delivery_clock.limit_days == 10
    assert case.delivery_clock.stopped_on is None


def test_an_enterprise_certificate_prints_its_credit_code():
    company = UserFactory(
        enterprise=True, display_name="东营市某建筑有限公司", uscc="91370502MA3C12345X"
    )
    certificate = approved_case(applicant=company).certificates.get()
    assert certificate.holder_name == "东营市某建筑有限公司"
    assert dict(certificate.content)["统一社会信用代码"] == "91370502MA3C12345X"


def test_a_refused_case_gets_no_certificate_and_no_delivery_clock():
    case = approved_case(approve=False)
    assert case.decision == Decision.REFUSED
    assert not case.certificates.exists()
    assert case.delivery_clock is None


def test_issuing_twice_gives_the_same_certificates():
    case = approved_case()
    again = certificate_services.issue_for_decision(case)
    assert [c.pk for c in again] == list(case.certificates.values_list("pk", flat=True))
    assert Certificate.objects.count() == 1


def test_numbers_follow_each_other_and_a_taken_number_is_skipped(monkeypatch):
    first = approved_case().certificates.get()
    second = approved_case().certificates.get()
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1

    # Another decision took the computed number at the same moment: the next one is used.
    real = numbering.next_number
    calls = []

    def stale(year):
        calls.append(year)
        return first.number if len(calls) == 1 else real(year)

    monkeypatch.setattr(numbering, "next_number", stale)
    third = approved_case().certificates.get()
    assert len(calls) == 2
    assert int(third.number[-6:]) == int(second.number[-6:]) + 1


def test_the_pdf_is_a_pdf_in_the_cjk_font_with_the_number_and_the_verify_address(settings):
    settings.CASES_PUBLIC_BASE_URL = "https://zwfw.dongying.example"
    certificate = approved_case().certificates.get()
    data = pdf.render(certificate)
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert b"/STSong-Light" in data and b"/UniGB-UCS2-H" in data
    text = _text(_streams(data))
    assert certificate.number in text
    url = "https://zwfw.dongying.example" + reverse(
        "cases:verify", kwargs={"token": certificate.verify_token}
    )
    assert url in text
    for shown in (
        certificate.title,
        certificate.holder_name,
        "东营市东营区行政审批服务局",
        "项目名称",
    ):
        assert shown in text
    # Deterministic: the same bytes every time, matching the digest recorded at issue.
    assert pdf.render(certificate) == data
    assert pdf.sha256(data) == certificate.pdf_sha256


def test_the_qr_code_encodes_the_public_verify_address(settings, monkeypatch):
    settings.CASES_PUBLIC_BASE_URL = "https://zwfw.dongying.example/"
    certificate = approved_case().certificates.get()
    seen = []
    real = pdf.qr_matrix

    def spy(data):
        seen.append(data)
        return real(data)

    monkeypatch.setattr(pdf, "qr_matrix", spy)
    pdf.render(certificate)
    expected = (
        f"https://zwfw.dongying.example/cases/certificates/verify/{certificate.verify_token}/"
    )
    assert seen == [expected]
    assert reverse("cases:verify", kwargs={"token": certificate.verify_token}) in expected


@pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("zbarimg")),
    reason="decoding the printed QR code needs pdftoppm and zbarimg (poppler-utils, zbar-tools)",
)
def test_the_printed_qr_code_decodes_to_the_verify_address(tmp_path):
    certificate = approved_case().certificates.get()
    (tmp_path / "c.pdf").write_bytes(pdf.render(certificate))
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", tmp_path / "c.pdf", tmp_path / "page"], check=True
    )
    (image,) = tmp_path.glob("page*.png")
    decoded = subprocess.run(
        ["zbarimg", "-q", "--raw", image], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert decoded == pdf.verify_url(certificate)


def test_the_holder_and_the_case_staff_download_it_a_stranger_gets_404():
    case = approved_case()
    certificate = case.certificates.get()
    url = reverse("cases:certificate_pdf", kwargs={"number": certificate.number})

    holder = Client()
    holder.force_login(case.applicant)
    response = holder.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{certificate.number}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(b"%PDF-")
    assert pdf.sha256(response.content) == certificate.pdf_sha256
    assert AuditEvent.objects.filter(action="certificate.download").count() == 1

    staff = Client()
    staff.force_login(approver(case.item_version.item.department))
    assert staff.get(url).status_code == 200

    for stranger in (UserFactory(citizen=True), approver()):
        other = Client()
        other.force_login(stranger)
        assert other.get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page
    missing = reverse("cases:certificate_pdf", kwargs={"number": "DYXK2099999999"})
    assert holder.get(missing).status_code == 404


def test_the_public_check_shows_valid_then_revoked_and_no_personal_data():
    case = approved_case()
    certificate = case.certificates.get()
    url = reverse("cases:verify", kwargs={"token": certificate.verify_token})
    public = Client()

    page = public.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "有效" in text and "已注销" not in text
    for shown in (
        certificate.title,
        certificate.number,
        certificate.holder_name,
        "东营市东营区行政审批服务局",
    ):
        assert shown in text
    applicant = case.applicant
    assert applicant.id_number.reveal() not in text
    assert applicant.phone.reveal() not in text
    assert FORM_DATA["project_name"] not in text  # the content is not public

    person = approver(case.item_version.item.department)
    certificate_services.revoke(person, certificate, "许可条件发生变化")
    text = public.get(url).content.decode()
    assert "已注销" in text
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert certificate.revoked_reason == "许可条件发生变化"
    event = AuditEvent.objects.get(action="certificate.revoke")
    assert event.actor_id == person.pk


def test_an_unknown_token_is_a_clear_404():
    for token in ("x" * 43, "no"):
        response = Client().get(reverse("cases:verify", kwargs={"token": token}))
        assert response.status_code == 404
        assert "未查询到该证照" in response.content.decode()


def test_only_an_approver_of_the_item_department_revokes_with_a_reason_and_once():
    case = approved_case()
    certificate = case.certificates.get()
    department = case.item_version.item.department
    for outsider in (approver(), clerk(), case.applicant, UserFactory(citizen=True)):
        with pytest.raises(NotFound):
            certificate_services.revoke(outsider, certificate, "理由")
    person = approver(department)
    with pytest.raises(InvalidInput, match="请填写注销原因"):
        certificate_services.revoke(person, certificate, "  ")
    with pytest.raises(InvalidInput):
        certificate_services.revoke(person, certificate, "长" * 501)
    certificate_services.revoke(person, certificate, "申请人申请注销")
    with pytest.raises(Conflict):
        certificate_services.revoke(person, certificate, "再次注销")
    assert AuditEvent.objects.filter(action="certificate.revoke").count() == 1


def test_the_revoke_form_on_the_case_page_works_for_the_department():
    case = approved_case()
    certificate = case.certificates.get()
    url = reverse("cases:certificate_revoke", kwargs={"number": certificate.number})
    person = Client()
    person.force_login(approver(case.item_version.item.department))
    response = person.post(url, {"reason": "持证主体申请注销"})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", kwargs={"number": case.number})
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED

    holder = Client()
    holder.force_login(case.applicant)
    holder.post(url, {"reason": "我想注销"})
    assert Certificate.objects.get(pk=certificate.pk).revoked_reason == "持证主体申请注销"
    assert person.get(url).status_code == 405


def test_the_certificate_goes_to_the_elicence_library_after_commit(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.CASES_ELICENCE_BACKEND = "file"
    settings.CASES_ELICENCE_FILE_PATH = tmp_path / "elicence.log"
    with django_capture_on_commit_callbacks(execute=True):
        case = approved_case()
    certificate = case.certificates.get()
    assert certificate.elicence_code == f"DZZZ-{certificate.number}"
    assert certificate.elicence_pushed_at is not None
    (line,) = (tmp_path / "elicence.log").read_text(encoding="utf-8").splitlines()
    pushed = json.loads(line)
    assert pushed["number"] == certificate.number and pushed["status"] == "valid"
    assert FORM_DATA["legal_id"] not in line
    assert AuditEvent.objects.filter(action="certificate.elicence_push").count() == 1


def test_a_failing_elicence_backend_does_not_undo_the_decision(
    settings, django_capture_on_commit_callbacks
):
    settings.CASES_ELICENCE_BACKEND = "tests.cases.test_certificates.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        case = approved_case()
    certificate = case.certificates.get()
    assert certificate.elicence_code == "" and certificate.elicence_pushed_at is None
    assert case.status == CaseStatus.DECIDED


class BrokenBackend:
    def push(self, payload):
        raise ConnectionError("e-licence library unreachable")


def test_a_bundle_gets_one_certificate_per_licence_item():
    licences = [
        ServiceItemFactory(published=True, name="食品经营许可", materials=[material("营业执照")]),
        ServiceItemFactory(
            published=True, name="烟草专卖零售许可", materials=[material("营业执照")]
        ),
    ]
    service = ServiceItemFactory(
        published=True,
        name="开业指导服务",
        kind=ItemKind.PUBLIC_SERVICE,
        materials=[material("申请表")],
    )
    bundle = BundleFactory(items=[*licences, service])
    from onewindow.cases import services

    case = services.start_application(UserFactory(enterprise=True), bundle=bundle)
    case = submit_all(case, {})
    case = decide(case, departments=[i.department for i in (*licences, service)])
    titles = sorted(case.certificates.values_list("title", flat=True))
    assert titles == ["烟草专卖零售许可证", "食品经营许可证"]
    assert all(c.kind == CertificateKind.LICENCE for c in case.certificates.all())


def test_the_title_follows_the_item_name():
    title = certificate_services.licence_title
    assert title("建筑工程施工许可证核发") == "建筑工程施工许可证"
    assert title("食品经营许可") == "食品经营许可证"
    assert title("高危险性体育项目经营许可（游泳）") == "高危险性体育项目经营许可证（游泳）"
    assert title("畜禽养殖场备案") == "畜禽养殖场备案证明"
    assert title("临时用地审批") == "临时用地审批决定书"


def test_the_certificates_list_links_the_pdf_and_the_check_and_offers_revoking_to_the_department():
    from django.template.loader import render_to_string

    from onewindow.cases.certificates import selectors

    case = approved_case()
    certificate = case.certificates.get()
    download = reverse("cases:certificate_pdf", kwargs={"number": certificate.number})
    check = reverse("cases:verify", kwargs={"token": certificate.verify_token})
    revoke = reverse("cases:certificate_revoke", kwargs={"number": certificate.number})

    for rows in (selectors.case_certificates(case, case.applicant), case.certificates.all()):
        html = render_to_string("cases/includes/certificates.html", {"certificates": rows})
        assert certificate.number in html and "有效" in html
        assert download in html and check in html
        assert revoke not in html  # the holder cannot revoke

    person = approver(case.item_version.item.department)
    rows = selectors.case_certificates(case, person)
    html = render_to_string("cases/includes/certificates.html", {"certificates": rows})
    assert revoke in html
    assert rows[0].verify_url.endswith(check) and rows[0].verify_url.startswith("http")

    # The applicant's case page shows it.
    holder = Client()
    holder.force_login(case.applicant)
    page = holder.get(reverse("cases:detail", kwargs={"number": case.number})).content.decode()
    assert certificate.number in page and download in page


def test_a_licence_item_still_decided_by_an_item_without_form_fields():
    the_item = licence_item(name="食品经营许可", form_fields=[])
    certificate = approved_case(the_item=the_item, form_data={}).certificates.get()
    assert certificate.title == "食品经营许可证"
