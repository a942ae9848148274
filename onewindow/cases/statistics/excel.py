"""The statistics as an Excel workbook: one sheet per dimension, and the business start-ups.

Text cells go through the catalogue export's ``text_cell`` (never a formula, even when a
name starts with "="); counts are numbers and rates are numbers shown as percentages, so the
figures can be summed and charted in Excel. Every export is audited.
"""

import io

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from onewindow.catalog.excel.export import text_cell
from onewindow.core.audit import record

from . import startup as startup_module
from .report import Report, build_report, scope_for

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
_HEADER_ALIGN = Alignment(vertical="center", wrap_text=True)
DEFINITIONS = gettext_lazy(
    "受理量：区间内受理（含容缺受理；秒批以决定时间计）的办件；办结量：区间内作出审批决定的办件；"
    "按期办结：承诺时限计时在届满日当日或之前停止；用时：受理次日起至决定日的工作日数，"
    "不含暂停计时（补正、专家评审等）的工作日。"
)


def _value(ws, value, kind=None):
    """A cell for ``value``: text as text, numbers as numbers, ``pct`` as a percentage."""
    if value is None or value == "":
        return None
    if kind == "pct":
        cell = WriteOnlyCell(ws, value=round(value, 4))
        cell.number_format = "0.0%"
        return cell
    if kind == "dec":
        cell = WriteOnlyCell(ws, value=round(value, 2))
        cell.number_format = "0.00"
        return cell
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return text_cell(ws, value)


def _sheet(book, title, columns):
    """A sheet with a header row; ``columns`` is [(header, width, kind)]."""
    ws = book.create_sheet(title)
    for i, (_header, width, _kind) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    header = []
    for title_text, _width, _kind in columns:
        cell = text_cell(ws, title_text)
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGN
        header.append(cell)
    ws.append(header)
    return ws


def _append(ws, columns, values):
    ws.append([_value(ws, v, kind) for v, (_h, _w, kind) in zip(values, columns, strict=True)])


def _figure_columns():
    return [
        (_("受理量"), 10, None),
        (_("办结量"), 10, None),
        (_("按期办结"), 10, None),
        (_("超期办结"), 10, None),
        (_("按期办结率"), 12, "pct"),
        (_("准予许可"), 10, None),
        (_("不予许可"), 10, None),
        (_("超法定时限"), 11, None),
        (_("平均用时（工作日）"), 14, "dec"),
        (_("最长用时（工作日）"), 14, None),
    ]


def _figure_values(f):
    return [
        f.received,
        f.decided,
        f.on_time,
        f.late,
        f.on_time_rate,
        f.approved,
        f.refused,
        f.over_statutory,
        f.average_days,
        f.days_max,
    ]


def _rows_sheet(book, title, lead_columns, rows, lead_values):
    columns = lead_columns + _figure_columns()
    ws = _sheet(book, title, columns)
    for row in rows:
        _append(ws, columns, lead_values(row) + _figure_values(row.figures))


def build_workbook(report: Report, startup=None) -> bytes:
    book = Workbook(write_only=True)
    _summary(book, report)
    columns = [
        (_("统计类别"), 36, None),
        (_("计量单位"), 10, None),
        (_("办结数量"), 12, None),
        (_("办结件数"), 12, None),
        (_("包含事项"), 60, None),
    ]
    ws = _sheet(book, _("统计类别"), columns)
    for c in report.categories:
        _append(ws, columns, [c.name, c.unit, c.units, c.cases, "、".join(c.items)])
    _rows_sheet(
        book,
        _("按事项"),
        [(_("事项或一件事"), 40, None), (_("编码"), 24, None), (_("部门"), 22, None)],
        report.by_item,
        lambda r: [r.label, r.code, r.department],
    )
    _rows_sheet(
        book,
        _("按部门"),
        [(_("部门"), 26, None), (_("部门编码"), 12, None)],
        report.by_department,
        lambda r: [r.label, r.code],
    )
    _rows_sheet(
        book, _("按渠道"), [(_("申请渠道"), 14, None)], report.by_channel, lambda r: [r.label]
    )
    _rows_sheet(
        book, _("按周期"), [(_("统计周期"), 16, None)], report.by_period, lambda r: [r.label]
    )
    if startup is not None:
        _startup(book, startup)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _summary(book, report: Report) -> None:
    columns = [(_("项目"), 26, None), (_("数值"), 40, None)]
    ws = _sheet(book, _("概况"), columns)
    scope = report.scope.department_name or _("全局（各部门）")
    total = report.total
    lines = [
        (_("统计范围"), scope, None),
        (_("统计区间"), report.filters.label, None),
        (_("生成时间"), timezone.localtime().strftime("%Y-%m-%d %H:%M"), None),
        (_("受理量"), total.received, None),
        (_("办结量"), total.decided, None),
        (_("按期办结"), total.on_time, None),
        (_("超期办结"), total.late, None),
        (_("按期办结率"), total.on_time_rate, "pct"),
        (_("超法定时限"), total.over_statutory, None),
        (_("平均用时（工作日）"), total.average_days, "dec"),
        (_("最长用时（工作日）"), total.days_max, None),
        (_("口径说明"), DEFINITIONS, None),
    ]
    for label, value, kind in lines:
        ws.append([text_cell(ws, label), _value(ws, value, kind)])


def _startup(book, startup) -> None:
    columns = [(_("项目"), 30, None), (_("数值"), 16, None)]
    ws = _sheet(book, _("企业开办"), columns)
    limit = startup.limit_days
    ws.append([text_cell(ws, _("办结件数")), startup.finished])
    label = _("%(n)s个工作日内办结") % {"n": limit}
    ws.append([text_cell(ws, label), startup.within])
    ws.append([text_cell(ws, label + _("占比")), _value(ws, startup.share, "pct")])
    for bucket in startup.distribution:
        ws.append([text_cell(ws, bucket.label), bucket.count])


def export(user, filters, *, request=None) -> tuple[bytes, str]:
    """(xlsx bytes, file name) of the statistics ``user`` may see; audited."""
    scope = scope_for(user)
    report = build_report(scope, filters)
    startup = startup_module.build_report(scope, filters)
    content = build_workbook(report, startup)
    with transaction.atomic():
        record(
            "export",
            actor=user,
            request=request,
            object_type="cases.case",
            object_id="statistics",
            after={
                "start": filters.start.isoformat(),
                "end": filters.end.isoformat(),
                "department": scope.department_id or filters.department_id,
                "channel": filters.channel,
            },
            summary=_("导出办件统计（%(range)s）") % {"range": filters.label},
        )
    name = f"cases-statistics-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.xlsx"
    return content, name
