"""Staff pages: performance assessment, training sessions, the 党员示范岗 roster."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..supervision import common
from . import selectors


@require_GET
@login_required
def overview(request):
    common.require_reader(request.user)
    return render(request, "hall/staff.html", selectors.overview())
