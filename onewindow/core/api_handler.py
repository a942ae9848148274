"""The WSGI handler: token requests to /api/ go through a lean middleware list (issue 17).

A request to ``/api/`` that carries ``Authorization: Bearer …`` and no cookie cannot use a
session, a message, a CSP header or the page's language: for it Django runs
``settings.API_MIDDLEWARE`` (body limit, security headers, NUL refusal, no-store, the
domain-error and outage answers) instead of the 19 middleware of ``settings.MIDDLEWARE``.
Every other request, including the pages' own calls to the API with a session cookie and
CSRF, goes through the full list as before. Token answers are in Chinese (LANGUAGE_CODE),
as the API documents its messages.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.handlers.wsgi import WSGIHandler

API_PREFIX = "/api/"


class AnonymousUntilAuthenticated:
    """``request.user`` for the token chain: anonymous until the token authenticates it
    (TokenAuth sets it); the session fallback then finds no session, as intended."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = AnonymousUser()
        return self.get_response(request)


def lean(environ) -> bool:
    return (
        environ.get("PATH_INFO", "").startswith(API_PREFIX)
        and environ.get("HTTP_AUTHORIZATION", "")[:7].lower() == "bearer "
        and not environ.get("HTTP_COOKIE")
    )


class _LeanHandler(WSGIHandler):
    def load_middleware(self, is_async=False):
        # Built once, at start-up (before any thread serves): Django's own loader, given
        # the lean list.
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = settings.API_MIDDLEWARE
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = full


class OneWindowWSGIHandler(WSGIHandler):
    def __init__(self):
        super().__init__()
        self.token_handler = _LeanHandler()

    def __call__(self, environ, start_response):
        if lean(environ):
            return self.token_handler(environ, start_response)
        return super().__call__(environ, start_response)
