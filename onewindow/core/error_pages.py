"""Answers for requests the platform refuses or cannot serve now: 413, 503 (and 500).

A page for people, ``{"detail": ...}`` for the API (paths under /api/). The page is
rendered without the request's context processors: they read the database, which may be
what failed, and a refused body must not make the platform read the session first.
"""

from django.http import HttpResponse, JsonResponse
from django.template import loader


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def answer(request, template: str, status: int, message, *, retry_after: int | None = None):
    if is_api(request):
        response = JsonResponse(
            {"detail": str(message)}, status=status, json_dumps_params={"ensure_ascii": False}
        )
    else:
        response = HttpResponse(
            loader.render_to_string(template, {"message": message}), status=status
        )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response
