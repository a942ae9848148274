"""Error pages in Chinese (the templates live in onewindow/templates)."""

from django.shortcuts import render
from django.views import defaults


def _page(template: str, status: int):
    def view(request, exception=None):
        return render(request, template, status=status)

    view.__name__ = f"error_{status}"
    return view


bad_request = _page("400.html", 400)
permission_denied = _page("403.html", 403)
page_not_found = _page("404.html", 404)


def server_error(request):
    # No context processors here: if one of them failed, the error page must still render.
    return defaults.server_error(request, template_name="500.html")
