"""The ledger (整改台账) as an Excel workbook in the layout district offices keep.

A title row and a header row repeated on every printed page (landscape A4, fitted to the
page width), the problem's cells merged over its measure rows, frozen panes below the
header and right of 问题序号. Every text cell is written as text through the catalogue's
``text_cell``: a measure starting with "=" never becomes a formula.
"""

import io
from datetime import date

from django.db import transaction
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from onewindow.catalog.excel.export import text_cell
from onewindow.core.audit import record

from ..constants import Escalation, OutputKind
from ..models import (
    Accountability,
    AccountabilityType,
    Category,
    Measure,
    MeasureOutput,
    Problem,
    ProgressUpdate,
)
from . import layout as L

DATE_FORMAT = 'yyyy"年"m"月"d"日"'
_TITLE_FONT = Font(bold=True, size=16)
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(vertical="center", wrap_text=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEADER_ROW = 2  # row 1 is the title


def export_ledger(inspection) -> bytes:
    """The inspection's ledger as .xlsx bytes (台账, 问责情况, 巡察信息)."""
    with translation.override(L.WORKBOOK_LANGUAGE):
        book = Workbook()
        book.remove(book.active)
        problems = _problems(inspection)
        _ledger_sheet(book, inspection, problems)
        _accountability_sheet(book, inspection, problems)
        _info_sheet(book, inspection)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def export_and_record(inspection, *, actor, request=None) -> tuple[bytes, str]:
    """The workbook and its file name; the export is audited like every other export."""
    content = export_ledger(inspection)
    with transaction.atomic():
        record(
            "export",
            actor=actor,
            request=request,
            obj=inspection,
            summary=_("导出整改台账：%(title)s") % {"title": inspection.title},
        )
    return content, f"rectification-ledger-{inspection.pk}.xlsx"


# -- reading the ledger ------------------------------------------------------------------


def _problems(inspection) -> list:
    measures = Measure.objects.select_related("responsible_unit").prefetch_related(
        Prefetch("updates", queryset=ProgressUpdate.objects.order_by("created_at", "id")),
        Prefetch("outputs", queryset=MeasureOutput.objects.order_by("id")),
    )
    return list(
        Problem.objects.filter(inspection=inspection)
        .select_related("category", "category__parent")
        .prefetch_related(
            Prefetch("measures", queryset=measures.order_by("sort_order", "id")),
            Prefetch("accountabilities", queryset=Accountability.objects.order_by("id")),
        )
        .order_by("number")
    )


def _category_rows(inspection, problems) -> list[tuple]:
    """(方面, 类 or None, problem or None) in the feedback's order.

    A category or sub-category without problems still gets a row of its own, so that
    "4个方面18个问题" survives a round trip even when one 方面 holds no problem.
    """
    categories = list(Category.objects.filter(inspection=inspection).order_by("sort_order", "id"))
    by_id = {c.pk: c for c in categories}
    by_category: dict[int, list] = {}
    for problem in problems:
        by_category.setdefault(problem.category_id, []).append(problem)

    def top_of(category):
        while category.parent_id is not None and category.parent_id in by_id:
            category = by_id[category.parent_id]
        return category

    rows = []
    for top in (c for c in categories if c.parent_id is None):
        rows.extend((top, None, p) for p in by_category.get(top.pk, []))
        # Deeper levels than 方面/类 (never made by the import) print under their 类.
        subs = [c for c in categories if c.parent_id is not None and top_of(c) == top]
        for sub in subs:
            rows.extend((top, sub, p) for p in by_category.get(sub.pk, []))
            if not by_category.get(sub.pk) and not any(c.parent_id == sub.pk for c in subs):
                rows.append((top, sub, None))
        if not subs and not by_category.get(top.pk):
            rows.append((top, None, None))
    return rows


# -- sheets -------------------------------------------------------------------------------


def _sheet(book, sheet: L.Sheet, title_text: str):
    ws = book.create_sheet(str(sheet.title))
    width = len(sheet.columns)
    ws.append([text_cell(ws, title_text)])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(1, 1).font = _TITLE_FONT
    ws.cell(1, 1).alignment = _CENTER
    ws.row_dimensions[1].height = 30
    ws.append([text_cell(ws, header) for header in sheet.headers()])
    for i, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(HEADER_ROW, i)
        cell.font, cell.fill, cell.alignment, cell.border = (
            _HEADER_FONT,
            _HEADER_FILL,
            _CENTER,
            _BORDER,
        )
        ws.column_dimensions[get_column_letter(i)].width = column.width
    _print_setup(ws, width)
    return ws


def _print_setup(ws, width: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"1:{HEADER_ROW}"
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _value(ws, column: L.Column, value):
    if value is None or value == "":
        return None
    if column.kind == L.DATE and isinstance(value, date):
        return value
    if column.kind == L.INT and isinstance(value, int):
        return value
    return text_cell(ws, value)


def _append(ws, sheet: L.Sheet, values: dict) -> int:
    ws.append([_value(ws, c, values.get(c.key)) for c in sheet.columns])
    row = ws.max_row
    for i, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row, i)
        cell.border = _BORDER
        cell.alignment = _CENTER if column.kind in (L.INT, L.DATE) else _WRAP
        if column.kind == L.DATE:
            cell.number_format = DATE_FORMAT
    return row


def _ledger_sheet(book, inspection, problems) -> None:
    ws = _sheet(book, L.LEDGER, f"{inspection.title}{L.LEDGER_TITLE_SUFFIX}")
    ws.freeze_panes = f"{get_column_letter(_position(L.LEDGER, 'title'))}{HEADER_ROW + 1}"
    problem_columns = [i for i, c in enumerate(L.LEDGER.columns, start=1) if c.problem_cell]
    index = 0
    for top, child, problem in _category_rows(inspection, problems):
        base = {"category": top.title, "subcategory": child.title if child else ""}
        if problem is None:
            _append(ws, L.LEDGER, base)
            continue
        index += 1
        base.update(
            row_number=index,
            number=problem.number,
            title=problem.title,
            description=problem.description,
        )
        measures = list(problem.measures.all()) or [None]
        first = None
        for measure in measures:
            row = _append(ws, L.LEDGER, {**base, **_measure_values(measure)})
            first = first or row
            base = {}  # the problem's cells are written once and merged below
        if len(measures) > 1:
            for column in problem_columns:
                ws.merge_cells(start_row=first, start_column=column, end_row=row, end_column=column)


def _position(sheet: L.Sheet, key: str) -> int:
    return next(i for i, c in enumerate(sheet.columns, start=1) if c.key == key)


def _measure_values(measure) -> dict:
    if measure is None:
        return {}
    return {
        "content": measure.content,
        "kind": measure.get_kind_display(),
        "responsible_leader": measure.responsible_leader,
        "responsible_unit": measure.responsible_unit.name,
        "due_date": measure.due_date,
        "progress": L.PROGRESS_SEPARATOR.join(u.text for u in measure.updates.all()),
        "status": measure.get_status_display(),
        "outputs": L.OUTPUT_SEPARATOR.join(format_output(o) for o in measure.outputs.all()),
        "note": _note(measure),
    }


def format_output(output) -> str:
    """ "《名称》" for a rule, "文件：《名称》（文号，2020-04-15）" for the others."""
    text = f"《{output.title}》"
    if output.kind != OutputKind.RULE:
        text = f"{output.get_kind_display()}：{text}"
    extra = [p for p in (output.document_number, _iso(output.issued_on)) if p]
    if extra:
        text += "（%s）" % "，".join(extra)
    return text


def _iso(value) -> str:
    return value.isoformat() if value else ""


def _note(measure) -> str:
    parts = []
    if measure.target_metric:
        label = _metric_label(measure.target_metric)
        comparison = measure.get_target_comparison_display() if measure.target_comparison else ""
        value = "" if measure.target_value is None else f"{measure.target_value.normalize():f}"
        parts.append(
            f"{L.TARGET_PREFIX}：{label}（{measure.target_metric}）{comparison} {value}".rstrip()
        )
    if measure.escalation:
        parts.append(_("督办：%(level)s") % {"level": Escalation(measure.escalation).label})
    if measure.carried_over_from_id:
        parts.append(_("上轮巡察遗留"))
    return "\n".join(parts)


def _metric_label(code: str) -> str:
    try:
        from onewindow.rectification.metrics import METRICS
    except ImportError:
        return code
    entry = METRICS.get(code)
    if entry is None:
        return code
    label = entry[0] if isinstance(entry, tuple | list) else getattr(entry, "label", code)
    return str(label)


def _accountability_sheet(book, inspection, problems) -> None:
    ws = _sheet(book, L.ACCOUNTABILITY, f"{inspection.title}{L.ACCOUNTABILITY_TITLE_SUFFIX}")
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    names = dict(AccountabilityType.objects.values_list("code", "name"))
    for problem in problems:
        for item in problem.accountabilities.all():
            _append(
                ws,
                L.ACCOUNTABILITY,
                {
                    "number": problem.number,
                    "person_name": item.person_name,
                    "position": item.position,
                    "kind": names.get(item.kind, item.kind),
                    "decided_on": item.decided_on,
                    "note": item.note,
                },
            )


def _info_sheet(book, inspection) -> None:
    ws = book.create_sheet(str(L.INFO_TITLE))
    ws.append([text_cell(ws, h) for h in L.INFO_HEADERS])
    for i in (1, 2):
        cell = ws.cell(1, i)
        cell.font, cell.fill, cell.border = _HEADER_FONT, _HEADER_FILL, _BORDER
    for key, label, kind, _required in L.INFO_FIELDS:
        value = getattr(inspection, key)
        ws.append([text_cell(ws, label), value if kind == L.DATE else text_cell(ws, value)])
        row = ws.max_row
        ws.cell(row, 1).border = ws.cell(row, 2).border = _BORDER
        ws.cell(row, 2).alignment = Alignment(horizontal="left", vertical="center")
        if kind == L.DATE:
            ws.cell(row, 2).number_format = DATE_FORMAT
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 50
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
