"""Case pages. Thin: selectors read, services write."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services
from .constants import Channel


@require_GET
@login_required
def case_detail(request, number: str):
    case = selectors.case_for(request.user, number)
    context = {"case": case, "materials": selectors.case_materials(case)}
    return render(request, "cases/detail.html", context)


@require_POST
@login_required
def start(request, item_code: str):
    case = services.start_application(request.user, item=item_code, channel=Channel.ONLINE)
    return redirect("cases:detail", number=case.number)
