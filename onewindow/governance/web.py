"""What the governance pages share: a POSTed action that calls a service and comes back."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header

from onewindow.core.errors import Conflict, DomainError, NotFound, PermissionDenied

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def act(request, back_url, call, success):
    """Run ``call()``; on success flash ``success`` and go back; a refusal is flashed as
    an error (a 403/404 is raised as such)."""
    try:
        call()
    except NotFound:
        raise Http404 from None
    except PermissionDenied as exc:
        from django.core.exceptions import PermissionDenied as Forbidden

        raise Forbidden(exc.message) from None
    except DomainError as exc:
        messages.error(request, exc.message)
        response = redirect(back_url)
        response.status_code = 303
        return response
    messages.success(request, success)
    return redirect(back_url)


def docx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def refused_status(exc: DomainError) -> int:
    return 409 if isinstance(exc, Conflict) else 400
