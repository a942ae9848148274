"""The public 好差评 page (/feedback/public/) and its figures as JSON; no login needed.

Thin: the form reads the filter, selectors count, charts draws. Only counts, departments
and dates are shown: no rater, comment, staff member or case number.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import charts, selectors
from .forms import PublicFilterForm


def _report(request):
    form = PublicFilterForm(request.GET or None)
    period = form.period()
    return form, selectors.public_report(period)


@require_GET
def public_page(request):
    form, report = _report(request)
    context = {
        "form": form,
        "report": report,
        "charts": charts.all_options(report),
        "query": request.GET.urlencode(),
        "crumbs": [
            {"label": _("首页"), "url": reverse("dashboard:home")},
            {"label": _("服务评价公示"), "url": None},
        ],
    }
    return render(request, "feedback/public/index.html", context)


def _number(value):
    return None if value is None else float(value)


def _figures(f: selectors.Figures) -> dict:
    return {
        "ratings": f.ratings,
        "satisfied": f.satisfied,
        "bad": f.bad,
        "excluded": f.excluded,
        "satisfaction_rate": _number(f.satisfaction_rate),
        "remedies": f.remedies,
        "remedies_closed": f.remedies_closed,
        "remedies_on_time": f.remedies_on_time,
        "remedies_overdue": f.remedies_overdue,
        "remedy_on_time_rate": _number(f.remedy_on_time_rate),
        "levels": {str(k): v for k, v in sorted(f.levels.items())},
    }


@require_GET
def public_data(request):
    """The same figures as the page, for other sites and screens (JSON)."""
    _form, report = _report(request)
    data = {
        "period": {
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
            "label": report.period.label,
            "department": report.department.code if report.department else None,
        },
        "total": _figures(report.total),
        "by_month": [
            {"month": row.key.strftime("%Y-%m"), **_figures(row.figures)} for row in report.by_month
        ],
        "by_department": [
            {"department": row.key or None, "name": row.label, **_figures(row.figures)}
            for row in report.by_department
        ],
        "by_channel": [
            {"channel": row.key, "name": row.label, **_figures(row.figures)}
            for row in report.by_channel
        ],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
