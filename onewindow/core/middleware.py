"""Cross-cutting middleware: no caching of personal pages, domain errors as pages."""

from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .errors import DomainError


class NoStoreMiddleware:
    """Pages for signed-in users can show personal data: browsers must not keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store, max-age=0"
            response["Pragma"] = "no-cache"
        return response


class DomainErrorMiddleware:
    """A DomainError that escapes a view becomes a page with its Chinese message, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError) or request.path.startswith("/api/"):
            return None
        return render(
            request,
            "core/domain_error.html",
            {"message": exception.message},
            status=exception.status,
        )


class RejectNulMiddleware:
    """A NUL character is never valid input, and PostgreSQL refuses it in text: answer 400.

    Checked once here for the path, the query string and JSON bodies, so no view has to
    remember it (forms already refuse NUL through Django's own validator).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            message = _("请求中含有非法字符（NUL），请检查后重试")
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": str(message)}, status=400, json_dumps_params={"ensure_ascii": False}
                )
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        if request.content_type == "application/json" and request.body:
            return b"\\u0000" in request.body or b"\x00" in request.body
        return False
