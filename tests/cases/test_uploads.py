"""Uploaded materials are judged by their content and served only as attachments.

SECURITY.md "Input": type checked from the content, not the name; size and count limits;
zip bombs in docx/xlsx refused; SVG and HTML refused; stored under generated names
outside the web root; served as attachments with nosniff; a stranger gets 404.
"""

import pytest
from django.urls import reverse

from onewindow.accounts.constants import Role
from onewindow.cases.intake import uploads
from onewindow.cases.models import ApplicantDocument, Case
from onewindow.core.audit.models import AuditEvent
from onewindow.core.errors import InvalidInput
from tests.accounts.factories import UserFactory
from tests.cases import upload_samples as samples
from tests.cases.upload_samples import pdf_bytes, upload
from tests.catalog.factories import ServiceItemFactory, material

pytestmark = pytest.mark.django_db

SCAN = pdf_bytes("身份证扫描件")
NAME_FIELD = [{"key": "applicant_name", "label": "申请人姓名", "field_type": "text"}]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    return root


def refused(name, data) -> str:
    with pytest.raises(InvalidInput) as caught:
        uploads.check(name, data)
    return caught.value.message


# -- the content decides ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "kind", "content_type"),
    [
        ("营业执照.pdf", samples.pdf_bytes, "pdf", "application/pdf"),
        ("照片.png", samples.png_bytes, "png", "image/png"),
        ("照片.jpg", samples.jpeg_bytes, "jpeg", "image/jpeg"),
        ("照片.JPEG", samples.jpeg_bytes, "jpeg", "image/jpeg"),
        ("电子证照.ofd", samples.ofd_bytes, "ofd", "application/ofd"),
        ("章程.docx", samples.docx_bytes, "docx", uploads.KINDS["docx"].content_type),
        ("名单.xlsx", samples.xlsx_bytes, "xlsx", uploads.KINDS["xlsx"].content_type),
    ],
)
def test_real_files_of_each_accepted_kind_are_accepted(name, make, kind, content_type):
    data = make()
    checked = uploads.check(name, data)
    assert checked.kind == kind and checked.content_type == content_type
    assert checked.size == len(data) and len(checked.sha256) == 64


def test_a_pdf_renamed_jpg_is_refused_as_content_not_matching_its_extension():
    assert refused("身份证.jpg", pdf_bytes()).startswith("文件内容与扩展名不符")
    assert refused("名单.xlsx", samples.docx_bytes()).startswith("文件内容与扩展名不符")
    assert refused("照片.png", samples.jpeg_bytes()).startswith("文件内容与扩展名不符")


@pytest.mark.parametrize("name", ["logo.svg", "logo.png", "logo.pdf"])
def test_svg_is_refused_whatever_its_name(name):
    assert "不接受 SVG" in refused(name, samples.SVG)


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.pdf", "page.jpg"])
def test_html_is_refused_whatever_its_name(name):
    assert "不接受网页（HTML）" in refused(name, samples.HTML)


def test_html_in_utf16_is_refused_too():
    assert "不接受网页（HTML）" in refused("page.pdf", samples.HTML.decode().encode("utf-16"))


@pytest.mark.parametrize("name", ["setup.exe", "invoice.pdf", "run.sh"])
def test_executables_and_scripts_are_refused(name):
    data = samples.EXE if name != "run.sh" else b"#!/bin/sh\nrm -rf /\n"
    assert "不接受可执行程序" in refused(name, data)


def test_unknown_types_and_old_office_files_are_refused_with_the_accepted_list():
    assert "不支持的文件类型“.txt”" in refused("说明.txt", b"just text")
    assert "PDF、JPG、PNG、OFD、DOCX、XLSX" in refused("说明.txt", b"just text")
    assert "无扩展名" in refused("证明", pdf_bytes())
    assert "旧版 Office" in refused("表.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    assert "无法识别" in refused("证明.pdf", b"\x00\x01\x02garbage")
    assert "压缩包" in refused("材料.docx", samples._zip({"a.txt": b"a"}))


def test_a_zip_bomb_docx_is_refused_before_anything_is_inflated():
    bomb = samples.zip_bomb_docx()
    assert len(bomb) < 200 * 1024  # small on the wire
    assert "压缩炸弹" in refused("章程.docx", bomb)


def test_a_docx_inflating_past_the_total_limit_is_refused(settings):
    settings.CASES_UPLOAD_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    padded = samples._rewrite(samples.docx_bytes(), add={"word/media/a.png": b"\1" * 1536 * 1024})
    assert "压缩炸弹" in refused("章程.docx", padded)


def test_macros_remote_templates_and_dtds_in_office_files_are_refused():
    assert "宏" in refused("章程.docx", samples.macro_docx())
    assert "外部链接" in refused("章程.docx", samples.remote_template_docx())
    assert "文档类型定义" in refused("章程.docx", samples.doctype_docx())


def test_a_hyperlink_in_a_docx_is_fine():
    rels = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/hyperlink" Target="https://www.gov.cn/" TargetMode="External"/>'
        b"</Relationships>"
    )
    data = samples._rewrite(samples.docx_bytes(), add={"word/_rels/footnotes.xml.rels": rels})
    assert uploads.check("章程.docx", data).kind == "docx"


