"""秒批 rules pages (/cases/instant/): bureau staff who publish the catalogue set, per item,
the checks that approve a case with no person. Thin: instant.py reads and writes.
Anyone else gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from onewindow.core.errors import InvalidInput

from ..constants import InstantRuleKind
from . import approval as instant
from .forms import RuleForm, RuleFormSet

PER_PAGE = 30


@require_GET
@login_required
def items(request):
    q = request.GET.get("q", "").strip()[:50]
    page = Paginator(instant.listed_items(request.user, q), PER_PAGE).get_page(
        request.GET.get("page")
    )
    counts = instant.outcome_counts(page.object_list)
    rows = [(item, counts.get(item.pk, {"approved": 0, "fallback": 0})) for item in page]
    return render(request, "cases/instant/items.html", {"page_obj": page, "rows": rows, "q": q})


@require_http_methods(["GET", "POST"])
@login_required
def rules(request, item_code: str):
    item, current, fields, listed = instant.rules_page(request.user, item_code)
    choices = [(f.key, f"{f.label}（{f.key}）") for f in fields]
    kwargs = {"form_kwargs": {"field_choices": choices}, "prefix": "rules"}
    error = ""
    if request.method == "POST":
        formset = RuleFormSet(request.POST, **kwargs)
        if formset.is_valid():
            wanted = [r for r in (form.rule() for form in formset) if r is not None]
            try:
                instant.set_rules(request.user, item, wanted, request=request)
            except InvalidInput as exc:
                error = exc.message
            else:
                messages.success(request, _("已保存秒批规则（%(n)s条）") % {"n": len(wanted)})
                return redirect("cases:instant_rules", item_code=item.code)
    else:
        initial = [RuleForm.initial_for(rule) for rule in current]
        formset = RuleFormSet(initial=initial, **kwargs)
    context = {
        "item": item,
        "listed": listed,
        "fields": fields,
        "formset": formset,
        "error": error,
        "kinds": InstantRuleKind.choices,
    }
    return render(request, "cases/instant/rules.html", context)
