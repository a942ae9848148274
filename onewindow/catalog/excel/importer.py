"""Import items from a workbook in the export's layout: all of them or none.

1. ``workbook_safety.check_workbook`` refuses unsafe or non-Excel files before any parsing.
2. ``read_plan`` reads the four sheets, checks the headers, refuses formulas, parses every
   cell strictly by its column's kind, groups materials, steps and form fields under their
   item, runs each item through ``services.validate_item_payload`` and the cross-row checks
   (codes repeated in the file, rows pointing at an item not in the file, other
   departments' items for department staff). Every error of every row is collected.
3. ``import_items`` creates the items through ``services.create_item`` in ONE transaction
   (each one audited); an error or a crash midway rolls everything back.
"""

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from onewindow.core.audit import record
from onewindow.core.errors import InvalidInput, PermissionDenied

from .. import permissions, services
from . import layout as L
from .workbook_safety import open_workbook

Progress = Callable[[str, int, int], None]

_INT_RE = re.compile(r"^[+-]?\d+$")
_MONEY_RE = re.compile(r"^[+-]?\d+(\.\d+)?$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LIST_SPLIT = re.compile(r"[；;\n]+")
# Messages from validation carry "申请材料第2项：" for forms; the table shows the row instead.
_ITEM_PREFIX = re.compile(r"^[^：]{1,12}第\d+项：")


def max_rows() -> int:
    return getattr(settings, "CATALOG_IMPORT_MAX_ROWS", 20_000)


@dataclass(frozen=True)
class RowError:
    """One problem, where the user can find it: sheet, row, column letter and header."""

    sheet: str
    row: int
    column: str
    header: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class ItemRows:
    """One item of the workbook with the rows its parts came from."""

    row: int
    values: dict
    bad: set = field(default_factory=set)  # keys already reported as unparseable
    materials: list = field(default_factory=list)  # (row, values, bad), sorted by 序号
    steps: list = field(default_factory=list)
    form_fields: list = field(default_factory=list)


@dataclass
class Plan:
    items: list[ItemRows]
    errors: list[RowError]


class ImportRefused(InvalidInput):
    """The workbook has errors; ``row_errors`` lists every one of them."""

    def __init__(self, row_errors: list[RowError]):
        self.row_errors = row_errors
        super().__init__(_("工作簿中有 %(n)s 处错误，未导入任何事项。") % {"n": len(row_errors)})


# -- reading cells strictly ---------------------------------------------------------------


class CellError(ValueError):
    pass


def _text(value) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return L.YES if value else L.NO
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, Decimal):
        return str(value)
    raise CellError(_("应为文本"))


_MAX_INT_DIGITS = 9


def _int(value) -> int:
    if isinstance(value, bool):
        raise CellError(_("应为整数"))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INT_RE.match(value.strip()):
        digits = value.strip()
        # Python refuses to parse more than 4300 digits; no limit here needs more than 9.
        if len(digits.lstrip("+-")) > _MAX_INT_DIGITS:
            raise CellError(_("数值过大"))
        return int(digits)
    raise CellError(_("应为整数"))


def _money(value) -> Decimal:
    if isinstance(value, bool):
        raise CellError(_("应为金额（元）"))
    if isinstance(value, int | float | Decimal):
        amount = Decimal(str(value))
    elif isinstance(value, str) and _MONEY_RE.match(value.strip()):
        amount = Decimal(value.strip())
    else:
        raise CellError(_("应为金额（元）"))
    try:
        if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
            raise CellError(_("金额最多保留两位小数"))
    except InvalidOperation as exc:
        raise CellError(_("应为金额（元）")) from exc
    return amount


def _date(value) -> date:
    if isinstance(value, datetime):
        if value.time() != time(0):
            raise CellError(_("应为日期，不能带时间"))
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE_RE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise CellError(_("应为日期，格式为 YYYY-MM-DD"))


def _bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = value.strip() if isinstance(value, str) else None
    if text == str(L.YES):
        return True
    if text == str(L.NO):
        return False
    raise CellError(_("应填写“是”或“否”"))


def _multi(value) -> list[str]:
    return [v for v in re.split(r"[、,，;；\s]+", _text(value)) if v]


def _list(value) -> list[str]:
    return [v.strip() for v in _LIST_SPLIT.split(_text(value)) if v.strip()]


