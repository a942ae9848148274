"""Pages of the service network and the staff directory. Thin: selectors do the reading."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from onewindow.core.errors import PermissionDenied

from . import charts, selectors
from .constants import SiteKind

SITES_PER_PAGE = 30
STAFF_PER_PAGE = 50
QUERY_MAX_LENGTH = 50


def _query(request) -> str:
    return request.GET.get("q", "").strip()[:QUERY_MAX_LENGTH]


@require_GET
def network(request):
    summary = selectors.network_summary()
    towns = list(selectors.town_overview())
    context = {
        "summary": summary,
        "towns": towns,
        "option": charts.town_network_option(towns),
        "kinds": SiteKind,
    }
    return render(request, "org/network.html", context)


@require_GET
def site_list(request, kind: str):
    if kind not in SiteKind.values:
        raise Http404(_("没有这一类服务站点"))
    q = _query(request)
    page = Paginator(selectors.sites(kind=kind, q=q), SITES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"kind": kind, "kind_label": SiteKind(kind).label, "q": q, "page_obj": page}
    return render(request, "org/site_list.html", context)


@require_GET
def site_detail(request, pk: int):
    site = selectors.site(pk)
    context = {
        "site": site,
        "windows": selectors.windows(site),
        "terminals": selectors.terminals(site),
        "standard": selectors.site_standard_items(site),
        "children": selectors.sites(parent=site),
    }
    return render(request, "org/site_detail.html", context)


@require_GET
@login_required
def staff_list(request):
    if not selectors.can_see_staff(request.user):
        raise PermissionDenied(_("您无权查看工作人员名录"))
    q = _query(request)
    page = Paginator(selectors.staff_directory(request.user, q=q), STAFF_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "q": q,
        "page_obj": page,
        "sees_all": selectors.can_see_all_staff(request.user),
    }
    return render(request, "org/staff_list.html", context)


@require_GET
@login_required
def staff_detail(request, pk: int):
    member = selectors.staff_member(request.user, pk)
    return render(request, "org/staff_detail.html", {"member": member})
