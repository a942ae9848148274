"""Pages of the service network: the overview (pilots, kiosks), a site's own desk and cases."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from onewindow.accounts.models import User
from onewindow.cases import selectors as case_selectors
from onewindow.core.errors import DomainError, InvalidInput

from ..supervision import common
from . import selectors, services


@require_GET
@login_required
def overview(request):
    common.require_reader(request.user)
    context = {
        "pilots": selectors.pilots(),
        "kiosks": selectors.kiosks(),
        "by_kind": selectors.cases_by_site_kind(),
        "online_branches": selectors.online_branches(),
    }
    return render(request, "hall/network.html", context)


@require_GET
@login_required
def pilot_detail(request, pk: int):
    common.require_reader(request.user)
    site = selectors.pilot(pk)
    return render(
        request,
        "hall/pilot_detail.html",
        {"site": site, "assessments": selectors.assessments_of(site)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def site_desk(request):
    """就近办: a site's staff take in delegated items for applicants at their window."""
    if not request.user.has_role(*common.WINDOW_STAFF):
        common.require_reader(request.user)
    site, window = services.staff_site(request.user)
    if request.method == "POST":
        try:
            applicant = User.objects.filter(
                pk=int(request.POST.get("applicant") or 0), kind__in=("citizen", "enterprise")
            ).first()
            if applicant is None:
                raise InvalidInput(_("请选择申请人"), field="applicant")
            case = services.take_in(
                request.user, applicant, request.POST.get("item", "").strip(), request=request
            )
        except ValueError:
            messages.error(request, _("请选择申请人"))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已受理 %(number)s") % {"number": case.number})
            return redirect("hall:site_case", number=case.number)
        return redirect("hall:site_desk")
    context = {
        "site": site,
        "window": window,
        "cases": services.site_cases(request.user).order_by("-created_at")[:50],
    }
    return render(request, "hall/site_desk.html", context)


@require_GET
@login_required
def site_case(request, number: str):
    case = services.site_case(request.user, number)
    context = {"case": case, "timeline": case_selectors.timeline(case)}
    return render(request, "hall/site_case.html", context)
