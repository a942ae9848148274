"""The home page: the public landing page, or a panel per role for signed-in users."""

from django.shortcuts import render

from onewindow.org import selectors as org_selectors

from .panels import panels_for


def home(request):
    if not request.user.is_authenticated:
        return render(
            request, "dashboard/landing.html", {"summary": org_selectors.network_summary()}
        )
    return render(request, "dashboard/home.html", {"panels": panels_for(request.user)})
