"""Error pages in Chinese (the templates live in onewindow/templates), and audited reveals."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.http import require_POST

from onewindow.core.pii import reveal


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


@login_required
@require_POST
def reveal_text(request, label: str, pk: int, field: str):
    """The text of a personal-text field as typed, for staff the area allows; audited."""
    full = reveal.reveal_text(request.user, label, pk, field, request=request)
    obj_id = f"pt-{label.replace('.', '-')}-{pk}-{field}"
    return render(request, "core/personal_text_revealed.html", {"text": full, "element_id": obj_id})
