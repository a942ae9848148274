"""Expenditure and contract pages."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onewindow.core.errors import DomainError, NotFound
from onewindow.core.forms import show_error

from .. import permissions
from ..constants import expenditure_threshold
from ..models import Milestone
from ..paging import DeferredJoinPaginator
from ..web import act, refused_status
from . import selectors, services


class ExpenditureForm(forms.Form):
    purpose = forms.CharField(label=gettext_lazy("支出事由"), max_length=500)
    amount = forms.CharField(label=gettext_lazy("金额（元）"), max_length=20)
    is_asset_purchase = forms.BooleanField(label=gettext_lazy("购置固定资产"), required=False)


@require_http_methods(["GET", "POST"])
@login_required
def expenditures(request):
    user = request.user
    if not (permissions.files_expenditures(user) or permissions.sees_all_spending(user)):
        raise NotFound()
    form = ExpenditureForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                e = services.file_expenditure(user, **form.cleaned_data, request=request)
            except DomainError as exc:
                show_error(form, exc)
                status = refused_status(exc)
            else:
                return redirect("governance:expenditure", pk=e.pk)
        else:
            status = 400
    page = DeferredJoinPaginator(selectors.expenditures_for(user), 30).get_page(
        request.GET.get("page")
    )
    context = {
        "page_obj": page,
        "form": form if permissions.files_expenditures(user) else None,
        "waiting": selectors.waiting_for(user),
        "threshold": expenditure_threshold(),
    }
    return render(request, "governance/expenditures.html", context, status=status)


@require_GET
@login_required
def expenditure(request, pk):
    user = request.user
    obj = selectors.expenditure_for(user, pk)
    context = {
        "e": obj,
        "signatures": obj.signatures.select_related("signer"),
        "may_sign": services.may_sign(user, obj),
        "needs_meeting": services.needs_meeting(obj),
        "decision": services.meeting_decision(obj),
        "decisions": obj.decisions.select_related("meeting"),
        "threshold": expenditure_threshold(),
    }
    return render(request, "governance/expenditure.html", context)


@require_POST
@login_required
def expenditure_sign(request, pk):
    user = request.user
    obj = selectors.expenditure_for(user, pk)
    approve = request.POST.get("approve") == "1"
    return act(
        request,
        reverse("governance:expenditure", args=[obj.pk]),
        lambda: services.sign(
            user, obj, approve=approve, note=request.POST.get("note", ""), request=request
        ),
        _("已审批") if approve else _("已退回"),
    )


@require_GET
@login_required
def contracts(request):
    qs = selectors.contracts_for(request.user)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "warnings": selectors.contract_warnings(timezone.localdate()),
        "may_manage": permissions.manages_contracts(request.user),
    }
    return render(request, "governance/contracts.html", context)


@require_GET
@login_required
def contract(request, pk):
    obj = selectors.contract_for(request.user, pk)
    context = {
        "contract": obj,
        "milestones": obj.milestones.all(),
        "payments": obj.payments.select_related("milestone"),
        "paid": services.paid(obj),
        "may_manage": permissions.manages_contracts(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "governance/contract.html", context)


@require_POST
@login_required
def milestone_action(request, pk, action):
    user = request.user
    if not permissions.sees_all_spending(user):
        raise NotFound()
    milestone = Milestone.objects.filter(pk=pk).first()
    if milestone is None:
        raise NotFound()
    back = reverse("governance:contract", args=[milestone.contract_id])
    if action == "accept":
        return act(
            request,
            back,
            lambda: services.accept_milestone(user, milestone, request=request),
            _("已验收"),
        )
    if action == "pay":
        return act(
            request,
            back,
            lambda: services.pay(
                user, milestone, amount=request.POST.get("amount", ""), request=request
            ),
            _("已登记付款"),
        )
    raise NotFound()
