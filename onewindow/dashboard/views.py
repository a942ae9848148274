"""The home page: the public landing page, or a panel per role for signed-in users."""

from django.shortcuts import render

from onewindow.accounts.constants import PUBLIC_ROLES
from onewindow.catalog import portal
from onewindow.org import selectors as org_selectors

from .panels import panels_for


def home(request):
    """The public portal (search, 个人办事 / 法人办事, themes, lists) for visitors; the panels
    of each role for staff; both for a signed-in applicant (我要办事 above the panels)."""
    if not request.user.is_authenticated:
        context = {"summary": org_selectors.network_summary(), **portal.home_context()}
        return render(request, "dashboard/landing.html", context)
    context = {"panels": panels_for(request.user)}
    if request.user.has_role(*PUBLIC_ROLES):
        context.update(portal.home_context(request.user))
        context["portal"] = True
    return render(request, "dashboard/home.html", context)
