"""Staff pages: performance assessment, training sessions, the 党员示范岗 roster; the
performance review pages (绩效考核): the supervisor scores, edits the draft, finalises;
the staff member sees their own final reviews; an Excel export of the list."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from onewindow.core.errors import DomainError

from ..constants import ReviewStatus
from ..supervision import common
from . import selectors, services


@require_GET
@login_required
def overview(request):
    common.require_reader(request.user)
    return render(request, "hall/staff.html", selectors.overview())


def _require_review_reader(user) -> None:
    if not (common.may_read(user) or user.has_role(*common.WINDOW_STAFF)):
        common.require_reader(user)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _scores(post) -> dict:
    return {key[6:]: value for key, value in post.items() if key.startswith("score-")}


@require_http_methods(["GET", "POST"])
@login_required
def reviews(request):
    _require_review_reader(request.user)
    today = timezone.localdate()
    is_supervisor = common.is_supervisor(request.user)
    if request.method == "POST":
        try:
            row = services.save(
                request.user,
                request.POST.get("user"),
                request.POST.get("year"),
                request.POST.get("quarter"),
                _scores(request.POST),
                comment=request.POST.get("comment", ""),
                finalise=request.POST.get("action") == "finalise",
                request=request,
            )
            messages.success(request, _("已保存"))
            return redirect("hall:review", pk=row.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("hall:reviews")
    year = _int(request.GET.get("year"))
    quarter = _int(request.GET.get("quarter"))
    context = {
        "rows": selectors.reviews(request.user, year, quarter)[:200],
        "year": year,
        "quarter": quarter,
        "is_supervisor": is_supervisor,
        "may_read": common.may_read(request.user),
        "indicators": selectors.indicator_rows() if is_supervisor else [],
        "staff": selectors.window_staff() if is_supervisor else [],
        "this_year": today.year,
        "this_quarter": (today.month - 1) // 3 + 1,
    }
    return render(request, "hall/reviews.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def review(request, pk: int):
    _require_review_reader(request.user)
    row = selectors.review_for(request.user, pk)
    is_supervisor = common.is_supervisor(request.user)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "finalise_only":
                services.finalise(request.user, row, request=request)
            else:
                services.save(
                    request.user,
                    row.user,
                    row.year,
                    row.quarter,
                    _scores(request.POST),
                    comment=request.POST.get("comment", ""),
                    finalise=request.POST.get("action") == "finalise",
                    request=request,
                )
            messages.success(request, _("已保存"))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("hall:review", pk=row.pk)
    context = {
        "review": row,
        "indicators": selectors.indicator_rows(row),
        "editable": is_supervisor and row.status == ReviewStatus.DRAFT,
        "may_read": common.may_read(request.user),
    }
    return render(request, "hall/review.html", context)


@require_GET
@login_required
def reviews_export(request):
    """The visible reviews as an Excel sheet (one column per indicator)."""
    from openpyxl import Workbook

    from onewindow.catalog.excel.export import text_cell  # never a formula

    _require_review_reader(request.user)
    year = _int(request.GET.get("year"))
    quarter = _int(request.GET.get("quarter"))
    indicators = [r["indicator"] for r in selectors.indicator_rows()]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(_("绩效考核")))
    sheet.append(
        [text_cell(sheet, str(x)) for x in (_("年度"), _("季度"), _("姓名"))]
        + [text_cell(sheet, i.name) for i in indicators]
        + [text_cell(sheet, str(x)) for x in (_("总分"), _("状态"), _("考核人"))]
    )
    for r in selectors.reviews(request.user, year, quarter)[:5000]:
        sheet.append(
            [r.year, r.quarter, text_cell(sheet, str(r.user))]
            + [float(r.scores[str(i.pk)]) if str(i.pk) in r.scores else None for i in indicators]
            + [
                float(r.total),
                text_cell(sheet, str(r.get_status_display())),
                text_cell(sheet, str(r.reviewer)),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(True, "绩效考核.xlsx")
    return response
