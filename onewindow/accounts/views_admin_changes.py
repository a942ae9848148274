"""The three administrators' pages for changes to administrators waiting for approval."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from onewindow.core.errors import DomainError
from onewindow.core.forms import show_error

from . import admin_changes, selectors
from .forms import AdminChangeDecisionForm


@login_required
def admin_change_list(request):
    """Changes to administrators: the three administrators see them and decide others'."""
    if not request.user.admin_role:
        raise Http404
    changes = selectors.admin_changes(request.user)
    page = Paginator(changes, 50).get_page(request.GET.get("page"))
    decidable = set(selectors.awaiting_decision(request.user).values_list("pk", flat=True))
    return render(
        request, "accounts/admin_change_list.html", {"page": page, "decidable": decidable}
    )


@login_required
def admin_change_detail(request, pk):
    change = selectors.admin_change_for(request.user, pk)
    refusal = admin_changes.refusal(request.user, change)
    form = AdminChangeDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        approving = request.POST.get("action") == "approve"
        decide = admin_changes.approve if approving else admin_changes.reject
        try:
            decide(request.user, change, form.cleaned_data["decision_note"], request=request)
        except DomainError as exc:
            show_error(form, exc)
            status = exc.status
            change = selectors.admin_change_for(request.user, pk)  # as it is after the rollback
        else:
            messages.success(request, _("已审批"))
            return redirect("accounts:admin_change", pk=change.pk)
    return render(
        request,
        "accounts/admin_change_detail.html",
        {"change": change, "form": form, "refusal": refusal},
        status=400 if form.errors and status == 200 else status,
    )