_PARSERS = {
    L.TEXT: _text,
    L.CHOICE: _text,
    L.INT: _int,
    L.MONEY: _money,
    L.DATE: _date,
    L.BOOL: _bool,
    L.MULTI: _multi,
    L.LIST: _list,
}


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# -- reading sheets -------------------------------------------------------------------------


class _Collector:
    """The errors found so far, and where each sheet's columns are in this file."""

    def __init__(self):
        self.errors: list[RowError] = []
        # {sheet key: {column key: 0-based position}}: columns may be in any order.
        self.positions: dict[str, dict[str, int]] = {}

    def add(self, sheet: L.Sheet | str, row: int, column: L.Column | None, message) -> None:
        title = str(sheet.title if isinstance(sheet, L.Sheet) else sheet)
        letter, header = "", ""
        if column is not None and isinstance(sheet, L.Sheet):
            position = self.positions.get(sheet.key, {}).get(column.key)
            if position is None:
                position = sheet.columns.index(column)
            letter, header = get_column_letter(position + 1), str(column.header)
        self.errors.append(RowError(title, row, letter, header, str(message)))

    def add_at(self, sheet: L.Sheet, row: int, letter: str, header: str, message) -> None:
        self.errors.append(RowError(str(sheet.title), row, letter, header, str(message)))


def _header_map(ws, sheet: L.Sheet, errors: _Collector) -> dict[str, int] | None:
    """{column key: 0-based position} from row 1, or None if the headers are wrong."""
    first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
    found: dict[str, int] = {}
    ok = True
    wanted = {str(c.header): c for c in sheet.columns}
    for position, value in enumerate(first):
        if _blank(value):
            continue
        title = str(value).strip()
        letter = get_column_letter(position + 1)
        column = wanted.get(title)
        if column is None:
            errors.add_at(
                sheet,
                1,
                letter,
                title,
                _("工作表「%(sheet)s」的列「%(col)s」不在导入模板中")
                % {"sheet": sheet.title, "col": title},
            )
            ok = False
        elif column.key in found:
            errors.add_at(
                sheet,
                1,
                letter,
                title,
                _("工作表「%(sheet)s」的列「%(col)s」重复") % {"sheet": sheet.title, "col": title},
            )
            ok = False
        else:
            found[column.key] = position
    for column in sheet.columns:
        if column.key not in found:
            errors.add(
                sheet,
                1,
                None,
                _("工作表「%(sheet)s」缺少列「%(col)s」")
                % {"sheet": sheet.title, "col": column.header},
            )
            ok = False
    return found if ok else None


def _read_rows(ws, sheet: L.Sheet, positions: dict[str, int], errors: _Collector):
    """Yield (row number, values, bad keys) for each non-blank data row."""
    by_position = {p: sheet.column(k) for k, p in positions.items()}
    width = max(positions.values()) + 1
    count = 0
    for row_number, cells in enumerate(ws.iter_rows(min_row=2, max_col=width), start=2):
        values, bad, formula = {}, set(), False
        for position, cell in enumerate(cells):
            column = by_position.get(position)
            value = getattr(cell, "value", None)
            # Formulas (plain, array or data-table) all have the data type "f".
            if getattr(cell, "data_type", None) == "f":
                letter = get_column_letter(position + 1)
                errors.add_at(
                    sheet,
                    row_number,
                    letter,
                    str(column.header) if column else "",
                    _("第%(row)s行 %(col)s列 不能使用公式，请改为填写数值或文字")
                    % {"row": row_number, "col": letter},
                )
                formula = True
                if column is not None:
                    bad.add(column.key)
                continue
            if column is None or _blank(value):
                continue
            try:
                values[column.key] = _PARSERS[column.kind](value)
            except CellError as exc:
                errors.add(
                    sheet,
                    row_number,
                    column,
                    _("「%(col)s」%(msg)s")
                    % {
                        "col": column.header,
                        "msg": exc,
                    },
                )
                bad.add(column.key)
        if not values and not bad and not formula:
            continue  # a blank row
        count += 1
        if count > max_rows():
            errors.add(
                sheet,
                row_number,
                None,
                _("工作表「%(sheet)s」超过 %(n)s 行，请分批导入")
                % {
                    "sheet": sheet.title,
                    "n": max_rows(),
                },
            )
            return
        for column in sheet.columns:
            if column.required and column.key not in values and column.key not in bad:
                errors.add(
                    sheet, row_number, column, _("请填写「%(col)s」") % {"col": column.header}
                )
                bad.add(column.key)
        yield row_number, values, bad


