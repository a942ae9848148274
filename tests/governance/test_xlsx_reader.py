"""The streaming .xlsx reader behind the asset reconciliation (governance/assets/xlsx.py):
shared and inline strings, rich text, numbers exactly as written, dates in both date
systems, empty cells, the first worksheet, and unreadable files refused in Chinese."""

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook

from onewindow.core.errors import InvalidInput
from onewindow.governance.assets import services as assets
from onewindow.governance.assets import xlsx
from onewindow.governance.models import Reconciliation

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RELS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _book(rows, *, write_only=False) -> bytes:
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet() if write_only else book.active
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _raw(sheet_xml: str, *, shared: str | None = None, styles: str | None = None, pr="") -> bytes:
    """A minimal workbook written by hand: what other producers (WPS, finance systems) do."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "xl/workbook.xml",
            f'<workbook {NS} xmlns:r="{RELS_NS}">{pr}<sheets>'
            '<sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RELS_NS}/worksheet" Target="worksheets/ledger.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/worksheets/ledger.xml",
            f"<worksheet {NS}><sheetData>{sheet_xml}</sheetData></worksheet>",
        )
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", f"<sst {NS}>{shared}</sst>")
        if styles is not None:
            z.writestr("xl/styles.xml", f"<styleSheet {NS}>{styles}</styleSheet>")
    return out.getvalue()


def _rows(data):
    return list(xlsx.first_sheet_rows(data))


def test_shared_strings_as_excel_and_wps_write_them():
    shared = "<si><t>资产编号</t></si><si><t>原值</t></si><si><t>ZC0001</t></si>"
    sheet = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>4500.5</v></c></row>'
    )
    assert _rows(_raw(sheet, shared=shared)) == [
        (1, {0: "资产编号", 1: "原值"}),
        (2, {0: "ZC0001", 1: Decimal("4500.5")}),
    ]


def test_numbers_exactly_as_written_and_empty_cells_and_rows_left_out():
    data = _book(
        [
            ("资产编号", "资产名称", "原值", "保管人"),
            ("ZC0001", "台式计算机", 4500.5, "高文静"),
            ("ZC0002", None, 12, "高文静"),
            (),
            ("ZC0004", "投影仪", 1234567.89, None),
        ]
    )
    rows = _rows(data)
    assert rows[0] == (1, {0: "资产编号", 1: "资产名称", 2: "原值", 3: "保管人"})
    assert rows[1] == (2, {0: "ZC0001", 1: "台式计算机", 2: Decimal("4500.5"), 3: "高文静"})
    assert rows[2] == (3, {0: "ZC0002", 2: Decimal("12"), 3: "高文静"})  # the empty cell is absent
    assert [r[0] for r in rows] == [1, 2, 3, 5]  # row numbers kept across the empty row
    assert rows[3][1][2] == Decimal("1234567.89")  # as written: no float (1234567.889999…)


def test_inline_strings_as_openpyxl_and_other_tools_write_them():
    data = _book([("资产编号", "原值"), ("ZC0001", 3000)], write_only=True)
    assert b"inlineStr" in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert _rows(data) == [(1, {0: "资产编号", 1: "原值"}), (2, {0: "ZC0001", 1: Decimal("3000")})]


def test_rich_text_is_joined_and_phonetic_guides_are_left_out():
    shared = (
        "<si><t>资产编号</t></si>"
        '<si><r><t>高</t></r><r><rPr><b/></rPr><t xml:space="preserve">文静</t></r>'
        '<rPh sb="0" eb="1"><t>ガオ</t></rPh></si>'
    )
    sheet = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>1</v></c>'
        '<c r="C2" t="inlineStr"><is><r><t>投</t></r><r><t>影仪</t></r>'
        '<rPh sb="0" eb="1"><t>x</t></rPh></is></c>'
        '<c r="D2" t="str"><f>A1</f><v>公式结果</v></c><c r="E2" t="b"><v>1</v></c>'
        '<c r="F2" t="e"><v>#N/A</v></c></row>'
    )
    rows = _rows(_raw(sheet, shared=shared))
    assert rows == [
        (1, {0: "资产编号"}),
        (2, {0: "高文静", 2: "投影仪", 3: "公式结果", 4: True, 5: "#N/A"}),
    ]


def test_dates_from_date_styles_iso_cells_and_the_1904_system():
    data = _book([("购置日期", "时间"), (date(2020, 3, 1), datetime(2020, 3, 1, 8, 30))])
    assert _rows(data)[1] == (2, {0: date(2020, 3, 1), 1: datetime(2020, 3, 1, 8, 30)})
    styles = (
        '<numFmts count="1">'
        '<numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
        '<numFmt numFmtId="177" formatCode="#,##0.00&quot;元&quot;"/></numFmts>'
        '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/>'
        '<xf numFmtId="177"/></cellXfs>'
    )
    sheet = (
        '<row r="1"><c r="A1" s="1"><v>43831</v></c><c r="B1" s="2"><v>43831</v></c>'
        '<c r="C1" s="3"><v>43831</v></c><c r="D1" t="d"><v>2020-01-01</v></c>'
        '<c r="E1" s="1"><v>1</v></c><c r="F1" s="1"><v>61</v></c></row>'
    )
    assert _rows(_raw(sheet, styles=styles)) == [
        (
            1,
            {
                0: date(2020, 1, 1),
                1: date(2020, 1, 1),  # a custom Chinese date format
                2: Decimal("43831"),  # a money format is not a date
                3: date(2020, 1, 1),
                4: date(1900, 1, 1),
                5: date(1900, 3, 1),  # after Excel's 1900-02-29 that never was
            },
        )
    ]
    pr = '<workbookPr date1904="1"/>'
    assert _rows(_raw('<row r="1"><c r="A1" s="1"><v>0</v></c></row>', styles=styles, pr=pr)) == [
        (1, {0: date(1904, 1, 1)})
    ]


def test_cells_and_rows_without_references_take_their_places_in_turn():
    sheet = (
        '<row><c><v>1</v></c><c><v>2</v></c></row><row><c r="C2"><v>3</v></c><c><v>4</v></c></row>'
    )
    assert _rows(_raw(sheet)) == [
        (1, {0: Decimal("1"), 1: Decimal("2")}),
        (2, {2: Decimal("3"), 3: Decimal("4")}),
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"not excel",
        b"PK\x03\x04 truncated zip",
        _book([("资产编号",)])[:-200],  # cut off in the middle
        _raw('<row r="1"><c r="A1" t="s"><v>7</v></c></row>', shared="<si><t>a</t></si>"),
        _raw('<row r="1"><c r="A1"><v>abc</v></c></row>'),
        _raw('<row r="1"><c r="A1"><v>1</v></c><row>'),  # malformed XML
    ],
    ids=["text", "bad-zip", "truncated", "string-index", "number", "xml"],
)
def test_an_unreadable_file_gets_one_chinese_message(data):
    with pytest.raises(InvalidInput, match="无法读取该文件，请上传 .xlsx 格式"):
        _rows(data)


def test_entities_are_not_expanded():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("xl/workbook.xml", f"<workbook {NS}/>")
        z.writestr(
            "xl/worksheets/sheet1.xml",
            f'{bomb}<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr">'
            "<is><t>&b;</t></is></c></row></sheetData></worksheet>",
        )
    rows = _rows(out.getvalue())
    assert "aaaaaaaaaa" not in str(rows)


@pytest.mark.django_db
def test_a_title_row_above_the_header_and_extra_columns_are_fine(office):
    from .test_assets import _register

    _register(2, office)
    data = _book(
        [
            ("区行政审批服务局固定资产台账（核算中心）",),
            ("序号", "资产编号", "规格型号", "资产名称", "原值", "保管人", "存放地点"),
            (1, "ZC000000", "i5", "台式计算机", 4500, office.display_name, "三楼"),
            (2, "ZC000001", "i5", "台式计算机", "4,501.00", office.display_name, "三楼"),
        ]
    )
    result = assets.reconcile(office, data=data, original_name="台账.xlsx")
    assert result.differences == [] and result.ledger_count == 2


@pytest.mark.django_db
def test_a_malformed_upload_on_the_page_is_a_chinese_message_not_a_500(client, office):
    client.force_login(office)
    upload = io.BytesIO(b"PK\x03\x04 this is not a workbook")
    upload.name = "台账.xlsx"
    response = client.post("/governance/assets/", {"file": upload})
    assert response.status_code == 400
    assert "无法读取该文件" in response.content.decode()
    assert not Reconciliation.objects.exists()