def test_oversize_and_empty_files_are_refused(settings):
    settings.CASES_UPLOAD_MAX_BYTES = 2048
    message = refused("大文件.pdf", pdf_bytes() + b"%" + b"0" * 4096)
    assert "文件过大" in message and "每个文件不能超过" in message
    assert "空的" in refused("空.pdf", b"")


def test_file_names_keep_no_folders_or_control_characters():
    checked = uploads.check("..\\..\\windows/sys\x00tem\u202e32.pdf", pdf_bytes())
    assert checked.name == "system32.pdf"
    named = uploads.check("身份证370502199001011233-13905461234.pdf", pdf_bytes()).name
    assert "370502199001011233" not in named and "13905461234" not in named
    assert named.endswith(".pdf")


# -- through the application page -----------------------------------------------------


def one_material_item(**kwargs):
    return ServiceItemFactory(
        published=True,
        materials=kwargs.pop("materials", [material("身份证明")]),
        form_fields=NAME_FIELD,
        **kwargs,
    )


def post(client, item, files: dict):
    ids = {m.name: m.material_type_id for m in item.published_version.materials.all()}
    data = {"applicant_name": "李华"}
    for name, value in files.items():
        data[f"material_{ids[name]}"] = value
    return client.post(reverse("cases:apply", kwargs={"item_code": item.code}), data)


def test_a_renamed_pdf_is_refused_on_the_page_and_nothing_is_stored(client, media):
    item = one_material_item()
    client.force_login(UserFactory(citizen=True))
    response = post(client, item, {"身份证明": upload("身份证.jpg", pdf_bytes(), "image/jpeg")})
    assert response.status_code == 400
    assert "文件内容与扩展名不符" in response.content.decode()
    assert Case.objects.count() == 0 and ApplicantDocument.objects.count() == 0
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("签名.svg", samples.SVG, "不接受 SVG"),
        ("说明.html", samples.HTML, "不接受网页（HTML）"),
        ("扫描件.pdf", b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024), "文件过大"),
        ("章程.docx", samples.zip_bomb_docx(), "压缩炸弹"),
    ],
)
def test_svg_html_zip_bombs_and_oversize_files_are_refused_on_the_page(
    client, media, name, data, message
):
    item = one_material_item()
    client.force_login(UserFactory(citizen=True))
    response = post(client, item, {"身份证明": upload(name, data)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Case.objects.count() == 0 and ApplicantDocument.objects.count() == 0
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_more_files_than_a_case_may_hold_are_refused(client, settings):
    settings.CASES_UPLOAD_MAX_FILES = 1
    item = one_material_item(materials=[material("身份证明"), material("户口簿")])
    client.force_login(UserFactory(citizen=True))
    response = post(
        client,
        item,
        {"身份证明": upload("a.pdf", pdf_bytes("a")), "户口簿": upload("b.pdf", pdf_bytes("b"))},
    )
    assert response.status_code == 400
    assert "每个办件最多上传 1 个文件" in response.content.decode()
    assert Case.objects.count() == 0


# -- stored outside the web root, served as an attachment --------------------------------


@pytest.fixture
def applied(client, django_capture_on_commit_callbacks):
    """A citizen's submitted case with one PDF; returns (citizen, case, document)."""
    item = one_material_item()
    citizen = UserFactory(citizen=True)
    client.force_login(citizen)
    with django_capture_on_commit_callbacks(execute=True):  # the file moves in on commit
        response = post(client, item, {"身份证明": upload("身份证 正反面.pdf", SCAN)})
    assert response.status_code == 302
    case = Case.objects.get(applicant=citizen)
    return citizen, case, case.materials.get().document


def test_the_owner_downloads_the_file_as_an_attachment_with_nosniff(client, applied, media):
    citizen, case, doc = applied
    assert doc.file.path.startswith(str(media))
    url = reverse("cases:document", kwargs={"token": doc.token})
    assert (
        url in client.get(reverse("cases:detail", kwargs={"number": case.number})).content.decode()
    )

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"  # from the content, not the browser
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == SCAN
    assert AuditEvent.objects.filter(action="download", actor=citizen).count() == 1


def test_a_stranger_gets_404_for_someone_elses_file(client, applied):
    _citizen, _case, doc = applied
    url = reverse("cases:document", kwargs={"token": doc.token})
    client.force_login(UserFactory(citizen=True))
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(role=Role.APPROVER, approver=True))  # another department
    assert client.get(url).status_code == 404
    assert client.get(reverse("cases:document", kwargs={"token": "x" * 32})).status_code == 404


def test_staff_who_can_see_the_case_may_download(client, applied):
    _citizen, case, doc = applied
    department = case.item_version.item.department
    client.force_login(UserFactory(role=Role.APPROVER, department=department))
    response = client.get(reverse("cases:document", kwargs={"token": doc.token}))
    assert response.status_code == 200


def test_downloads_need_a_login(client, applied):
    _citizen, _case, doc = applied
    client.logout()
    response = client.get(reverse("cases:document", kwargs={"token": doc.token}))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_stored_files_are_not_reachable_by_any_url(client, applied):
    _citizen, _case, doc = applied
    for path in (f"/{doc.file.name}", f"/media/{doc.file.name}", f"/var/media/{doc.file.name}"):
        assert client.get(path).status_code == 404
    # Generated name: the digest and the token, never the applicant's file name.
    assert doc.file.name == f"case-documents/{doc.sha256[:2]}/{doc.sha256}-{doc.token}"
