"""``Idempotency-Key`` on the POSTs that create things (applications, ratings, complaints).

Kiosks and the provincial platform retry on flaky networks. With the header, a retry of a
request that succeeded gets the first answer again and creates nothing; the same key with
a different body is refused with 409; a request that failed (4xx/5xx) keeps nothing, so its
retry runs again. The key's row is written in the same transaction as what the request
creates: a node killed halfway leaves neither, and the retry (through nginx, to the other
node) creates it once. Two requests with one key at the same moment: the second waits on
the row's unique index until the first commits, then replays its answer.

Keys are scoped to the path and the caller's credential (bearer token or session), so one
caller can never read another's answer by guessing a key. Kept IDEMPOTENCY_KEEP_HOURS.
"""

import hashlib
import re
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.client_address import client_ip
from onewindow.core.pii import crypto

HEADER = "Idempotency-Key"
VALID_KEY = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
KIND = "idempotent-answer"


class _NotKept(Exception):
    def __init__(self, response):
        self.response = response


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


def _scope(request) -> str:
    credential = request.headers.get("Authorization") or request.COOKIES.get(
        settings.SESSION_COOKIE_NAME, ""
    )
    if not credential:
        # Anonymous (a kiosk's public form): the client's address, as the throttles see it.
        credential = "address:" + (client_ip(request) or "")
    return _digest(request.path.encode(), credential.encode())


def _replay(row) -> HttpResponse:
    body = (
        crypto.decrypt(bytes(row.body_sealed).decode(), KIND).encode() if row.body_sealed else b""
    )
    response = HttpResponse(body, status=row.status_code, content_type=row.content_type or None)
    response["Idempotent-Replayed"] = "true"
    return response


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse(
        {"detail": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def idempotent(view):
    """Wrap a view (or, with ``ninja.decorators.decorate_view``, an API operation)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None or request.method != "POST":
            return view(request, *args, **kwargs)
        if not VALID_KEY.match(key):
            return _error(400, _("Idempotency-Key 须为 8 至 128 位字母、数字或 ._:- 符号"))
        from onewindow.core.models import IdempotentRequest

        scope = _scope(request)
        digest = _digest(request.method.encode(), request.body)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    row = IdempotentRequest.objects.create(
                        scope=scope, key=key, request_digest=digest
                    )
            except IntegrityError:
                row = None  # the key is taken: its first request has committed (we waited)
            if row is not None:
                try:
                    with transaction.atomic():
                        response = view(request, *args, **kwargs)
                        if not 200 <= response.status_code < 300 or response.streaming:
                            raise _NotKept(response)
                except _NotKept as refused:
                    # Nothing the request did is kept; neither is its key, so a retry runs.
                    row.delete()
                    return refused.response
                row.status_code = response.status_code
                row.content_type = response.get("Content-Type", "")[:100]
                content = response.content
                row.body_sealed = (
                    crypto.encrypt(content.decode(), KIND).encode() if content else b""
                )
                row.save(update_fields=["status_code", "content_type", "body_sealed"])
                return response
        row = IdempotentRequest.objects.filter(scope=scope, key=key).first()
        if row is None or row.status_code is None:
            return _error(409, _("相同 Idempotency-Key 的请求正在处理，请稍后重试"))
        if row.request_digest != digest:
            return _error(409, _("该 Idempotency-Key 已用于内容不同的请求，请换一个新的键"))
        return _replay(row)

    return wrapper


def forget_old() -> int:
    """Delete answers older than IDEMPOTENCY_KEEP_HOURS (beat, with the outbox sweep)."""
    from onewindow.core.models import IdempotentRequest

    cutoff = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_KEEP_HOURS)
    deleted, _counts = IdempotentRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted
