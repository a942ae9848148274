"""Reading a ledger workbook (整改台账) into a plan; nothing is written here.

``read_plan`` first lets the catalogue's ``workbook_safety.check_workbook`` refuse
oversized, non-xlsx (judged by content), encrypted, macro, externally linked, DTD-carrying
and ZIP-bomb files before any XML is parsed. Then it reads 巡察信息, 台账 and 问责情况:
finds each header row (under a title row or not), refuses formulas, parses every cell
strictly, follows merged problem cells (a blank 问题序号 continues the problem above),
builds the 方面/类 tree, matches 责任股室 by department name, short name or code, and
整改类型/完成情况/问责方式 by their Chinese labels, and reads dates as real dates,
"2020-05-31", "2020/5/31" or "2020年5月31日". Every error is collected with its sheet,
row, column letter and header. Required values, lengths and the rest of the rules are the
ledger's services' checks, run by import_.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from onewindow.catalog.excel.importer import RowError
from onewindow.catalog.excel.workbook_safety import check_size, open_workbook

from ..constants import MeasureKind, MeasureStatus, OutputKind, TargetComparison
from ..models import Inspection
from . import layout as L

HEADER_SEARCH_ROWS = 5
_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_INT_RE = re.compile(r"^\d{1,6}$")
# "（一）" "(一)" "一、" "1、" "1." before a category or problem title.
_ORDINAL = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十百\d]+[）)]|[一二三四五六七八九十百]+[、.．]|\d+[、.．])\s*"
)
_OUTPUT_KIND_RE = re.compile(r"^(?P<kind>[^：:《]{1,6})[：:]\s*(?P<rest>.+)$")
_OUTPUT_RE = re.compile(r"^《(?P<title>.+)》\s*(?:[（(](?P<extra>[^（）()]*)[）)])?$")
_TARGET_RE = re.compile(
    r"考核指标[：:]\s*(?:[^（(\n]*[（(](?P<code>[a-z0-9_]+)[）)]|(?P<bare>[a-z0-9_]+))\s*"
    r"(?P<cmp>不低于|不高于|>=|<=|≥|≤)\s*(?P<value>\d+(?:\.\d+)?)"
)
_MEASURE_KEYS = (
    "content",
    "kind",
    "responsible_leader",
    "responsible_unit",
    "due_date",
    "progress",
    "status",
    "outputs",
    "note",
)
_REQUIRED_LEDGER_COLUMNS = (
    "category",
    "number",
    "title",
    "content",
    "kind",
    "responsible_leader",
    "responsible_unit",
    "due_date",
)
_REQUIRED_ACCOUNTABILITY_COLUMNS = ("number", "person_name", "kind", "decided_on")


def max_rows() -> int:
    return int(getattr(settings, "RECTIFICATION_IMPORT_MAX_ROWS", 5000))


# -- the plan read from the workbook -----------------------------------------------------


@dataclass
class MeasurePlan:
    row: int
    positions: dict  # {column key: 0-based position} in this file
    reported: set  # keys already reported as wrong: the services' message is not repeated
    content: str
    kind: str
    responsible_leader: str
    unit: object  # org.Department
    due_date: date | None
    status: str
    progress: list[str]
    outputs: list[dict]
    target: dict


@dataclass
class AccountabilityPlan:
    row: int
    positions: dict
    reported: set
    values: dict


@dataclass
class ProblemPlan:
    row: int
    positions: dict
    number: int
    title: str
    description: str
    category: tuple  # (方面,) or (方面, 类)
    measures: list[MeasurePlan] = field(default_factory=list)
    accountabilities: list[dict] = field(default_factory=list)


@dataclass
class Plan:
    info: dict
    info_rows: dict  # {field: row} on 巡察信息
    categories: list[tuple]  # in the order they first appear
    problems: list[ProblemPlan]
    errors: _Errors
    info_reported: set = field(default_factory=set)
    # The sheets and their headers are right: the rows can go through the services (which
    # find the remaining errors) even when some cells are wrong.
    sound: bool = True


class _Errors:
    def __init__(self):
        self.items: list[RowError] = []

    def add(self, sheet, row: int, position: int | None, header, message) -> None:
        letter = get_column_letter(position + 1) if position is not None else ""
        self.items.append(RowError(str(sheet), row, letter, str(header or ""), str(message)))


class CellError(ValueError):
    pass


# -- cells --------------------------------------------------------------------------------


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        raise CellError(_("应为文字"))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime | date):
        return _date(value).isoformat()
    raise CellError(_("应为文字"))


def _int(value) -> int:
    if isinstance(value, bool):
        raise CellError(_("应为正整数"))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and _INT_RE.match(value.strip()):
        number = int(value.strip())
    else:
        raise CellError(_("应为正整数"))
    if number < 1 or number > 999_999:
        raise CellError(_("应为正整数"))
    return number


def parse_date(value) -> date:
    """A date cell, or text like "2020-05-31", "2020/5/31", "2020.5.31", "2020年5月31日"."""
    return _date(value)


def _date(value) -> date:
    if isinstance(value, datetime):
        if value.time() != time(0):
            raise CellError(_("应为日期，不能带时间"))
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        match = _DATE_RE.match(value.strip())
        if match:
            try:
                return date(*(int(g) for g in match.groups()))
            except ValueError:
                pass
    raise CellError(_("应为日期，如 2020-05-31 或 2020年5月31日"))


_PARSERS = {L.TEXT: _text, L.INT: _int, L.DATE: _date}


def _strip_ordinal(text: str) -> str:
    return _ORDINAL.sub("", text, count=1).strip()


def _labels(choices) -> dict[str, str]:
    return {str(label): value for value, label in choices.choices}


# -- reading sheets -------------------------------------------------------------------------


def _find_header(rows: list, sheet: L.Sheet) -> int | None:
    """The index in ``rows`` of the header row (under a title row or not)."""
    names = set().union(*(c.names() for c in sheet.columns))
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        texts = {str(c.value).strip() for c in cells if not _blank(getattr(c, "value", None))}
        if str(sheet.column("number").header) in texts and len(texts & names) >= 3:
            return index
    return None


def _header_map(
    cells, row: int, sheet: L.Sheet, required: tuple, errors: _Errors
) -> dict[int, L.Column] | None:
    by_name = {name: c for c in sheet.columns for name in c.names()}
    found: dict[int, L.Column] = {}
    seen: set[str] = set()
    ok = True
    for position, cell in enumerate(cells):
        value = getattr(cell, "value", None)
        if _blank(value):
            continue
        name = re.sub(r"\s+", "", str(value))
        column = by_name.get(name)
        if column is None:
            errors.add(
                sheet.title,
                row,
                position,
                name,
                _("工作表「%(sheet)s」第%(row)s行的列「%(col)s」不是台账模板中的列")
                % {"sheet": sheet.title, "row": row, "col": name},
            )
            ok = False
        elif column.key in seen:
            errors.add(
                sheet.title,
                row,
                position,
                name,
                _("工作表「%(sheet)s」的列「%(col)s」重复") % {"sheet": sheet.title, "col": name},
            )
            ok = False
        else:
            seen.add(column.key)
            found[position] = column
    for key in required:
        if key not in seen:
            column = sheet.column(key)
            errors.add(
                sheet.title,
                row,
                None,
                column.header,
                _("工作表「%(sheet)s」缺少列「%(col)s」")
                % {"sheet": sheet.title, "col": column.header},
            )
            ok = False
    return found if ok else None


def _read_table(ws, sheet: L.Sheet, required: tuple, errors: _Errors):
    """[(row number, values, bad keys)] of the sheet's data rows, or None if headers are wrong."""
    rows = list(ws.iter_rows(max_row=max_rows() + HEADER_SEARCH_ROWS + 1))
    index = _find_header(rows, sheet)
    if index is None:
        errors.add(
            sheet.title,
            1,
            None,
            "",
            _(
                "工作表「%(sheet)s」的前%(n)s行中找不到表头（应有“%(cols)s”等列），请使用导出的台账格式"
            )
            % {
                "sheet": sheet.title,
                "n": HEADER_SEARCH_ROWS,
                "cols": "、".join(str(sheet.column(k).header) for k in required[:4]),
            },
        )
        return None
    header_row = index + 1
    columns = _header_map(rows[index], header_row, sheet, required, errors)
    if columns is None:
        return None
    if ws.max_row and ws.max_row > max_rows() + header_row:
        errors.add(
            sheet.title,
            max_rows() + header_row + 1,
            None,
            "",
            _("工作表「%(sheet)s」超过 %(n)s 行，请分批导入")
            % {"sheet": sheet.title, "n": max_rows()},
        )
        return None
    result = []
    for offset, cells in enumerate(rows[index + 1 :], start=1):
        row = header_row + offset
        values, bad = {}, set()
        for position, cell in enumerate(cells):
            column = columns.get(position)
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f":
                errors.add(
                    sheet.title,
                    row,
                    position,
                    column.header if column else "",
                    _("第%(row)s行 %(col)s列 不能使用公式，请改为填写数值或文字")
                    % {"row": row, "col": get_column_letter(position + 1)},
                )
                if column is not None:
                    bad.add(column.key)
                continue
            if column is None or _blank(value):
                continue
            try:
                values[column.key] = _PARSERS[column.kind](value)
            except CellError as exc:
                errors.add(
                    sheet.title,
                    row,
                    position,
                    column.header,
                    _("第%(row)s行「%(col)s」%(msg)s")
                    % {"row": row, "col": column.header, "msg": exc},
                )
                bad.add(column.key)
        if values or bad:
            positions = {c.key: p for p, c in columns.items()}
            result.append((row, values, bad, positions))
    return result


# -- 巡察信息 ---------------------------------------------------------------------------------


def _read_info(ws, errors: _Errors) -> tuple[dict, dict, set]:
    """({field: value}, {field: row}, fields already reported) of 巡察信息."""
    title = str(L.INFO_TITLE)
    by_label = {str(label): (key, kind) for key, label, kind, _r in L.INFO_FIELDS}
    info: dict = {}
    rows: dict[str, int] = {}
    bad: set[str] = set()
    for row, cells in enumerate(ws.iter_rows(max_row=50, max_col=2, values_only=True), start=1):
        label, value = (list(cells) + [None, None])[:2]
        if _blank(label):
            continue
        label = re.sub(r"\s+", "", str(label))
        if label in {str(h) for h in L.INFO_HEADERS}:
            continue
        entry = by_label.get(label)
        if entry is None:
            errors.add(
                title,
                row,
                0,
                L.INFO_HEADERS[0],
                _("第%(row)s行的项目「%(label)s」不是巡察信息中的项目")
                % {"row": row, "label": label},
            )
            continue
        key, kind = entry
        rows[key] = row
        if _blank(value):
            continue
        try:
            info[key] = _PARSERS[kind](value)
        except CellError as exc:
            errors.add(
                title,
                row,
                1,
                label,
                _("第%(row)s行「%(label)s」%(msg)s") % {"row": row, "label": label, "msg": exc},
            )
            bad.add(key)
    # Required fields, lengths and the order of the dates: the ledger's create_inspection.
    feedback = info.get("feedback_on")
    if info.get("title") and feedback:
        exists = Inspection.objects.filter(title=info["title"], feedback_on=feedback).exists()
        if exists:
            errors.add(
                title,
                rows["title"],
                1,
                _("名称"),
                _("已有同名巡察「%(title)s」（反馈日期 %(date)s），请勿重复导入")
                % {"title": info["title"], "date": feedback.isoformat()},
            )
    return info, rows, bad


# -- 台账 --------------------------------------------------------------------------------------


class _Context:
    """What the rows need to look up: departments, labels, metric codes."""

    def __init__(self):
        from onewindow.org.models import Department

        self.units: dict[str, list] = {}
        for department in Department.objects.filter(is_active=True):
            for name in {department.name, department.short_name, department.code}:
                if name:
                    bucket = self.units.setdefault(name, [])
                    if department not in bucket:
                        bucket.append(department)
        self.kinds = _labels(MeasureKind)
        self.statuses = {**_labels(MeasureStatus), **L.STATUS_ALIASES}
        from ..models import AccountabilityType

        # The office's list, in its words (it may have extended or reworded it).
        self.accountability_kinds = dict(
            AccountabilityType.objects.filter(active=True).values_list("name", "code")
        )
        self.output_kinds = _labels(OutputKind)
        try:
            from ..metrics import METRICS
        except ImportError:  # the registry is the ledger's; without it no target is bound
            METRICS = {}
        self.metrics = set(METRICS)


class _LedgerReader:
    def __init__(self, context: _Context, errors: _Errors):
        self.context = context
        self.errors = errors
        self.sheet = str(L.LEDGER.title)
        self.categories: list[tuple] = []
        self.problems: list[ProblemPlan] = []
        self.numbers: dict[int, int] = {}
        self.current: ProblemPlan | None = None
        self.top: str | None = None
        self.sub: str | None = None

    def error(self, row, positions, key, message) -> None:
        column = L.LEDGER.column(key) if key else None
        position = positions.get(key) if key else None
        self.errors.add(self.sheet, row, position, column.header if column else "", message)

    def category(self, top: str, sub: str | None) -> tuple:
        path = (top,) if not sub else (top, sub)
        if (top,) not in self.categories:
            self.categories.append((top,))
        if path not in self.categories:
            self.categories.append(path)
        return path

    def read(self, rows) -> None:
        for row, values, bad, positions in rows:
            self.row(row, values, bad, positions)

    def row(self, row, values, bad, positions) -> None:
        has_measure = any(k in values or k in bad for k in _MEASURE_KEYS)
        top = _strip_ordinal(values["category"]) if "category" in values else None
        sub = _strip_ordinal(values["subcategory"]) if "subcategory" in values else None
        if "number" in values or "number" in bad:
            self.problem_row(row, values, bad, positions, top, sub, has_measure)
            return
        if "title" in values or "description" in values:
            self.error(
                row,
                positions,
                "number",
                _("第%(row)s行填写了问题，请填写「问题序号」") % {"row": row},
            )
            return
        same = (
            self.current is not None
            and (top is None or top == self.top)
            and (sub is None or sub == self.sub)
        )
        if has_measure:
            if self.current is None or not same:
                self.error(
                    row,
                    positions,
                    "number",
                    _("第%(row)s行的整改措施不属于任何问题，请填写「问题序号」") % {"row": row},
                )
                return
            self.measure_row(row, values, bad, positions)
            return
        if top or sub:
            # A category of its own (a 方面 or 类 without problems, or a heading row).
            if top is None:
                if self.top is None:
                    self.error(
                        row,
                        positions,
                        "category",
                        _("第%(row)s行请填写「问题类别」") % {"row": row},
                    )
                    return
                top = self.top
            self.top, self.sub = top, sub
            self.category(top, sub)
            self.current = None

    def detached(self, row, values, bad, positions, has_measure) -> None:
        """A problem refused already: its measures are still read for their own errors."""
        self.current = ProblemPlan(
            row=row, positions=positions, number=0, title="", description="", category=()
        )
        if has_measure:
            self.measure_row(row, values, bad, positions)

    def problem_row(self, row, values, bad, positions, top, sub, has_measure) -> None:
        if "number" in bad:
            self.detached(row, values, bad, positions, has_measure)
            return
        number = values["number"]
        if top is None:
            top = self.top
            sub = sub if sub is not None else self.sub
        if top is None:
            self.error(
                row, positions, "category", _("第%(row)s行请填写「问题类别」") % {"row": row}
            )
            self.detached(row, values, bad, positions, has_measure)
            return
        title = _strip_ordinal(values.get("title", ""))
        current = self.current
        if (
            current is not None
            and current.number == number
            and (not title or title == current.title)
            and (top, sub) == (self.top, self.sub)
        ):
            # The problem's cells repeated on each measure row instead of merged.
            if has_measure:
                self.measure_row(row, values, bad, positions)
            return
        if number in self.numbers:
            self.error(
                row,
                positions,
                "number",
                _("第%(row)s行的问题序号 %(n)s 重复（第%(first)s行已有），每个问题的序号应唯一")
                % {"row": row, "n": number, "first": self.numbers[number]},
            )
            self.detached(row, values, bad, positions, has_measure)
            return
        self.numbers[number] = row
        self.top, self.sub = top, sub
        self.current = ProblemPlan(
            row=row,
            positions=positions,
            number=number,
            title=title,
            description=values.get("description", ""),
            category=self.category(top, sub),
        )
        self.problems.append(self.current)
        if has_measure:
            self.measure_row(row, values, bad, positions)

    def measure_row(self, row, values, bad, positions) -> None:
        """Map the measure's labels and names; the ledger's services check the rest."""
        ctx = self.context
        reported = set(bad)
        kind_label = values.get("kind", "")
        kind = ctx.kinds.get(kind_label, "") if kind_label else ""
        if kind_label and not kind:
            reported.add("kind")
            self.error(
                row,
                positions,
                "kind",
                _("第%(row)s行的整改类型「%(value)s」无法识别，应为：%(choices)s")
                % {"row": row, "value": kind_label, "choices": "、".join(ctx.kinds)},
            )
        unit = None
        unit_name = values.get("responsible_unit")
        if unit_name:
            matches = ctx.units.get(re.sub(r"\s+", "", unit_name), [])
            if len(matches) == 1:
                unit = matches[0]
            else:
                reported.add("responsible_unit")
                message = (
                    _("第%(row)s行的责任股室「%(value)s」不是系统中的部门，请填写部门名称或简称")
                    if not matches
                    else _("第%(row)s行的责任股室「%(value)s」对应多个部门，请填写部门全称")
                )
                self.error(
                    row, positions, "responsible_unit", message % {"row": row, "value": unit_name}
                )
        status = MeasureStatus.PLANNED
        if values.get("status"):
            status = ctx.statuses.get(values["status"])
            if status is None:
                status = MeasureStatus.PLANNED
                self.error(
                    row,
                    positions,
                    "status",
                    _("第%(row)s行的完成情况「%(value)s」无法识别，应为：%(choices)s")
                    % {
                        "row": row,
                        "value": values["status"],
                        "choices": "、".join(str(s.label) for s in MeasureStatus),
                    },
                )
        progress = [
            line.strip()
            for line in values.get("progress", "").split(L.PROGRESS_SEPARATOR)
            if line.strip()
        ]
        self.current.measures.append(
            MeasurePlan(
                row=row,
                positions=positions,
                reported=reported,
                content=values.get("content", ""),
                kind=kind,
                responsible_leader=values.get("responsible_leader", ""),
                unit=unit,
                due_date=values.get("due_date"),
                status=status,
                progress=progress,
                outputs=self.outputs(row, positions, values.get("outputs", "")),
                target=self.target(row, positions, values.get("note", "")),
            )
        )

    def outputs(self, row, positions, text: str) -> list[dict]:
        """One output a line: "[文件：]《名称》[（文号，2020-04-15）]", or a bare name (a 制度)."""
        found = []
        for line in (t.strip() for t in re.split(r"[\n；;]+", text)):
            if not line:
                continue
            kind, rest = OutputKind.RULE, line
            prefix = _OUTPUT_KIND_RE.match(line)
            if prefix and prefix.group("kind") in self.context.output_kinds:
                kind, rest = self.context.output_kinds[prefix.group("kind")], prefix.group("rest")
            number, issued = "", None
            quoted = _OUTPUT_RE.match(rest)
            title = quoted.group("title").strip() if quoted else rest.strip()
            for part in re.split(r"[，,]", (quoted.group("extra") or "") if quoted else ""):
                part = part.strip()
                if not part:
                    continue
                try:
                    issued = _date(part)
                except CellError:
                    number = part
            if not title:
                self.error(
                    row,
                    positions,
                    "outputs",
                    _("第%(row)s行的整改成果「%(value)s」无法识别")
                    % {"row": row, "value": line[:40]},
                )
                continue
            found.append(
                {"kind": kind, "title": title, "document_number": number, "issued_on": issued}
            )
        return found

    def target(self, row, positions, note: str) -> dict:
        if str(L.TARGET_PREFIX) not in note:
            return {}
        match = _TARGET_RE.search(note)
        code = (match.group("code") or match.group("bare")) if match else None
        if not match or code not in self.context.metrics:
            self.error(
                row,
                positions,
                "note",
                _(
                    "第%(row)s行备注中的考核指标无法识别，"
                    "应写作“考核指标：名称（代码）不低于 90”，代码为：%(codes)s"
                )
                % {"row": row, "codes": "、".join(sorted(self.context.metrics)) or "—"},
            )
            return {}
        comparison = (
            TargetComparison.AT_LEAST
            if match.group("cmp") in ("不低于", ">=", "≥")
            else TargetComparison.AT_MOST
        )
        try:
            value = Decimal(match.group("value"))
        except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
            value = None
        return {"target_metric": code, "target_comparison": comparison, "target_value": value}


# -- 问责情况 -----------------------------------------------------------------------------------


def _read_accountability(
    rows, problems: dict[int, ProblemPlan], context: _Context, errors: _Errors
):
    """Attach each row to its problem; the ledger's services check the values."""
    sheet = L.ACCOUNTABILITY
    for row, values, bad, positions in rows:
        reported = set(bad)
        problem = None
        if "number" in values:
            problem = problems.get(values["number"])
            if problem is None:
                reported.add("number")
                errors.add(
                    sheet.title,
                    row,
                    positions.get("number"),
                    sheet.column("number").header,
                    _("第%(row)s行的问题序号 %(n)s 不在「台账」工作表中")
                    % {"row": row, "n": values["number"]},
                )
        elif "number" not in bad:
            reported.add("number")
            errors.add(
                sheet.title,
                row,
                positions.get("number"),
                sheet.column("number").header,
                _("第%(row)s行请填写「问题序号」") % {"row": row},
            )
        kind = context.accountability_kinds.get(values.get("kind", ""), "")
        if "kind" in values and not kind:
            reported.add("kind")
            errors.add(
                sheet.title,
                row,
                positions.get("kind"),
                sheet.column("kind").header,
                _("第%(row)s行的问责方式「%(value)s」无法识别，应为：%(choices)s")
                % {
                    "row": row,
                    "value": values["kind"],
                    "choices": "、".join(context.accountability_kinds),
                },
            )
        if problem is not None:
            problem.accountabilities.append(
                AccountabilityPlan(
                    row=row,
                    positions=positions,
                    reported=reported,
                    values={
                        "person_name": values.get("person_name", ""),
                        "position": values.get("position", ""),
                        "kind": kind,
                        "decided_on": values.get("decided_on"),
                        "note": values.get("note", ""),
                    },
                )
            )


