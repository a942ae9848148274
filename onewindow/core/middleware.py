"""Cross-cutting middleware: no caching of personal pages, domain errors as pages."""

from django.shortcuts import render

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