def _read_sheets(book, errors: _Collector) -> dict[str, list] | None:
    """{sheet key: [(row, values, bad)]}, or None when a sheet or header is wrong."""
    titles = list(book.sheetnames)
    for title in titles:
        if title not in [str(s.title) for s in L.DATA_SHEETS] and title not in [
            str(t) for t in L.INFO_SHEET_TITLES
        ]:
            errors.add(
                title,
                0,
                None,
                _("工作簿中有导入模板以外的工作表「%(sheet)s」，请删除后再导入") % {"sheet": title},
            )
    rows: dict[str, list] = {}
    complete = True
    for sheet in L.DATA_SHEETS:
        if str(sheet.title) not in titles:
            errors.add(sheet, 0, None, _("缺少工作表「%(sheet)s」") % {"sheet": sheet.title})
            complete = False
            continue
        ws = book[str(sheet.title)]
        positions = _header_map(ws, sheet, errors)
        if positions is None:
            complete = False
            continue
        errors.positions[sheet.key] = positions
        rows[sheet.key] = list(_read_rows(ws, sheet, positions, errors))
    return rows if complete else None


# -- grouping and checking ------------------------------------------------------------------


def _group(rows: dict[str, list], errors: _Collector) -> list[ItemRows]:
    items: list[ItemRows] = []
    by_code: dict[str, ItemRows] = {}
    code_column = L.ITEMS.column("code")
    for row, values, bad in rows["items"]:
        item = ItemRows(row=row, values=values, bad=bad)
        items.append(item)
        code = values.get("code")
        if not code:
            continue
        if code in by_code:
            errors.add(
                L.ITEMS,
                row,
                code_column,
                _("事项编码「%(code)s」在本文件中重复（第%(first)s行已有）")
                % {"code": code, "first": by_code[code].row},
            )
            item.bad.add("code")
            continue
        by_code[code] = item
    for sheet in L.CHILD_SHEETS:
        parts: dict[str, list] = {}
        for row, values, bad in rows[sheet.key]:
            code = values.get("item_code")
            if not code:
                continue
            owner = by_code.get(code)
            if owner is None:
                errors.add(
                    sheet,
                    row,
                    sheet.column("item_code"),
                    _("事项编码「%(code)s」不在「事项」工作表中") % {"code": code},
                )
                continue
            parts.setdefault(code, []).append((row, values, bad))
        for code, found in parts.items():
            seen: dict[int, int] = {}
            for row, values, _bad in found:
                order = values.get("order")
                if order is None:
                    continue
                if order < 1:
                    errors.add(sheet, row, sheet.column("order"), _("序号应为正整数"))
                elif order in seen:
                    errors.add(
                        sheet,
                        row,
                        sheet.column("order"),
                        _("事项「%(code)s」的序号 %(n)s 重复（第%(first)s行已有）")
                        % {"code": code, "n": order, "first": seen[order]},
                    )
                else:
                    seen[order] = row
            found.sort(key=lambda part: (part[1].get("order") or 0, part[0]))
            setattr(by_code[code], sheet.key, found)
    return items


def _payload(item: ItemRows) -> dict:
    values = item.values
    guide = {
        c.key: values[c.key]
        for c in L.ITEMS.columns
        if c.key not in ("code", "department") and c.key in values
    }
    return {
        "code": values.get("code", ""),
        "department": values.get("department", ""),
        "guide": guide,
        "materials": [_part(v, L.MATERIALS) for _r, v, _b in item.materials],
        "form_fields": [_part(v, L.FORM_FIELDS) for _r, v, _b in item.form_fields],
        "steps": [_part(v, L.STEPS) for _r, v, _b in item.steps],
    }


def _part(values: dict, sheet: L.Sheet) -> dict:
    return {k: v for k, v in values.items() if k not in ("item_code", "order")}


def _place(item: ItemRows, key: str, message: str, errors: _Collector) -> None:
    """Put a validation error from the services on the sheet, row and column it is about."""
    message = _ITEM_PREFIX.sub("", message)
    parts = key.split(".")
    if len(parts) == 3 and parts[0] in ("materials", "form_fields", "steps") and parts[1].isdigit():
        sheet = {"materials": L.MATERIALS, "form_fields": L.FORM_FIELDS, "steps": L.STEPS}[parts[0]]
        rows = getattr(item, parts[0])
        index = int(parts[1])
        if index < len(rows):
            row, _values, bad = rows[index]
            if parts[2] in bad:
                return  # already reported as unreadable
            column = next((c for c in sheet.columns if c.key == parts[2]), None)
            errors.add(sheet, row, column, message)
            return
    if key in item.bad:
        return
    column = next((c for c in L.ITEMS.columns if c.key == key), None)
    errors.add(L.ITEMS, item.row, column, message)


