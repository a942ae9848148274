"""The published catalogue and each reform list export as Excel, formula-safe; a signed-in
user's export is audited."""

import io
import zipfile

import pytest
from django.utils import translation
from openpyxl import load_workbook

from onewindow.accounts.constants import Role
from onewindow.catalog import services
from onewindow.catalog.excel import layout as L
from onewindow.core.audit.models import AuditEvent
from tests.accounts.factories import UserFactory
from tests.catalog.factories import BundleFactory, ServiceItemFactory, material

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the built exports are kept in the storage


def download(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment;")
    if response.streaming:  # the catalogue is streamed from its file; the template is built
        return b"".join(response.streaming_content)
    return response.content


def codes(book) -> list[str]:
    sheet = book[str(L.ITEMS.title)]
    return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_the_published_catalogue_exports_with_chinese_headers_and_a_frozen_header(client):
    first = ServiceItemFactory(published=True, with_materials=2, with_steps=3)
    second = ServiceItemFactory(published=True, with_materials=1, with_steps=1)
    ServiceItemFactory(published=False)  # a draft is not public
    book = load_workbook(io.BytesIO(download(client, "/services/excel/export.xlsx")))
    assert book.sheetnames[:4] == ["事项", "申请材料", "办理环节", "表单字段"]
    assert sorted(codes(book)) == sorted([first.code, second.code])
    materials = book["申请材料"]
    headers = [c.value for c in materials[1]]
    assert headers == [
        "事项编码",
        "序号",
        "材料名称",
        "标准材料",
        "形式",
        "份数",
        "来源",
        "必要",
        "可容缺",
        "说明",
    ]
    assert materials.max_row == 1 + 3
    assert book["办理环节"].max_row == 1 + 4
    for sheet in L.DATA_SHEETS:
        ws = book[str(sheet.title)]
        assert [c.value for c in ws[1]] == sheet.headers()
        assert ws.freeze_panes == "A2"
        assert ws.column_dimensions["A"].width == sheet.columns[0].width
    row = next(book["事项"].iter_rows(min_row=2, values_only=True))
    assert row[3] == "行政许可"  # choices by their Chinese label
    assert row[8] == 20 and row[9] == 5  # limits as numbers


def test_text_that_looks_like_a_formula_stays_text(client):
    dangerous = '=HYPERLINK("http://evil.example","点我")'
    ServiceItemFactory(
        published=True,
        name=dangerous,
        materials=[
            material("+身份证", note="-1+1"),
            material("@SUM(A1)", note="=cmd|' /C calc'!A0"),
        ],
    )
    content = download(client, "/services/excel/export.xlsx")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    book = load_workbook(io.BytesIO(content))
    name_cell = book["事项"]["B2"]
    assert name_cell.value == dangerous and name_cell.data_type == "s"
    assert name_cell.quotePrefix  # Excel keeps it text even when the cell is edited
    notes = [c.value for c in book["申请材料"]["J"][1:]]
    assert notes == ["-1+1", "=cmd|' /C calc'!A0"]
    assert all(c.data_type == "s" for c in book["申请材料"]["C"][1:])


def test_a_reform_list_exports_only_its_items_with_the_list_sheet(client):
    on_list = ServiceItemFactory(published=True)
    ServiceItemFactory(published=True)
    services.add_to_list(None, "delegated", item=on_list, level="town")
    book = load_workbook(io.BytesIO(download(client, "/services/excel/export/delegated.xlsx")))
    assert codes(book) == [on_list.code]
    entries = list(book["清单"].iter_rows(min_row=2, values_only=True))
    assert [(e[0], e[1], e[4]) for e in entries] == [("下沉", on_list.code, "镇街")]


def test_the_chain_list_exports_its_bundles_with_their_items(client):
    bundle = BundleFactory(item_count=3)
    services.add_to_list(None, "chain", bundle=bundle)
    ServiceItemFactory(published=True)  # not in any bundle
    book = load_workbook(io.BytesIO(download(client, "/services/excel/export/chain.xlsx")))
    item_codes = [link.item.code for link in bundle.bundle_items.all()]
    assert codes(book) == item_codes
    (row,) = book["一件事"].iter_rows(min_row=2, values_only=True)
    assert row[0] == bundle.code
    assert row[5] == "；".join(item_codes)


def test_an_unknown_list_is_not_found(client):
    assert client.get("/services/excel/export/nonsense.xlsx").status_code == 404


def test_a_signed_in_export_is_audited_and_an_anonymous_one_is_not(client):
    ServiceItemFactory(published=True)
    download(client, "/services/excel/export.xlsx")
    user = UserFactory(role=Role.CLERK)
    client.force_login(user)
    download(client, "/services/excel/export/instant.xlsx")
    download(client, "/services/excel/export.xlsx")
    events = list(AuditEvent.objects.filter(action="export").order_by("seq"))
    assert [(e.actor_id, e.object_id) for e in events] == [(user.pk, "instant"), (user.pk, "all")]
    assert "1 个事项" in events[1].summary


def test_the_empty_template_has_the_four_sheets_and_no_rows(client):
    book = load_workbook(io.BytesIO(download(client, "/services/excel/template.xlsx")))
    for sheet in L.DATA_SHEETS:
        ws = book[str(sheet.title)]
        assert [c.value for c in ws[1]] == sheet.headers()
        assert ws.max_row == 1
    assert "填写说明" in book.sheetnames


def test_the_workbook_stays_chinese_when_the_page_is_in_english(client):
    ServiceItemFactory(published=True)
    content = download(client, "/services/excel/export.xlsx", HTTP_ACCEPT_LANGUAGE="en")
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames[:4] == ["事项", "申请材料", "办理环节", "表单字段"]
    with translation.override("zh-hans"):  # the request left English active in this thread
        assert [c.value for c in book["事项"][1]] == L.ITEMS.headers()
    assert book["事项"]["D2"].value == "行政许可"
