"""The audit log as an Excel workbook (openpyxl, streaming rows in write-only mode)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .presenters import as_row

CHUNK_SIZE = 2000
# Excel holds at most 32,767 characters in a cell.
_CELL_MAX = 32_000


def headers() -> list[str]:
    return [
        _("时间"),
        _("用户"),
        _("操作"),
        _("对象"),
        _("结果"),
        _("地址"),
        _("变更前"),
        _("变更后"),
        _("摘要"),
    ]


def _text_cell(sheet, value: str) -> WriteOnlyCell:
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(value) > _CELL_MAX:
        value = value[:_CELL_MAX] + "…"
    cell = WriteOnlyCell(sheet, value=value)
    # A name or summary starting with "=" must stay text: never let it become a formula.
    cell.data_type = "s"
    return cell


def build_workbook(events) -> bytes:
    """One sheet, one row per event in the queryset's order; every value is text."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("审计日志"))
    sheet.append([_text_cell(sheet, h) for h in headers()])
    for event in events.iterator(chunk_size=CHUNK_SIZE):
        row = as_row(event)
        values = [
            row["occurred_at"].strftime("%Y-%m-%d %H:%M:%S"),
            row["actor"],
            row["action_label"],
            row["object"],
            row["result_label"],
            row["ip_address"],
            row["before"],
            row["after"],
            row["summary"],
        ]
        sheet.append([_text_cell(sheet, v) for v in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
