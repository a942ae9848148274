"""办件查询 results as an Excel workbook: masked as on the page, audited, capped."""

import io

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from onewindow.catalog.excel.export import text_cell
from onewindow.core.audit import record

from .selectors import Criteria, find, read_query


def export_limit() -> int:
    return int(getattr(settings, "CASES_SEARCH_EXPORT_MAX", 5000))


def subject(case) -> str:
    if case.item_version_id:
        return case.item_version.name
    if case.bundle_id:
        return case.bundle.name
    return case.industry.name if case.industry_id else ""


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def export(user, criteria: Criteria, *, request=None) -> tuple[bytes, str]:
    """(the workbook, its file name). Personal data stays masked (the fields hand back
    masked text); the export itself is audited with the criteria and the row count."""
    cases = list(find(user, criteria, request=request)[: export_limit()])
    columns = [
        (_("办件编号"), 22),
        (_("申请事项"), 36),
        (_("申请人"), 24),
        (_("统一社会信用代码"), 22),
        (_("手机号码"), 14),
        (_("申请渠道"), 10),
        (_("状态"), 10),
        (_("提交时间"), 17),
        (_("受理时间"), 17),
        (_("决定时间"), 17),
        (_("办结时间"), 17),
    ]
    book = Workbook(write_only=True)
    ws = book.create_sheet(_("办件查询"))
    for i, (_title, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    header = []
    for title, _width in columns:
        cell = text_cell(ws, title)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for case in cases:
        applicant = case.applicant
        values = [
            case.number,
            subject(case),
            applicant.display_name,
            applicant.uscc,
            str(applicant.phone or ""),
            case.get_channel_display(),
            case.get_status_display(),
            _when(case.submitted_at),
            _when(case.accepted_at),
            _when(case.decided_at),
            _when(case.concluded_at),
        ]
        ws.append([text_cell(ws, str(v)) if v else None for v in values])
    buffer = io.BytesIO()
    book.save(buffer)
    kind, _value = read_query(criteria.q)
    with transaction.atomic():
        record(
            "case.search_export",
            actor=user,
            object_type="cases.case",
            object_id="",
            after={"kind": kind, "rows": len(cases)},
            request=request,
        )
    name = f"cases-{timezone.localdate():%Y%m%d}.xlsx"
    return buffer.getvalue(), name
