"""Results pushed to the city's construction-approval system (市工程建设项目审批管理系统).

Each push is a CityPush row written in the caller's transaction (an outbox: nothing is
lost when the city is down); the send runs after commit and again from the periodic
``retry_pushes`` until it succeeds. Backends: "file" (JSON lines), "console" (the log);
the HTTP backend the city provides is described in docs/projects.md and plugged in by a
dotted path in settings.PROJECTS_CITY_BACKEND.
"""

from __future__ import annotations

import logging

from django.conf import settings
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
