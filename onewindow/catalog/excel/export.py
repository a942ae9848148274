"""The published catalogue, or one reform list, as an Excel workbook (openpyxl).

One row per item on the 事项 sheet with its guide, and one row per material, step and form
field on their own sheets, keyed by 事项编码: the same layout the import reads. Rows are
streamed (write-only mode) and items are read in chunks, so 10,000 items stay cheap.
Every text cell is written as text: a name starting with "=" never becomes a formula.
"""

import io
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from onewindow.core.errors import NotFound

from .. import selectors
from ..constants import ReformList
from ..models import FormField, Material, ServiceItem, Step
from . import layout as L

CHUNK = 500
CELL_MAX = 32_000  # Excel holds at most 32,767 characters in a cell
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
_HEADER_ALIGN = Alignment(vertical="center", wrap_text=True)


# -- cells ------------------------------------------------------------------------------


def text_cell(sheet, value) -> WriteOnlyCell:
    """A cell that Excel always reads as text, never as a formula."""
    value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if len(value) > CELL_MAX:
        value = value[:CELL_MAX]
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    if value.startswith(FORMULA_STARTS):
        # Keeps it text when someone edits the cell in Excel, too.
        cell.quotePrefix = True
    return cell


def _cell(sheet, column: L.Column, value):
    if value is None or value == "":
        return None
    kind = column.kind
    if kind == L.INT and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind == L.MONEY and isinstance(value, Decimal | int):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "0.00"
        return cell
    if kind == L.DATE and isinstance(value, date | datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if kind == L.BOOL:
        return text_cell(sheet, L.YES if value else L.NO)
    if kind == L.CHOICE and column.choices is not None:
        return text_cell(sheet, _label(column.choices, value))
    if kind == L.MULTI and column.choices is not None:
        return text_cell(sheet, L.MULTI_SEPARATOR.join(_label(column.choices, v) for v in value))
    if kind == L.LIST and isinstance(value, list | tuple):
        return text_cell(sheet, L.LIST_SEPARATOR.join(str(v) for v in value))
    return text_cell(sheet, value)


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _add_sheet(book: Workbook, sheet: L.Sheet, *, validations: bool = False):
    ws = book.create_sheet(str(sheet.title))
    for i, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    ws.freeze_panes = "A2"
    if validations:
        _add_validations(ws, sheet)
    header = []
    for title in sheet.headers():
        cell = text_cell(ws, title)
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGN
        header.append(cell)
    ws.append(header)
    return ws


def _add_validations(ws, sheet: L.Sheet) -> None:
    """Drop-down lists for the template's choice and yes/no columns."""
    for i, column in enumerate(sheet.columns, start=1):
        if column.kind == L.CHOICE and column.choices is not None:
            values = L.choice_labels(column.choices)
        elif column.kind == L.BOOL:
            values = [str(L.YES), str(L.NO)]
        else:
            continue
        dv = DataValidation(type="list", formula1='"%s"' % ",".join(values), allow_blank=True)
        dv.error = _("请从下拉列表中选择")
        letter = get_column_letter(i)
        dv.add(f"{letter}2:{letter}5000")
        ws.data_validations.append(dv)


def _row(ws, sheet: L.Sheet, values: dict) -> list:
    return [_cell(ws, column, values.get(column.key)) for column in sheet.columns]


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- what is exported --------------------------------------------------------------------


def item_ids(list_code: str | None) -> list[int]:
    """The published items of the catalogue or of one reform list, in export order."""
    if list_code == ReformList.CHAIN:
        # The bundles' items in bundle order, each once (an item may be in several bundles).
        ids = dict.fromkeys(
            link.item_id
            for bundle in _chain_bundles()
            for link in bundle.bundle_items.all()
            if link.item.published_version_id
        )
        return list(ids)
    return list(selectors.published_items(list_code=list_code).values_list("pk", flat=True))


def _chain_bundles():
    return (
        selectors.published_bundles()
        .filter(list_entries__list_code=ReformList.CHAIN)
        .prefetch_related("bundle_items__item", "steps")
    )


def _items_in_chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = (
            ServiceItem.objects.filter(pk__in=chunk, published_version__isnull=False)
            .select_related("department", "published_version")
            .prefetch_related(
                Prefetch(
                    "published_version__materials",
                    queryset=Material.objects.select_related("material_type"),
                ),
                Prefetch("published_version__form_fields", queryset=FormField.objects.all()),
                Prefetch("published_version__steps", queryset=Step.objects.all()),
            )
        )
        by_pk = {item.pk: item for item in rows}
        yield from (by_pk[pk] for pk in chunk if pk in by_pk)


def item_values(item) -> dict:
    """The 事项 row of an item's published version."""
    version = item.published_version
    values = {c.key: getattr(version, c.key, None) for c in L.ITEMS.columns}
    values["code"] = item.code
    values["department"] = item.department.name
    return values


def _write_items(sheets: dict, ids: list[int]) -> int:
    count = 0
    for item in _items_in_chunks(ids):
        count += 1
        version = item.published_version
        sheets["items"].append(_row(sheets["items"], L.ITEMS, item_values(item)))
        for n, m in enumerate(version.materials.all(), start=1):
            values = {
                "item_code": item.code,
                "order": n,
                "name": m.name,
                "material_type": m.material_type.name,
                "form": m.form,
                "copies": m.copies,
                "source": m.source,
                "required": m.required,
                "conditional_eligible": m.conditional_eligible,
                "note": m.note,
            }
            sheets["materials"].append(_row(sheets["materials"], L.MATERIALS, values))
        for n, s in enumerate(version.steps.all(), start=1):
            values = {"item_code": item.code, "order": n, "name": s.name}
            values["description"] = s.description
            sheets["steps"].append(_row(sheets["steps"], L.STEPS, values))
        for n, f in enumerate(version.form_fields.all(), start=1):
            values = {
                "item_code": item.code,
                "order": n,
                "key": f.key,
                "label": f.label,
                "field_type": f.field_type,
                "required": f.required,
                "choices": [str(c) for c in (f.choices or [])],
                "max_length": f.max_length,
            }
            sheets["form_fields"].append(_row(sheets["form_fields"], L.FORM_FIELDS, values))
    return count


def _write_bundles(book: Workbook) -> None:
    ws = _add_sheet(book, L.BUNDLES)
    for bundle, savings in selectors.bundles_with_savings(_chain_bundles()):
        values = {
            "code": bundle.code,
            "name": bundle.name,
            "lead_department": bundle.lead_department.name,
            "at_general_window": bundle.at_general_window,
            "promised_limit_days": bundle.promised_limit_days,
            "items": [link.item.code for link in bundle.bundle_items.all()],
            "steps": [step.name for step in bundle.steps.all()],
            "materials_separately": savings["materials_separately"],
            "materials_merged": savings["materials_merged"],
            "material_reduction": f"{savings['material_reduction'] * 100:.1f}%",
        }
        ws.append(_row(ws, L.BUNDLES, values))


def _write_list_entries(book: Workbook, list_code: str | None) -> None:
    ws = _add_sheet(book, L.LIST_ENTRIES)
    codes = [list_code] if list_code else [c for c in ReformList.values if c != ReformList.CHAIN]
    for code in codes:
        for entry in selectors.list_entries(code):
            target = entry.item or entry.bundle
            department = entry.item.department if entry.item else entry.bundle.lead_department
            values = {
                "list": entry.get_list_code_display(),
                "code": target.code,
                "name": target.name,
                "department": department.name,
                "level": entry.get_level_display() if entry.level else "",
                "added_on": entry.added_on,
            }
            ws.append(_row(ws, L.LIST_ENTRIES, values))


def build_catalogue(list_code: str | None = None) -> tuple[bytes, int]:
    """(xlsx bytes, number of items) for the published catalogue or one reform list."""
    if list_code is not None and list_code not in ReformList.values:
        raise NotFound()
    with translation.override(L.WORKBOOK_LANGUAGE):
        return _build_catalogue(list_code)


def _build_catalogue(list_code: str | None) -> tuple[bytes, int]:
    book = Workbook(write_only=True)
    sheets = {sheet.key: _add_sheet(book, sheet) for sheet in L.DATA_SHEETS}
    count = _write_items(sheets, item_ids(list_code))
    if list_code == ReformList.CHAIN:
        _write_bundles(book)
    else:
        _write_list_entries(book, list_code)
    return _save(book), count


def template_workbook() -> bytes:
    """The empty import template: the four sheets with drop-downs, and the instructions."""
    with translation.override(L.WORKBOOK_LANGUAGE):
        book = Workbook(write_only=True)
        for sheet in L.DATA_SHEETS:
            _add_sheet(book, sheet, validations=True)
        _write_readme(book)
        return _save(book)


def _write_readme(book: Workbook) -> None:
    from onewindow.org.models import Department

    ws = book.create_sheet(str(L.README_TITLE))
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 90
    lines = [
        (_("说明"), _("每个事项在“事项”工作表占一行；材料、环节、表单字段按“事项编码”对应。")),
        (_("说明"), _("导入全部成功或全部不导入：任何一行有错，都不会导入任何事项。")),
        (_("说明"), _("不能使用公式；日期格式为 YYYY-MM-DD；时限为工作日整数。")),
        (_("说明"), _("导入的事项为草稿，须提交审核并由局里发布后对外公开。")),
    ]
    for sheet in L.DATA_SHEETS:
        for column in sheet.columns:
            if column.choices is not None:
                values = "、".join(L.choice_labels(column.choices))
                if column.kind == L.MULTI:
                    values += _("（可多选，用“、”分隔）")
                lines.append((f"{sheet.title}·{column.header}", values))
    lines.append((_("是/否列"), f"{L.YES}、{L.NO}"))
    for department in Department.objects.filter(is_active=True).order_by("sort_order", "code"):
        lines.append((_("实施部门"), f"{department.name}（{department.code}）"))
    ws.append([text_cell(ws, _("项目")), text_cell(ws, _("内容"))])
    for label, value in lines:
        ws.append([text_cell(ws, label), text_cell(ws, value)])
