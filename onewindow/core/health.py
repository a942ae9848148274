"""Liveness and readiness for the load balancer, systemd and monitoring.

``/healthz``: the process answers (no database, no cache): a node that fails it is restarted.
``/readyz``: the node can serve: the database answers, the cache stores and reads back, the
broker (when one is configured) accepts a connection, and the default storage writes, reads
and deletes a small file. Any failure is a 503 naming the part, so nginx or the cloud's load
balancer takes the node out until it recovers. Both are plain GETs without a session, and
say nothing about the data.
"""

import logging
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger("onewindow.health")

PROBE_DIR = "health"


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    key = f"readyz:{secrets.token_hex(8)}"
    cache.set(key, "1", 10)
    value = cache.get(key)
    cache.delete(key)
    if value != "1":
        raise RuntimeError("cache did not return what was stored")


def _broker():
    if not settings.CELERY_BROKER_URL:
        return "eager"
    from kombu import Connection

    timeout = settings.HEALTH_BROKER_TIMEOUT_SECONDS
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=timeout) as conn:
        conn.ensure_connection(max_retries=1, timeout=timeout)
    return None


def _storage():
    name = default_storage.save(f"{PROBE_DIR}/{secrets.token_hex(8)}.probe", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as handle:
            if handle.read() != b"ok":
                raise RuntimeError("storage did not return what was written")
    finally:
        default_storage.delete(name)


CHECKS = (("database", _database), ("cache", _cache), ("broker", _broker), ("storage", _storage))


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    results, ready = {}, True
    for name, check in CHECKS:
        started = time.monotonic()
        try:
            note = check()
        except Exception as exc:  # any failure makes the node not ready; the log says why
            logger.warning("readyz: %s failed: %s", name, exc.__class__.__name__)
            results[name] = {"ok": False, "error": exc.__class__.__name__}
            ready = False
        else:
            results[name] = {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}
            if note:
                results[name]["mode"] = note
    return JsonResponse(
        {"status": "ready" if ready else "unavailable", "checks": results},
        status=200 if ready else 503,
    )