def _check_item(item: ItemRows, actor, departments: dict, errors: _Collector) -> None:
    payload = _payload(item)
    if "code" in item.bad:
        payload["code"] = ""  # a repeated code: do not also report it as taken
    try:
        services.validate_item_payload(**payload)
    except InvalidInput as exc:
        for key, messages in (exc.errors or {"": [exc.message]}).items():
            if key == "code" and "code" in item.bad:
                continue
            for message in messages:
                _place(item, key, message, errors)
    department = departments.get(str(payload["department"]))
    if (
        department is not None
        and actor is not None
        and not permissions.can_edit_department(actor, department.pk)
    ):
        own = getattr(actor.department, "name", "") if actor.department_id else ""
        errors.add(
            L.ITEMS,
            item.row,
            L.ITEMS.column("department"),
            _("您只能导入本部门（%(own)s）的事项，不能导入“%(other)s”的事项")
            % {"own": own, "other": department.name},
        )


def _departments() -> dict:
    from onewindow.org.models import Department

    found = {}
    for department in Department.objects.all():
        found[department.name] = department
        found[department.code] = department
    return found


def read_plan(data: bytes, actor, progress: Progress | None = None) -> Plan:
    """Check and read the whole workbook; raises InvalidInput for an unsafe or unreadable file."""
    with translation.override(L.WORKBOOK_LANGUAGE):
        return _read_plan(data, actor, progress)


def _read_plan(data: bytes, actor, progress: Progress | None) -> Plan:
    errors = _Collector()
    with open_workbook(data) as book:
        rows = _read_sheets(book, errors)
    if rows is None:
        return Plan(items=[], errors=errors.errors)
    items = _group(rows, errors)
    if not items and not errors.errors:
        errors.add(L.ITEMS, 2, None, _("「事项」工作表中没有事项"))
    departments = _departments()
    total = len(items)
    for done, item in enumerate(items, start=1):
        _check_item(item, actor, departments, errors)
        if progress is not None:
            progress("validating", done, total)
    return Plan(items=items, errors=_ordered(errors.errors))


def _ordered(errors: list[RowError]) -> list[RowError]:
    order = {str(s.title): i for i, s in enumerate(L.DATA_SHEETS)}
    return sorted(errors, key=lambda e: (order.get(e.sheet, -1), e.row, len(e.column), e.column))


def import_items(
    actor, data: bytes, *, progress: Progress | None = None, job_id: str = "", request=None
) -> list[str]:
    """Create every item of the workbook in one transaction; returns their codes.

    Raises ImportRefused with every row error (nothing imported), InvalidInput for an
    unsafe or unreadable file, PermissionDenied for a user who may not import at all.
    """
    if actor is not None and not permissions.can_manage_catalog(actor):
        raise PermissionDenied(_("您没有导入事项的权限"))
    with translation.override(L.WORKBOOK_LANGUAGE):
        return _import(actor, data, progress, job_id, request)


def _import(actor, data: bytes, progress, job_id: str, request) -> list[str]:
    plan = _read_plan(data, actor, progress)
    if plan.errors:
        raise ImportRefused(plan.errors)
    total = len(plan.items)
    codes = []
    with transaction.atomic():
        for done, item in enumerate(plan.items, start=1):
            payload = _payload(item)
            services.create_item(actor, request=request, **payload)
            codes.append(payload["code"])
            if progress is not None:
                progress("importing", done, total)
        record(
            "catalog.import",
            actor=actor,
            request=request,
            object_type="catalog.import",
            object_id=job_id or None,
            after={"items": len(codes), "codes": codes[:200]},
            summary=_("Excel 导入事项 %(n)s 个") % {"n": len(codes)},
        )
    return codes


def validate_only(actor, data: bytes) -> list[RowError]:
    """Every error of the workbook without importing (used by tests and previews)."""
    return read_plan(data, actor).errors


__all__ = ["ImportRefused", "RowError", "import_items", "read_plan", "validate_only"]
