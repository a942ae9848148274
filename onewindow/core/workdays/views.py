"""The calendar page: everyone signed in may look; the system administrator may edit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from onewindow.core.errors import DomainError

from . import selectors, services
from .constants import MAX_YEAR, MIN_YEAR
from .forms import DayForm


def _require_editor(request) -> None:
    # A guessed editing URL looks like a missing page to anyone else.
    if not selectors.can_edit_calendar(request.user):
        raise Http404


@login_required
@require_GET
def year_view(request, year: int | None = None):
    year = year or timezone.localdate().year
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    can_edit = selectors.can_edit_calendar(request.user)
    context = selectors.year_calendar(year)
    context.update(
        can_edit=can_edit,
        form=DayForm(initial={"is_workday": "0"}) if can_edit else None,
        previous_year=year - 1 if year > MIN_YEAR else None,
        next_year=year + 1 if year < MAX_YEAR else None,
    )
    return render(request, "workdays/calendar.html", context)


@login_required
@require_POST
def set_day_view(request):
    _require_editor(request)
    form = DayForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("workdays:calendar")
    data = form.cleaned_data
    try:
        services.set_day(
            request.user, data["date"], data["is_workday"], data["name"], request=request
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已保存 %(day)s 的安排") % {"day": data["date"].isoformat()})
    return redirect("workdays:year", year=data["date"].year)


@login_required
@require_POST
def verify_year_view(request, year: int):
    _require_editor(request)
    try:
        services.verify_year(request.user, year, request=request)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已确认%(year)s年的节假日安排") % {"year": year})
    return redirect("workdays:year", year=year)