# -- the whole workbook --------------------------------------------------------------------


def _bytes(file) -> bytes:
    if isinstance(file, bytes | bytearray):
        return bytes(file)
    size = getattr(file, "size", None)
    if size is not None:
        check_size(size)  # before reading: an oversized upload is never loaded
    if hasattr(file, "seek"):
        file.seek(0)
    return file.read()


def read_plan(file) -> Plan:
    """Check and read the whole workbook. InvalidInput for an unsafe or unreadable file."""
    with translation.override(L.WORKBOOK_LANGUAGE):
        data = _bytes(file)
        errors = _Errors()
        with open_workbook(data) as book:
            return _read_book(book, errors)


def _read_book(book, errors: _Errors) -> Plan:
    names = list(book.sheetnames)
    plan = Plan(info={}, info_rows={}, categories=[], problems=[], errors=errors, sound=False)
    for title in (L.LEDGER.title, L.INFO_TITLE):
        if str(title) not in names:
            errors.add(title, 0, None, "", _("缺少工作表「%(sheet)s」") % {"sheet": title})
    if errors.items:
        return plan
    plan.info, plan.info_rows, plan.info_reported = _read_info(book[str(L.INFO_TITLE)], errors)
    context = _Context()
    rows = _read_table(book[str(L.LEDGER.title)], L.LEDGER, _REQUIRED_LEDGER_COLUMNS, errors)
    if rows is None:
        return plan
    reader = _LedgerReader(context, errors)
    reader.read(rows)
    if not reader.problems:
        errors.add(L.LEDGER.title, 0, None, "", _("「台账」工作表中没有问题"))
    if str(L.ACCOUNTABILITY.title) in names:
        table = _read_table(
            book[str(L.ACCOUNTABILITY.title)],
            L.ACCOUNTABILITY,
            _REQUIRED_ACCOUNTABILITY_COLUMNS,
            errors,
        )
        if table is None:
            return plan
        _read_accountability(table, {p.number: p for p in reader.problems}, context, errors)
    plan.categories, plan.problems, plan.sound = reader.categories, reader.problems, True
    return plan
