"""Error pages in Chinese (the templates live in onewindow/templates), and audited reveals."""

import sys

from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.http import require_POST

from onewindow.core.pii import reveal

from .outage import unavailable
from .request_size import too_large


def _page(template: str, status: int):
    def view(request, exception=None):
        return render(request, template, status=status)

    view.__name__ = f"error_{status}"
    return view


permission_denied = _page("403.html", 403)
page_not_found = _page("404.html", 404)


def bad_request(request, exception=None):
    # Django's own limit on form fields, or a body counted past REQUEST_MAX_BYTES.
    if isinstance(exception, RequestDataTooBig):
        return too_large(request)
    return render(request, "400.html", status=400)


def server_error(request):
    # An outage raised in middleware (the session read from a database that is down)
    # reaches only this handler: still a 503, not a 500.
    response = unavailable(request, sys.exc_info()[1])
    if response is not None:
        return response
    # No context processors here: if one of them failed, the error page must still render.
    return defaults.server_error(request, template_name="500.html")


@login_required
@require_POST
def reveal_text(request, label: str, pk: int, field: str):
    """The text of a personal-text field as typed, for staff the area allows; audited."""
    full = reveal.reveal_text(request.user, label, pk, field, request=request)
    obj_id = f"pt-{label.replace('.', '-')}-{pk}-{field}"
    return render(request, "core/personal_text_revealed.html", {"text": full, "element_id": obj_id})
