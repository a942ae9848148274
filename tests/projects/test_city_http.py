"""The city system's HTTP backend against a real local HTTP server (no mocks): a signed
POST with the push's id as Idempotency-Key; a refusal or an unreachable city leaves the
push for the retry of the outbox, which sends it once the city answers."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured

from onewindow.projects import city
from onewindow.projects.constants import PushStatus
from onewindow.projects.models import CityPush

from .helpers import build_world, social_project

pytestmark = pytest.mark.django_db
SECRET = "city-shared-secret"


class _City(BaseHTTPRequestHandler):
    received: list = []
    status = 200

    def do_POST(self):  # noqa: N802 - the http.server interface
        body = self.rfile.read(int(self.headers["Content-Length"]))
        ok = city.verify_signature(
            SECRET, self.headers[city.TIMESTAMP_HEADER], body, self.headers[city.SIGNATURE_HEADER]
        )
        status = _City.status if ok else 401
        if status == 200:
            _City.received.append((dict(self.headers), json.loads(body)))
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"ok": true}' if status == 200 else b'{"error": "refused"}')

    def log_message(self, *args):
        pass


@pytest.fixture
def city_server(settings):
    server = HTTPServer(("127.0.0.1", 0), _City)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _City.received, _City.status = [], 200
    settings.PROJECTS_CITY_BACKEND = "http"
    settings.PROJECTS_CITY_URL = f"http://127.0.0.1:{server.server_port}/api/results"
    settings.PROJECTS_CITY_SECRET = SECRET
    settings.PROJECTS_CITY_TIMEOUT = 5
    yield server
    server.shutdown()
    server.server_close()


def _push():
    w = build_world(years=(2026,))
    project = social_project(w)
    payload = {"project_code": project.code, "stage": "planning", "result": "approved"}
    return project, city.push(project, payload)


def test_a_signed_push_reaches_the_city(city_server):
    project, row = _push()
    assert city.send(row.pk) is True
    row.refresh_from_db()
    assert row.status == PushStatus.SENT and row.attempts == 1 and row.sent_at
    [(headers, body)] = _City.received
    assert body == {"id": row.pk, **row.payload}
    assert headers["Idempotency-Key"] == f"onewindow-city-push-{row.pk}"
    assert headers[city.SIGNATURE_HEADER].startswith("sha256=")
    assert city.send(row.pk) is True and len(_City.received) == 1  # sent once


def test_a_refusal_is_kept_and_the_retry_sends_it(city_server, settings):
    project, row = _push()
    _City.status = 503
    assert city.send(row.pk) is False
    row.refresh_from_db()
    assert row.status == PushStatus.FAILED and row.attempts == 1 and "503" in str(row.last_error)
    settings.PROJECTS_CITY_SECRET = "a-wrong-secret"  # the city refuses the signature
    _City.status = 200
    assert city.retry_pushes() == 0
    row.refresh_from_db()
    assert row.attempts == 2 and "401" in str(row.last_error) and not _City.received
    settings.PROJECTS_CITY_SECRET = SECRET
    assert city.retry_pushes() == 1
    row.refresh_from_db()
    assert row.status == PushStatus.SENT and row.attempts == 3
    assert [b["id"] for _h, b in _City.received] == [row.pk]


def test_an_unreachable_or_unconfigured_city_loses_nothing(city_server, settings):
    project, row = _push()
    port = city_server.server_port
    city_server.shutdown()
    city_server.server_close()  # nothing listens on the port any more
    settings.PROJECTS_CITY_URL = f"http://127.0.0.1:{port}/api/results"
    assert city.send(row.pk) is False
    settings.PROJECTS_CITY_URL = ""
    with pytest.raises(ImproperlyConfigured):
        city.HttpBackend()
    assert city.send(row.pk) is False
    row.refresh_from_db()
    assert row.status == PushStatus.FAILED and row.attempts == 2
    assert CityPush.objects.filter(status=PushStatus.SENT).count() == 0


def test_the_signature_check_refuses_changes_and_stale_timestamps():
    body = city.encode({"id": 1, "项目": "黄河口"})
    now = int(time.time())
    sig = city.signature(SECRET, str(now), body)
    assert city.verify_signature(SECRET, str(now), body, sig)
    assert not city.verify_signature(SECRET, str(now), body + b" ", sig)
    assert not city.verify_signature("other", str(now), body, sig)
    assert not city.verify_signature(SECRET, str(now), body, sig, now=now + 301)
    assert not city.verify_signature(SECRET, "x", body, sig)
