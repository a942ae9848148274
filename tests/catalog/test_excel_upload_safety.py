"""Unsafe or non-Excel uploads are refused from their content, before any parsing.

Each is refused with a Chinese message, saves nothing, and leaves an audit record.
"""

import io
import os
import zipfile

import pytest
from docx import Document

from onewindow.accounts.constants import Role
from onewindow.catalog.excel import workbook_safety
from onewindow.catalog.excel.export import template_workbook
from onewindow.catalog.excel.importer import import_items
from onewindow.catalog.models import ServiceItem
from onewindow.core.audit.models import AuditEvent
from onewindow.core.errors import InvalidInput
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = "/services/excel/import/"
MB = 1024 * 1024


def rebuild(data: bytes, *, replace=None, add=None, pad: int = 0, level: int = 1) -> bytes:
    """Copy an xlsx, replacing or adding parts; ``pad`` bytes of whitespace go into sheet1."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as dst,
    ):
        for info in src.infolist():
            content = replace.get(info.filename, src.read(info.filename))
            if pad and info.filename == "xl/worksheets/sheet1.xml":
                head, tag, tail = content.partition(b"<sheetData>")
                with dst.open(info.filename, "w", force_zip64=True) as stream:
                    stream.write(head + tag)
                    block = b" " * MB  # whitespace between rows: still a valid sheet
                    for _ in range(pad // MB):
                        stream.write(block)
                    stream.write(tail)
            else:
                dst.writestr(info.filename, content)
        for name, content in add.items():
            dst.writestr(name, content)
    return out.getvalue()


def docx_bytes() -> bytes:
    document = Document()
    document.add_paragraph("这是一份 Word 文档")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def refusal(data: bytes) -> str:
    with pytest.raises(InvalidInput) as refused:
        workbook_safety.check_workbook(data)
    return refused.value.message


def test_a_zip_bomb_is_refused_before_it_is_inflated():
    bomb = rebuild(template_workbook(), pad=200 * MB)
    assert len(bomb) < workbook_safety.max_upload_bytes()  # small on disk ...
    assert "压缩炸弹" in refusal(bomb)  # ... refused for what it would inflate to


def test_an_entry_with_an_absurd_compression_ratio_is_refused():
    padded = rebuild(template_workbook(), pad=20 * MB)  # under the 50 MB total
    assert "压缩炸弹" in refusal(padded)


def test_random_bytes_named_xlsx_are_not_a_workbook():
    assert "不是 Excel 工作簿" in refusal(os.urandom(4096))


def test_random_bytes_behind_a_zip_signature_are_not_a_workbook():
    assert "不是 Excel 工作簿" in refusal(b"PK\x03\x04" + os.urandom(4096))


def test_a_word_document_renamed_xlsx_is_named_as_such():
    assert "Word 文档" in refusal(docx_bytes())


def test_an_old_xls_or_encrypted_file_is_refused():
    assert ".xls" in refusal(workbook_safety.OLE_MAGIC + os.urandom(1024))


def test_an_empty_file_is_refused():
    assert "空的" in refusal(b"")


def test_a_file_over_the_size_limit_is_refused():
    assert "文件过大" in refusal(b"PK\x03\x04" + b"\0" * (5 * MB))


def test_a_macro_workbook_is_refused():
    xlsm = rebuild(template_workbook(), add={"xl/vbaProject.bin": b"\0" * 64})
    assert "宏" in refusal(xlsm)


def test_external_links_are_refused():
    linked = rebuild(
        template_workbook(), add={"xl/externalLinks/externalLink1.xml": b"<externalLink/>"}
    )
    assert "外部链接" in refusal(linked)


def test_an_xml_entity_declaration_is_refused():
    data = template_workbook()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        workbook_xml = archive.read("xl/workbook.xml")
    root = workbook_xml.index(b"<workbook")
    dtd = b'<?xml version="1.0"?><!-- a comment first --><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
    bomb = dtd + workbook_xml[root:]
    assert "文档类型定义" in refusal(rebuild(data, replace={"xl/workbook.xml": bomb}))


def test_the_template_itself_passes():
    workbook_safety.check_workbook(template_workbook())


def test_a_broken_sheet_inside_a_sound_zip_is_a_clear_error_not_a_crash():
    broken = rebuild(
        template_workbook(), replace={"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row"}
    )
    with pytest.raises(InvalidInput) as refused:
        import_items(None, broken)
    assert "无法读取该工作簿" in refused.value.message


@pytest.mark.parametrize(
    "name, make, expected",
    [
        ("bomb.xlsx", lambda: rebuild(template_workbook(), pad=200 * MB), "压缩炸弹"),
        ("random.xlsx", lambda: os.urandom(2048), "不是 Excel 工作簿"),
        ("report.xlsx", docx_bytes, "Word 文档"),
        ("empty.xlsx", lambda: b"", "空的"),
        ("big.xlsx", lambda: b"PK\x03\x04" + b"\0" * (5 * MB), "文件过大"),
    ],
)
def test_the_import_page_refuses_unsafe_uploads_and_saves_nothing(client, name, make, expected):
    client.force_login(UserFactory(role=Role.LEADER))
    upload = io.BytesIO(make())
    upload.name = name
    response = client.post(IMPORT_URL, {"file": upload})
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert ServiceItem.objects.count() == 0
    refused = AuditEvent.objects.get(action="catalog.import")
    assert refused.result == "failure"
    assert expected in refused.summary
