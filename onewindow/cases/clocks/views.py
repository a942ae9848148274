"""The leader's page to extend a case's statutory limit (行政许可法 Art. 42).

Thin: extension.case_for_extension reads (leaders only; anyone else gets 404),
extension.extend writes. A refusal of the rules comes back on the page.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from onewindow.core.errors import Conflict, InvalidInput, PermissionDenied
from onewindow.core.forms import show_error
from onewindow.core.workdays.services import workdays_left

from ..constants import REASON_MAX_LENGTH, CaseStatus
from . import extension


class ExtensionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("延长理由"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("将告知申请人"),
    )


def _subject(case) -> str:
    for relation in ("item_version", "bundle", "industry"):
        if getattr(case, f"{relation}_id", None) is not None:
            return getattr(case, relation).name
    return ""


@require_http_methods(["GET", "POST"])
@login_required
def extend_page(request, number: str):
    case = extension.case_for_extension(request.user, number)
    status = 200
    form = ExtensionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                extension.extend(request.user, case, form.cleaned_data["reason"], request=request)
            except (Conflict, InvalidInput, PermissionDenied) as exc:
                status = exc.status
                show_error(form, exc)
            else:
                messages.success(request, _("已延长审批期限，并已告知申请人"))
                return redirect("cases:extend", number=case.number)
        else:
            status = 400
        case = extension.case_for_extension(request.user, number)
    clock = case.statutory_clock
    context = {
        "case": case,
        "subject": _subject(case),
        "statutory": clock,
        "left": workdays_left(clock, timezone.localdate()) if clock else None,
        "days": extension.extension_days(),
        "can_extend": case.status == CaseStatus.IN_REVIEW and not case.extended_days,
        "form": form,
    }
    return render(request, "cases/extension/form.html", context, status=status)
