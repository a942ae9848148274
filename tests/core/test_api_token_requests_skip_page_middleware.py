"""Token requests to /api/ run through the lean middleware list (core/api_handler.py).

Through the real WSGI handler gunicorn serves (not the test client's), so the chain that
production uses is the one tested: the same answers, without the pages' middleware.
"""

import io
import json

import pytest
from django.core import signals
from django.db import close_old_connections

from onewindow.accounts.services import issue_api_token
from onewindow.core.api_handler import OneWindowWSGIHandler, lean
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler():
    # As Django's test client does: keep the test's transaction open across "requests".
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield OneWindowWSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def wsgi(handler, path, *, method="GET", body=b"", **headers):
    query = ""
    if "?" in path:
        path, query = path.split("?", 1)
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
        **headers,
    }
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started["status"] = int(status.split()[0])
        started["headers"] = dict(response_headers)

    chunks = handler(environ, start_response)
    content = b"".join(chunks)
    if hasattr(chunks, "close"):
        chunks.close()
    return started["status"], started["headers"], content, environ


def test_a_token_request_takes_the_lean_chain_and_gets_the_same_answer(handler):
    user = UserFactory(citizen=True)
    raw = issue_api_token(user, "终端", scopes=["read"])
    status, headers, content, environ = wsgi(
        handler, "/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert lean(environ)
    assert status == 200 and json.loads(content)["username"] == user.username
    assert "no-store" in headers["Cache-Control"]
    assert "Set-Cookie" not in headers and "Content-Security-Policy" not in headers


def test_an_unknown_token_is_401_and_a_write_without_scope_403_on_the_lean_chain(handler):
    status, _headers, content, _env = wsgi(
        handler, "/api/cases/mine", HTTP_AUTHORIZATION="Bearer ow_forged"
    )
    assert status == 401 and "登录" in json.loads(content)["detail"]
    user = UserFactory(citizen=True)
    raw = issue_api_token(user, "终端", scopes=["read"])
    status, _headers, content, _env = wsgi(
        handler,
        "/api/cases/apply",
        method="POST",
        body=b'{"item": "x"}',
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert status == 403


def test_a_body_over_the_limit_is_still_refused_before_it_is_read(handler, settings):
    settings.API_REQUEST_MAX_BYTES = 10
    status, _headers, _content, _env = wsgi(
        handler,
        "/api/cases/apply",
        method="POST",
        body=b"x" * 100,
        HTTP_AUTHORIZATION="Bearer ow_forged",
    )
    assert status == 413


def test_pages_and_session_calls_keep_the_full_chain(handler):
    status, headers, _content, environ = wsgi(handler, "/accounts/login/")
    assert not lean(environ) and status == 200 and "Content-Security-Policy" in headers
    assert not lean(
        {
            "PATH_INFO": "/api/cases/mine",
            "HTTP_COOKIE": "sessionid=x",
            "HTTP_AUTHORIZATION": "Bearer ow_x",
        }
    )
