"""Statistics pages: 办件统计 (charts, tables, printable), its Excel export, 企业开办.

Thin: the form reads the filter, statistics/startup count, statistics_charts draws.
Leaders, party-group members and supervisors see the bureau; department staff their
department (statistics.scope_for); anyone else gets 403.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from onewindow.core.errors import InvalidInput

from . import charts as statistics_charts
from . import clerks, startup
from . import excel as statistics_excel
from . import report as statistics
from .forms import StatisticsFilterForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _crumbs(*pairs):
    return [{"label": label, "url": url} for label, url in pairs]


@require_GET
@login_required
def statistics_page(request):
    scope = statistics.scope_for(request.user)
    form = StatisticsFilterForm(request.GET, scope=scope)
    filters = form.filters()
    report = statistics.build_report(scope, filters)
    query = request.GET.urlencode()
    context = {
        "form": form,
        "report": report,
        "scope": scope,
        "filters": filters,
        "query": query,
        "filter_notes": statistics.filter_notes(filters),
        "clerk_work": clerks.clerk_work(scope, filters),
        "charts": {
            "period": statistics_charts.period_option(report),
            "department": statistics_charts.department_option(report),
            "channel": statistics_charts.channel_option(report),
            "category": statistics_charts.category_option(report),
        },
        "crumbs": _crumbs((_("首页"), reverse("dashboard:home")), (_("办件统计"), None)),
    }
    return render(request, "cases/statistics/index.html", context)


@require_GET
@login_required
def statistics_export(request):
    scope = statistics.scope_for(request.user)
    form = StatisticsFilterForm(request.GET, scope=scope)
    filters = form.filters()
    if form.errors:
        raise InvalidInput(_("统计条件有误：%(e)s") % {"e": _first_error(form)})
    content, name = statistics_excel.export(request.user, filters, request=request)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@login_required
def startup_page(request):
    scope = statistics.scope_for(request.user)
    form = StatisticsFilterForm(request.GET, scope=scope, with_breakdowns=False)
    filters = form.filters()
    report = startup.build_report(scope, filters)
    context = {
        "form": form,
        "report": report,
        "scope": scope,
        "filters": filters,
        "charts": {
            "distribution": statistics_charts.startup_distribution_option(report),
            "trend": statistics_charts.startup_trend_option(report),
        },
        "crumbs": _crumbs(
            (_("首页"), reverse("dashboard:home")),
            (_("办件统计"), reverse("cases:statistics")),
            (_("企业开办"), None),
        ),
    }
    return render(request, "cases/statistics/startup.html", context)


def _first_error(form) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return ""
