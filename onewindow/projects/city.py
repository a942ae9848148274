"""Results pushed to the city's construction-approval system (市工程建设项目审批管理系统).

Each push is a CityPush row written in the caller's transaction (an outbox: nothing is
lost when the city is down); the send runs after commit and again from the periodic
``retry_pushes`` until it succeeds. Backends: "file" (JSON lines), "console" (the log)
and "http": a signed POST to the city's endpoint (PROJECTS_CITY_URL), with a timeout;
any failure (refused, timed out, not 2xx) leaves the row FAILED for the retry. The
signature is HMAC-SHA256 with the shared PROJECTS_CITY_SECRET over
``<timestamp>.<body>`` (headers X-OneWindow-Timestamp and X-OneWindow-Signature); the
push's id travels as Idempotency-Key, so a retry after a lost answer is recognised by
the city as the same result. :func:`verify_signature` is the receiving side's check.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from onewindow.core.integrations import BackendRegistry, append_json_line, enqueue_on_commit

from .constants import PushStatus

logger = logging.getLogger(__name__)
_REGISTRY = BackendRegistry("city construction system")


@_REGISTRY.register
class FileBackend:
    name = "file"

    def send(self, payload: dict) -> None:
        append_json_line("PROJECTS_CITY_FILE", "city_projects.jsonl", payload)


@_REGISTRY.register
class ConsoleBackend:
    name = "console"

    def send(self, payload: dict) -> None:
        logger.info("city construction system: %s", payload)


SIGNATURE_HEADER = "X-OneWindow-Signature"
TIMESTAMP_HEADER = "X-OneWindow-Timestamp"
# A signature older (or newer) than this is refused by verify_signature (replay).
SIGNATURE_MAX_SKEW = 300


def encode(payload: dict) -> bytes:
    """The body as sent: compact, sorted, UTF-8 JSON (the bytes the signature covers)."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify_signature(secret: str, timestamp: str, body: bytes, given: str, now=None) -> bool:
    """What the city checks: the signature matches and the timestamp is recent."""
    try:
        age = abs((now if now is not None else time.time()) - int(timestamp))
    except (TypeError, ValueError):
        return False
    if age > SIGNATURE_MAX_SKEW:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), str(given or ""))


class CityRefused(Exception):
    """The city answered, but not with a 2xx: the push stays for the retry."""


@_REGISTRY.register
class HttpBackend:
    name = "http"

    def __init__(self):
        self.url = settings.PROJECTS_CITY_URL
        self.secret = settings.PROJECTS_CITY_SECRET
        self.timeout = float(settings.PROJECTS_CITY_TIMEOUT)
        if not self.url or not self.secret:
            raise ImproperlyConfigured(
                "PROJECTS_CITY_BACKEND=http needs PROJECTS_CITY_URL and PROJECTS_CITY_SECRET"
            )

    def send(self, payload: dict) -> None:
        body = encode(payload)
        timestamp = str(int(time.time()))
        response = requests.post(
            self.url,
            data=body,
            headers={
                "Content-Type": "application/json; charset=utf-8",
                TIMESTAMP_HEADER: timestamp,
                SIGNATURE_HEADER: signature(self.secret, timestamp, body),
                "Idempotency-Key": f"onewindow-city-push-{payload.get('id', '')}",
            },
            timeout=(min(self.timeout, 5.0), self.timeout),  # connect, read
            allow_redirects=False,
        )
        if not 200 <= response.status_code < 300:
            raise CityRefused(f"HTTP {response.status_code}: {response.text[:200]}")


def backend():
    return _REGISTRY.backend_class(settings.PROJECTS_CITY_BACKEND)()


def push(project, payload: dict):
    from .models import CityPush

    row = CityPush.objects.create(project=project, payload=payload)
    enqueue_on_commit(
        "onewindow.projects.tasks.send_push",
        {"push_id": row.pk},
        logger=logger,
        failure="city push not queued; retry_pushes will send it",
    )
    return row


def send(push_id: int) -> bool:
    from .models import CityPush

    row = CityPush.objects.filter(pk=push_id).exclude(status=PushStatus.SENT).first()
    if row is None:
        return True
    try:
        # Inside the try: a misconfigured backend is a failure kept for the retry too.
        backend().send({"id": row.pk, **row.payload})
    except Exception as exc:  # the city is down: keep it for the retry
        CityPush.objects.filter(pk=row.pk).update(
            status=PushStatus.FAILED, attempts=F("attempts") + 1, last_error=str(exc)[:500]
        )
        logger.warning("city push %s failed: %s", row.pk, exc)
        return False
    with transaction.atomic():
        CityPush.objects.filter(pk=row.pk).update(
            status=PushStatus.SENT, attempts=F("attempts") + 1, sent_at=timezone.now()
        )
    return True


def retry_pushes() -> int:
    """Send every push not yet sent; the number sent."""
    from .models import CityPush

    ids = CityPush.objects.exclude(status=PushStatus.SENT).values_list("pk", flat=True)
    return sum(1 for pk in list(ids) if send(pk))
