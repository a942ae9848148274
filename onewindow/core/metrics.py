"""Prometheus metrics (prometheus-client): ``/metrics`` on every web node, for the monitoring
server only (decision 0044, docs/operations.md "Metrics").

What is measured:
- every request: ``onewindow_http_requests_total{view,method,status}`` and the latency
  histogram ``onewindow_http_request_duration_seconds{view,method,status}``, by the URL
  pattern's name (``cases:detail``), never by path (a path carries case numbers);
- the cases' workflow: ``onewindow_case_moves_total{action}`` counted after the commit
  (``submit`` is the intake, ``accept``, ``decide`` ...);
- Celery: ``onewindow_celery_task_duration_seconds{task,state}`` per task run, and the daily
  deadline scan's own ``onewindow_deadline_scan_seconds`` and
  ``onewindow_deadline_warnings_raised_total``;
- at each scrape (read from the database and the broker, not counted): the outbox backlog
  (``onewindow_outbox_unsent``, ``onewindow_outbox_oldest_unsent_seconds``), the Celery queue
  length (``onewindow_celery_queue_length``) and whether the database, the cache and the
  broker answer (``onewindow_dependency_up{dependency}``).

gunicorn runs several processes: with ``PROMETHEUS_MULTIPROC_DIR`` set (the stack sets it
per node under var/stack/prometheus/, systemd in the unit) each process writes its numbers
to files there and a scrape adds up all of them (prometheus-client's multiprocess mode).
Without it (tests, ``runserver``) the process's own registry is read.

Access: the node's ``/metrics`` answers only a direct peer (no ``X-Forwarded-For``: nginx
forwards nothing to it and also refuses the path) whose address is in METRICS_ALLOWED_IPS,
and, when METRICS_TOKEN is set, that sends ``Authorization: Bearer <token>``. Anything else
gets a plain 404, as if the page did not exist.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import time

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotFound
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger("onewindow.metrics")

PATH = "/metrics"

# Seconds. Pages should answer within 0.3 s at the load of a working day (issue 18).
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 2.5, 5.0, 10.0)

REQUESTS = Counter(
    "onewindow_http_requests",
    "HTTP requests answered, by URL pattern name, method and status.",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "onewindow_http_request_duration_seconds",
    "Time from the first middleware to the answer, by URL pattern name, method and status.",
    ["view", "method", "status"],
    buckets=LATENCY_BUCKETS,
)
CASE_MOVES = Counter(
    "onewindow_case_moves",
    "Committed workflow steps of cases, by action (submit is the intake).",
    ["action"],
)
TASKS = Histogram(
    "onewindow_celery_task_duration_seconds",
    "Celery task runs, by task name and final state.",
    ["task", "state"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 30.0, 120.0, 600.0, 3600.0),
)
DEADLINE_SCAN = Histogram(
    "onewindow_deadline_scan_seconds",
    "Duration of the daily deadline scan.",
    buckets=(1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0),
)
WARNINGS_RAISED = Counter(
    "onewindow_deadline_warnings_raised",
    "Deadline warnings raised by the daily scan.",
)

# Methods outside this list are counted as "other" (a client cannot grow the label set).
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unmatched>"
    return match.view_name or "<unnamed>"


class MetricsMiddleware:
    """First in both middleware lists: answers ``/metrics`` itself (before anything reads
    the Host header or the session) and times every other request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH:
            return metrics_view(request)
        started = time.perf_counter()
        response = self.get_response(request)
        try:
            labels = {
                "view": _view_name(request),
                "method": request.method if request.method in METHODS else "other",
                "status": str(response.status_code),
            }
            REQUESTS.labels(**labels).inc()
            LATENCY.labels(**labels).observe(time.perf_counter() - started)
        except Exception:  # a metric must never cost the user the answer
            logger.exception("metrics: could not record the request")
        return response


# -- access ---------------------------------------------------------------------------


def _networks():
    networks = []
    for entry in settings.METRICS_ALLOWED_IPS:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            logger.error("metrics: METRICS_ALLOWED_IPS entry %r is not an address", entry)
    return networks


def allowed(request) -> bool:
    meta = request.META
    if meta.get("HTTP_X_FORWARDED_FOR") or meta.get("HTTP_X_REAL_IP"):
        return False  # came through a proxy: /metrics is never public
    try:
        peer = ipaddress.ip_address(meta.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    if not any(peer in network for network in _networks()):
        return False
    token = settings.METRICS_TOKEN
    if token:
        sent = meta.get("HTTP_AUTHORIZATION", "")
        if not hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
            return False
    return True


def metrics_view(request):
    if not allowed(request) or request.method not in ("GET", "HEAD"):
        return HttpResponseNotFound(b"Not Found", content_type="text/plain")
    body = generate_latest(_process_registry()) + generate_latest(_state_registry())
    response = HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response


def _process_registry():
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


# -- read at scrape time ----------------------------------------------------------------


class StateCollector:
    """Numbers read when Prometheus asks: they describe the system, not this process."""

    def collect(self):
        from django.utils import timezone

        from . import health
        from .models import OutboxMessage

        up = GaugeMetricFamily(
            "onewindow_dependency_up",
            "1 when the dependency answered this scrape's check.",
            labels=["dependency"],
        )
        for name, check in health.CHECKS:
            if name == "storage":
                continue  # a write per scrape; /readyz checks it
            try:
                check()
                up.add_metric([name], 1)
            except Exception as exc:
                logger.warning("metrics: %s check failed: %s", name, exc.__class__.__name__)
                up.add_metric([name], 0)
        yield up

        try:
            unsent = OutboxMessage.objects.filter(sent_at__isnull=True)
            count = unsent.count()
            oldest = unsent.order_by("created_at").values_list("created_at", flat=True).first()
        except Exception as exc:
            logger.warning("metrics: outbox not readable: %s", exc.__class__.__name__)
        else:
            yield GaugeMetricFamily(
                "onewindow_outbox_unsent", "Notification outbox rows not yet sent.", value=count
            )
            age = (timezone.now() - oldest).total_seconds() if oldest is not None else 0
            yield GaugeMetricFamily(
                "onewindow_outbox_oldest_unsent_seconds",
                "Age of the oldest unsent outbox row (0 when none waits).",
                value=max(age, 0),
            )

        length = queue_length()
        if length is not None:
            yield GaugeMetricFamily(
                "onewindow_celery_queue_length",
                "Tasks waiting in the broker's default queue.",
                value=length,
            )


def queue_length() -> int | None:
    """Messages waiting in the Celery queue (Redis broker); None without a broker."""
    url = settings.CELERY_BROKER_URL
    if not url or not url.startswith(("redis://", "rediss://")):
        return None
    import redis

    try:
        client = redis.Redis.from_url(
            url,
            socket_timeout=settings.HEALTH_BROKER_TIMEOUT_SECONDS,
            socket_connect_timeout=settings.HEALTH_BROKER_TIMEOUT_SECONDS,
        )
        try:
            return int(client.llen(getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")))
        finally:
            client.close()
    except Exception as exc:
        logger.warning("metrics: queue length not readable: %s", exc.__class__.__name__)
        return None


def _state_registry():
    registry = CollectorRegistry(auto_describe=False)
    registry.register(StateCollector())
    return registry


# -- hooks ------------------------------------------------------------------------------


def case_moved(action: str) -> None:
    """Count a committed workflow step (called on commit by cases.moves)."""
    CASE_MOVES.labels(action=action).inc()


def deadline_scan(seconds: float, raised: int) -> None:
    DEADLINE_SCAN.observe(seconds)
    WARNINGS_RAISED.inc(raised)


_task_started: dict[str, float] = {}


def connect_celery_signals() -> None:
    """Time every task run (called once from onewindow/celery.py)."""
    from celery import signals

    def prerun(task_id=None, **kwargs):
        _task_started[task_id] = time.perf_counter()

    def postrun(task_id=None, task=None, state=None, **kwargs):
        started = _task_started.pop(task_id, None)
        if started is None or task is None:
            return
        try:
            TASKS.labels(task=task.name, state=state or "UNKNOWN").observe(
                time.perf_counter() - started
            )
        except Exception:
            logger.exception("metrics: could not record task %s", getattr(task, "name", "?"))

    signals.task_prerun.connect(prerun, weak=False)
    signals.task_postrun.connect(postrun, weak=False)
    signals.worker_ready.connect(serve_worker_metrics, weak=False)


def serve_worker_metrics(**kwargs) -> None:
    """The worker's own /metrics (task durations, the deadline scan) on
    METRICS_WORKER_ADDRESS:METRICS_WORKER_PORT when the port is set. Plain HTTP without a
    token: bind it to an address only the monitoring server reaches."""
    port = settings.METRICS_WORKER_PORT
    if not port:
        return
    from prometheus_client import start_http_server

    try:
        start_http_server(port, addr=settings.METRICS_WORKER_ADDRESS, registry=_process_registry())
    except OSError as exc:  # the port is taken: the worker works on without it
        logger.error("metrics: worker metrics not served on port %s: %s", port, exc)
        return
    logger.info("metrics: worker metrics on %s:%s", settings.METRICS_WORKER_ADDRESS, port)
