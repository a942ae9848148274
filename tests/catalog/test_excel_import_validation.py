"""The import checks every row of every sheet and imports nothing if anything is wrong."""

import io

import pytest
from openpyxl import load_workbook

from onewindow.accounts.constants import Role
from onewindow.catalog.excel import layout as L
from onewindow.catalog.excel.export import template_workbook
from onewindow.catalog.excel.importer import ImportRefused, import_items, validate_only
from onewindow.catalog.models import ItemVersion, Material, ServiceItem
from onewindow.core.audit.models import AuditEvent
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.catalog.factories import ServiceItemFactory

pytestmark = pytest.mark.django_db


def item_row(code, department, **overrides) -> dict:
    """A valid 事项 row, by column key (the department by its code or name)."""
    row = {
        "code": code,
        "name": f"导入事项{code}",
        "department": department.code,
        "kind": "行政许可",
        "statutory_limit_days": 20,
        "promised_limit_days": 5,
    }
    row.update(overrides)
    return row


def build_workbook(items=(), materials=(), steps=(), form_fields=(), *, edit=None) -> bytes:
    """The empty template filled with rows given by column key; ``edit(book)`` may tamper."""
    book = load_workbook(io.BytesIO(template_workbook()))
    for sheet, rows in (
        (L.ITEMS, items),
        (L.MATERIALS, materials),
        (L.STEPS, steps),
        (L.FORM_FIELDS, form_fields),
    ):
        ws = book[str(sheet.title)]
        for row in rows:
            ws.append([row.get(column.key) for column in sheet.columns])
    if edit is not None:
        edit(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def messages(errors) -> list[str]:
    return [e.message for e in errors]


@pytest.fixture
def department():
    return DepartmentFactory()


@pytest.fixture
def publisher():
    return UserFactory(role=Role.LEADER)


def test_a_valid_workbook_imports_every_item_with_its_parts_as_drafts(department, publisher):
    data = build_workbook(
        items=[item_row("IMP-1", department), item_row("IMP-2", department, fee="12.5")],
        materials=[
            {"item_code": "IMP-1", "order": 2, "name": "营业执照", "form": "复印件"},
            {"item_code": "IMP-1", "order": 1, "name": "居民身份证", "required": "是"},
        ],
        steps=[{"item_code": "IMP-1", "order": 1, "name": "受理"}],
        form_fields=[
            {"item_code": "IMP-2", "order": 1, "key": "size", "label": "面积", "field_type": "数字"}
        ],
    )
    assert import_items(publisher, data) == ["IMP-1", "IMP-2"]
    first = ItemVersion.objects.get(item__code="IMP-1")
    assert first.status == "draft"
    # Ordered by 序号, not by the row order in the sheet.
    assert [m.name for m in first.materials.all()] == ["居民身份证", "营业执照"]
    assert first.materials.get(name="营业执照").form == "copy"
    assert str(ItemVersion.objects.get(item__code="IMP-2").fee) == "12.50"


def test_wrong_column_headers_are_named_in_chinese(department, publisher):
    def rename(book):
        book[str(L.ITEMS.title)]["A1"] = "编码"

    errors = validate_only(publisher, build_workbook([item_row("A-1", department)], edit=rename))
    assert "工作表「事项」缺少列「事项编码」" in messages(errors)
    assert "工作表「事项」的列「编码」不在导入模板中" in messages(errors)
    assert ServiceItem.objects.count() == 0


def test_a_missing_sheet_is_reported(department, publisher):
    def drop(book):
        del book[str(L.STEPS.title)]

    errors = validate_only(publisher, build_workbook([item_row("A-1", department)], edit=drop))
    assert messages(errors) == ["缺少工作表「办理环节」"]


def test_a_formula_is_refused_with_its_row_and_column(department, publisher):
    rows = [item_row(f"F-{n}", department) for n in range(4)]  # rows 2..5

    def formula(book):
        book[str(L.ITEMS.title)]["F5"] = "=1+1"

    errors = validate_only(publisher, build_workbook(rows, edit=formula))
    assert len(errors) == 1
    error = errors[0]
    assert (error.sheet, error.row, error.column, error.header) == ("事项", 5, "F", "设定依据")
    assert "第5行 F列 不能使用公式" in error.message


def test_a_code_repeated_in_the_file_is_refused_on_its_second_row(department, publisher):
    rows = [item_row("DUP-1", department), item_row("OK-1", department)]
    rows.append(item_row("DUP-1", department))
    errors = validate_only(publisher, build_workbook(rows))
    assert [(e.row, e.column) for e in errors] == [(4, "A")]
    assert "在本文件中重复（第2行已有）" in errors[0].message


def test_a_code_already_in_the_database_is_refused(department, publisher):
    ServiceItemFactory(code="OLD-1", department=department, published=True)
    errors = validate_only(publisher, build_workbook([item_row("OLD-1", department)]))
    assert [(e.sheet, e.row, e.column, e.message) for e in errors] == [
        ("事项", 2, "A", "事项编码已存在")
    ]


def test_an_unknown_department_is_refused(department, publisher):
    row = {**item_row("D-1", department), "department": "区不存在局"}
    errors = validate_only(publisher, build_workbook([row]))
    assert [(e.column, e.header) for e in errors] == [("C", "实施部门")]
    assert "区不存在局" in errors[0].message


def test_a_negative_time_limit_is_refused(department, publisher):
    row = item_row("N-1", department, statutory_limit_days=-3, promised_limit_days=0)
    errors = validate_only(publisher, build_workbook([row]))
    assert [(e.column, e.message) for e in errors] == [("I", "法定办结时限（工作日）不能为负数")]


def test_a_missing_time_limit_is_refused(department, publisher):
    row = item_row("N-2", department, promised_limit_days=None)
    errors = validate_only(publisher, build_workbook([row]))
    assert [(e.column, e.message) for e in errors] == [("J", "请填写「承诺办结时限（工作日）」")]


def test_a_promise_longer_than_the_statutory_limit_is_refused(department, publisher):
    row = item_row("P-1", department, statutory_limit_days=5, promised_limit_days=8)
    errors = validate_only(publisher, build_workbook([row]))
    assert [(e.column, e.message) for e in errors] == [("J", "承诺办结时限不能超过法定办结时限")]


def test_dates_numbers_and_yes_no_are_read_strictly(department, publisher):
    row = item_row(
        "S-1",
        department,
        valid_from="2026/01/01",
        visits_needed="1次",
        fee="1.234",
    )
    material = {"item_code": "S-1", "order": 1, "name": "身份证", "required": "可以"}
    errors = validate_only(publisher, build_workbook([row], materials=[material]))
    found = {(e.sheet, e.header): e.message for e in errors}
    assert found == {
        ("事项", "收费标准（元）"): "「收费标准（元）」金额最多保留两位小数",
        ("事项", "到现场次数"): "「到现场次数」应为整数",
        ("事项", "生效日期"): "「生效日期」应为日期，格式为 YYYY-MM-DD",
        ("申请材料", "必要"): "「必要」应填写“是”或“否”",
    }


def test_parts_of_an_item_not_in_the_items_sheet_are_refused(department, publisher):
    errors = validate_only(
        publisher,
        build_workbook(
            [item_row("K-1", department)],
            steps=[
                {"item_code": "K-1", "order": 1, "name": "受理"},
                {"item_code": "K-9", "order": 1, "name": "受理"},
            ],
        ),
    )
    assert [(e.sheet, e.row, e.column) for e in errors] == [("办理环节", 3, "A")]
    assert errors[0].message == "事项编码「K-9」不在「事项」工作表中"


def test_every_error_of_every_row_is_reported_not_only_the_first(department, publisher):
    rows = [
        item_row("E-1", department, kind="许可证"),
        item_row("E-2", department),
        item_row("E-3", department, name=""),
        item_row("E-4", department, online_url="not a url"),
    ]
    materials = [{"item_code": "E-2", "order": 1, "name": "身份证", "copies": 0}]
    errors = validate_only(publisher, build_workbook(rows, materials=materials))
    assert [(e.sheet, e.row, e.header) for e in errors] == [
        ("事项", 2, "事项类型"),
        ("事项", 4, "事项名称"),
        ("事项", 5, "网上办理地址"),
        ("申请材料", 2, "份数"),
    ]


def test_an_error_on_the_last_row_imports_nothing_at_all(department, publisher):
    rows = [item_row(f"L-{n:03d}", department) for n in range(30)]
    rows.append(item_row("L-LAST", department, statutory_limit_days=-1))
    materials = [{"item_code": f"L-{n:03d}", "order": 1, "name": "身份证"} for n in range(30)]
    before = (
        ServiceItem.objects.count(),
        ItemVersion.objects.count(),
        Material.objects.count(),
        AuditEvent.objects.filter(action="catalog.item_create").count(),
    )
    with pytest.raises(ImportRefused) as refused:
        import_items(publisher, build_workbook(rows, materials=materials))
    assert [(e.row, e.column) for e in refused.value.row_errors] == [(32, "I")]
    after = (
        ServiceItem.objects.count(),
        ItemVersion.objects.count(),
        Material.objects.count(),
        AuditEvent.objects.filter(action="catalog.item_create").count(),
    )
    assert after == before == (0, 0, 0, 0)


def test_department_staff_cannot_import_another_departments_items():
    staff = UserFactory(approver=True)
    other = DepartmentFactory()
    data = build_workbook([item_row("O-1", staff.department), item_row("O-2", other)])
    with pytest.raises(ImportRefused) as refused:
        import_items(staff, data)
    assert [(e.row, e.column) for e in refused.value.row_errors] == [(3, "C")]
    assert "只能导入本部门" in refused.value.row_errors[0].message
    assert ServiceItem.objects.count() == 0


def test_department_staff_import_their_own_departments_items():
    staff = UserFactory(approver=True)
    assert import_items(staff, build_workbook([item_row("OWN-1", staff.department)])) == ["OWN-1"]
    assert ServiceItem.objects.get(code="OWN-1").department == staff.department


def test_columns_may_be_reordered_and_errors_name_the_real_column(department, publisher):
    ServiceItemFactory(code="MOVED-1", department=department)

    def swap_code_and_name(book):
        ws = book[str(L.ITEMS.title)]
        for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=2):
            row[0].value, row[1].value = row[1].value, row[0].value

    data = build_workbook(
        [item_row("MOVED-1", department), item_row("MOVED-2", department)],
        edit=swap_code_and_name,
    )
    errors = validate_only(publisher, data)
    assert [(e.row, e.column, e.header, e.message) for e in errors] == [
        (2, "B", "事项编码", "事项编码已存在")
    ]
    ServiceItem.objects.filter(code="MOVED-1").delete()
    assert import_items(publisher, data) == ["MOVED-1", "MOVED-2"]


def test_a_number_with_thousands_of_digits_is_refused_not_a_crash(department, publisher):
    row = item_row("N-9", department, statutory_limit_days="9" * 5000, promised_limit_days=0)
    errors = validate_only(publisher, build_workbook([row]))
    assert [(e.column, e.message) for e in errors] == [("I", "「法定办结时限（工作日）」数值过大")]
