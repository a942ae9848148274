"""Attack replay: a DTD hidden in an XML part of an .xlsx or .docx is refused.

Readers find an Office file's parts through its relationships, not through file names, and
XML parsers read UTF-16 without a byte order mark and whatever encoding the declaration
names. So the check looks at EVERY part's content, decoded as a parser would decode it:
a part renamed ``sheet1.dat``, a DTD written in UTF-16 or UTF-7, a DTD in a part without
an extension. Both readers of uploads are tried: the applicants' materials
(``cases.intake.uploads``) and the Excel imports (``catalog.excel.workbook_safety``, which the
rectification import uses too). Behind the check, openpyxl parses with defusedxml.
"""

import io
import zipfile

import lxml.etree
import openpyxl
import pytest
from defusedxml import EntitiesForbidden

from onewindow.cases.intake import uploads
from onewindow.catalog.excel import workbook_safety
from onewindow.core.errors import InvalidInput
from tests.cases.upload_samples import docx_bytes, png_bytes

SHEET = "xl/worksheets/sheet1.xml"
DTD = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'


def workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "从业人员名单"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {entry.filename: archive.read(entry) for entry in archive.infolist()}


def rebuilt(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def with_dtd(xml: bytes) -> bytes:
    """The same part with a DTD between the declaration and the root element."""
    text = xml.decode()
    root = text.index("<", text.index("?>") + 2) if text.startswith("<?xml") else 0
    return (text[:root] + DTD + text[root:]).encode()


def sheet_renamed(new_name: str, *, dtd: bool) -> bytes:
    """A workbook whose sheet part is called ``new_name``: its relationship points there."""
    files = parts(workbook())
    sheet = files.pop(SHEET)
    rels = "xl/_rels/workbook.xml.rels"
    files[rels] = files[rels].replace(b"/" + SHEET.encode(), b"/" + new_name.encode())
    files[new_name] = with_dtd(sheet) if dtd else sheet
    return rebuilt(files)


def workbook_part_encoded(encoding: str, *, bom: bool = False) -> bytes:
    """A workbook whose workbook.xml carries a DTD, written in ``encoding``."""
    files = parts(workbook())
    text = files["xl/workbook.xml"].decode()
    body = text[text.index("?>") + 2 :] if text.startswith("<?xml") else text
    declaration = f'<?xml version="1.0" encoding="{encoding.upper()}"?>'
    if encoding == "utf-7":  # the declaration in ASCII, then every "<" as UTF-7 spells it
        xml = declaration.encode() + (DTD + body).encode().replace(b"<", b"+ADw-")
    else:
        xml = (("\ufeff" if bom else "") + declaration + DTD + body).encode(encoding)
    files["xl/workbook.xml"] = xml
    return rebuilt(files)


def refusal_as_material(name: str, data: bytes) -> str:
    with pytest.raises(InvalidInput) as refused:
        uploads.check(name, data)
    return refused.value.message


def refusal_as_import(data: bytes) -> str:
    with pytest.raises(InvalidInput) as refused:
        workbook_safety.check_workbook(data)
    return refused.value.message


RENAMED = ["xl/worksheets/sheet1.dat", "xl/worksheets/sheet1.XML", "xl/worksheets/sheet1"]


@pytest.mark.parametrize("name", RENAMED)
def test_the_renamed_part_is_really_read_as_the_sheet(name):
    # The attack is real: openpyxl follows the relationship, whatever the part's name.
    book = openpyxl.load_workbook(io.BytesIO(sheet_renamed(name, dtd=False)), read_only=True)
    assert book.active["A1"].value == "从业人员名单"
    book.close()


@pytest.mark.parametrize("name", RENAMED)
def test_a_dtd_in_a_part_with_any_name_is_refused_by_both_readers(name):
    hostile = sheet_renamed(name, dtd=True)
    assert "文档类型定义" in refusal_as_import(hostile)
    assert "文档类型定义" in refusal_as_material("名单.xlsx", hostile)


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-16-le", False), ("utf-16-be", False), ("utf-16-le", True), ("utf-7", False)],
)
def test_a_dtd_in_another_encoding_is_refused_by_both_readers(encoding, bom):
    hostile = workbook_part_encoded(encoding, bom=bom)
    # lxml, which openpyxl uses for workbook.xml, does read the DTD in this encoding.
    tree = lxml.etree.fromstring(
        parts(hostile)["xl/workbook.xml"], lxml.etree.XMLParser(resolve_entities=False)
    )
    assert tree.getroottree().docinfo.internalDTD is not None
    assert "文档类型定义" in refusal_as_import(hostile)
    assert "文档类型定义" in refusal_as_material("名单.xlsx", hostile)


def test_an_encoding_python_does_not_know_is_refused():
    files = parts(workbook())
    files["xl/workbook.xml"] = (
        b'<?xml version="1.0" encoding="X-NO-SUCH"?>' + files["xl/workbook.xml"].split(b"?>", 1)[-1]
    )
    assert "不是 Excel 工作簿" in refusal_as_import(rebuilt(files))


def test_a_dtd_in_a_docx_part_without_an_extension_is_refused():
    files = parts(docx_bytes())
    files["customXml/item1"] = with_dtd(b'<?xml version="1.0"?><b:Sources xmlns:b="urn:x"/>')
    assert "文档类型定义" in refusal_as_material("章程.docx", rebuilt(files))


def test_binary_parts_and_ordinary_files_still_pass():
    # A picture in a Word file, and a workbook with a binary part, are not XML: no refusal.
    files = parts(docx_bytes())
    files["word/media/image1.png"] = png_bytes()
    files["word/media/image2.emf"] = b"\x01\x00\x00\x00" + bytes(range(256))
    assert uploads.check("章程.docx", rebuilt(files)).kind == "docx"
    book = parts(workbook())
    book["xl/printerSettings/printerSettings1.bin"] = b"\x00\x3c\x00\x00binary"
    workbook_safety.check_workbook(rebuilt(book))
    assert uploads.check("名单.xlsx", rebuilt(book)).kind == "xlsx"


def test_openpyxl_parses_with_defusedxml_behind_the_check():
    # Second line of defence: even a workbook that skipped the check cannot expand entities.
    assert openpyxl.DEFUSEDXML is True
    hostile = sheet_renamed("xl/worksheets/sheet1.xml", dtd=False)
    files = parts(hostile)
    files[SHEET] = with_dtd(files[SHEET]).replace(b"<sheetData>", b"<sheetData>&lol2;", 1)
    with pytest.raises(ValueError) as refused:  # openpyxl wraps what the parser raised
        book = openpyxl.load_workbook(io.BytesIO(rebuilt(files)), read_only=True)
        list(book.active.iter_rows(values_only=True))
    assert isinstance(refused.value.__cause__, EntitiesForbidden)
