"""The accountability register (问责台账) of an inspection and the office's list of forms
(问责方式). The register is read by whoever sees the whole ledger; the list of forms is
kept by the office (and leaders, the discipline officer); others get 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from onewindow.core.errors import NotFound

from ..models import Accountability, AccountabilityType
from . import permissions, selectors, services
from .forms import AccountabilityTypeForm
from .views import _crumbs, _home, _inspection_crumb, _submit


@require_GET
@login_required
def register(request, pk):
    """Everyone held to account in this inspection: who, the problem, the form (in the
    office's words), the decision's date and document; and the counts by form."""
    inspection = selectors.inspection_for(request.user, pk)
    names = dict(AccountabilityType.objects.values_list("code", "name"))
    rows = list(
        Accountability.objects.filter(problem__inspection=inspection)
        .select_related("problem")
        .order_by("decided_on", "id")
    )
    for row in rows:
        row.kind_label = names.get(row.kind, row.kind)
    counts = selectors.ledger_counts(inspection)
    context = {
        "inspection": inspection,
        "rows": rows,
        "counts": counts,
        "may_edit_types": permissions.may_edit_accountability_types(request.user),
        "crumbs": _crumbs(_home(), _inspection_crumb(inspection), (_("问责台账"), None)),
    }
    return render(request, "rectification/ledger/accountability.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def types(request):
    """The office's list of forms; a new one in its own words (a rename keeps the records)."""
    user = request.user
    if not permissions.may_edit_accountability_types(user):
        raise NotFound()
    form = AccountabilityTypeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        back = reverse("rectification:accountability_types")

        def add(data):
            services.add_accountability_type(user, name=data["name"], request=request)
            return _("已增加问责方式"), back

        response, status = _submit(request, form, add)
        if response is not None:
            return response
    rows = AccountabilityType.objects.order_by("sort_order", "id")
    used = dict(
        Accountability.objects.values("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    context = {
        "rows": [(row, used.get(row.code, 0)) for row in rows],
        "form": form,
        "crumbs": _crumbs((_("首页"), reverse("dashboard:home")), (_("问责方式"), None)),
    }
    return render(request, "rectification/ledger/accountability_types.html", context, status=status)
