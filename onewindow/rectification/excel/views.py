"""The ledger's Excel pages: download the 台账 of an inspection, import a ledger workbook.

The import runs in the request: a ledger is a few hundred rows at most (the seed's has 18
problems), checked and written in well under a second; the result page lists every error.
"""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from onewindow.core.audit import record
from onewindow.core.errors import DomainError, PermissionDenied

from ..ledger import permissions, selectors
from . import layout as L
from .export import export_and_record
from .forms import LedgerImportForm
from .import_ import ImportRefused, import_ledger

logger = logging.getLogger(__name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@login_required
def ledger_export(request, pk):
    inspection = selectors.inspection_for(request.user, pk)
    content, name = export_and_record(inspection, actor=request.user, request=request)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _record_refusal(request, message: str) -> None:
    with transaction.atomic():
        record(
            "rectification.ledger_import",
            actor=request.user,
            request=request,
            result="failure",
            object_type="rectification.inspection",
            summary=_("Excel 导入整改台账未通过：%(msg)s") % {"msg": message},
        )


@require_http_methods(["GET", "POST"])
@login_required
def ledger_import(request):
    if not permissions.may_manage(request.user):
        raise PermissionDenied(_("只有局领导和党组成员可以导入整改台账"))
    form = LedgerImportForm(request.POST or None, request.FILES or None)
    refusal, row_errors = "", []
    if request.method == "POST" and form.is_valid():
        try:
            inspection = import_ledger(form.content, request.user, request=request)
        except ImportRefused as exc:
            refusal, row_errors = exc.message, exc.row_errors
        except DomainError as exc:
            refusal = exc.message
        else:
            messages.success(
                request,
                _("已导入整改台账“%(title)s”：%(n)s 个问题。")
                % {"title": inspection.title, "n": inspection.problems.count()},
            )
            return redirect("rectification:inspection", pk=inspection.pk)
        _record_refusal(request, refusal)
    elif request.method == "POST":
        refusal = "；".join(str(m) for m in form.errors.get("file", []))
        _record_refusal(request, refusal)
    context = {
        "form": form,
        "refusal": refusal,
        "row_errors": row_errors,
        "sheets": [str(t) for t in L.SHEET_TITLES],
        "crumbs": [
            {"label": _("巡察整改台账"), "url": reverse("rectification:ledger")},
            {"label": _("Excel 导入台账"), "url": None},
        ],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "rectification/excel/import.html", context, status=status)
