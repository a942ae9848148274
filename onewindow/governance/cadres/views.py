"""Cadre selection pages (confidential: others get 404; every read audited), the notice."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import render
from django.views.decorators.http import require_GET

from onewindow.core.audit import record
from onewindow.core.errors import NotFound

from .. import documents, permissions
from ..constants import SelectionStep
from ..models import Selection
from ..web import docx_response


def _selection(user, pk) -> Selection:
    if not permissions.sees_cadres(user):
        raise NotFound()
    obj = Selection.objects.filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj


@require_GET
@login_required
def selections(request):
    if not permissions.sees_cadres(request.user):
        raise NotFound()
    rows = Selection.objects.all()[:100]
    context = {"rows": rows, "may_manage": permissions.manages_cadres(request.user)}
    return render(request, "governance/selections.html", context)


@require_GET
@login_required
def selection(request, pk):
    obj = _selection(request.user, pk)
    with transaction.atomic():
        record("governance.selection_read", actor=request.user, obj=obj, request=request)
    context = {
        "s": obj,
        "records": obj.records.select_related("done_by"),
        "candidates": obj.candidates.select_related("person"),
        "objections": obj.objections.all(),
        "steps": SelectionStep.choices,
        "may_manage": permissions.manages_cadres(request.user),
        "may_talk": permissions.records_talks(request.user),
        "next_step": obj.next_step,
        "in_notice": obj.step == SelectionStep.NOTICE,
    }
    return render(request, "governance/selection.html", context)


@require_GET
@login_required
def notice_docx(request, pk):
    obj = _selection(request.user, pk)
    if obj.notice_ends_on is None:
        raise NotFound()
    data = documents.notice(obj)
    with transaction.atomic():
        record(
            "governance.notice_download",
            actor=request.user,
            obj=obj,
            request=request,
            after={"bytes": len(data)},
        )
    return docx_response(data, f"{obj.title[:60]}任前公示.docx")
