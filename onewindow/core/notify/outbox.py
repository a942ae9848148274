"""The notification outbox: a message is a row committed with the change it reports.

- :func:`add` (from ``notify()``) writes the row in the caller's transaction and, after the
  commit, hands its id to the Celery task. If the broker is down the row simply waits.
- :func:`sweep` (beat, every NOTIFY_OUTBOX_SWEEP_SECONDS) hands over every unsent row that
  was never handed over or was handed over more than a sweep period ago.
- :func:`deliver_row` (the task) claims the row with a conditional UPDATE, sends through
  the backends that have not delivered it yet, and marks it sent. A row handed over twice
  (the sweep and a queue that kept its message through a Redis restart) is claimed once,
  so it is sent once. A worker killed between sending and marking leaves the claim, which
  lapses after NOTIFY_OUTBOX_CLAIM_SECONDS; only then can that one message go out again.
- :func:`add_intent` writes a row that says *what happened* rather than the finished
  message, for callers whose message can only be composed from the committed state (a
  case's notices need the clocks and tasks that later steps of the same transaction
  write). The worker expands it with the function registered under its name: the
  messages' own rows and the intent's "sent" mark commit in one transaction, so an intent
  is expanded once, and a crash anywhere after the caller's commit loses nothing.
"""

import json
import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from onewindow.core.pii import crypto

logger = logging.getLogger("onewindow.notify")

KIND = "notify-outbox"


def _seal(payload: dict) -> bytes:
    return crypto.encrypt(json.dumps(payload, ensure_ascii=False), KIND).encode()


def _unseal(sealed) -> dict:
    return json.loads(crypto.decrypt(bytes(sealed).decode(), KIND))


def add(payload: dict) -> int:
    from onewindow.core.models import OutboxMessage

    row = OutboxMessage.objects.create(
        event=payload.get("event", "")[:100], payload_sealed=_seal(payload)
    )
    transaction.on_commit(lambda: hand_over(row.pk))
    return row.pk


# name -> function(**args) that composes the messages of an intent (by calling notify())
# and returns how many it wrote. Registered by the app that owns the intent.
EXPANDERS: dict[str, Callable[..., int]] = {}


def register_expander(name: str, function: Callable[..., int]) -> None:
    EXPANDERS[name] = function


def add_intent(name: str, args: dict, *, event: str) -> int:
    """An outbox row, in the caller's transaction, that the worker expands into messages.

    ``args`` must be JSON (dates already as strings). It is sealed like a message: it may
    hold a reason a clerk typed.
    """
    return add({"expand": name, "args": args, "event": event})


def is_intent(payload: dict) -> bool:
    return "expand" in payload


def expand(row, payload: dict) -> int:
    """Compose the intent's messages and mark the intent sent, in one transaction.

    The row must be claimed. On failure nothing is written, the claim is released and the
    error is raised: the sweep hands the intent over again.
    """
    from onewindow.core.models import OutboxMessage

    function = EXPANDERS.get(payload["expand"])
    try:
        if function is None:
            raise LookupError(f"no expander registered as {payload['expand']!r}")
        with transaction.atomic():
            written = function(**payload.get("args", {}))
            OutboxMessage.objects.filter(pk=row.pk).update(
                delivered=["expanded"], sent_at=timezone.now()
            )
    except Exception:
        OutboxMessage.objects.filter(pk=row.pk).update(claimed_at=None)
        raise
    return written


def hand_over(pk: int) -> bool:
    """Queue the delivery task for row ``pk``; False (logged) when the broker refuses."""
    from onewindow.core.models import OutboxMessage
    from onewindow.core.tasks import deliver_notification

    OutboxMessage.objects.filter(pk=pk, sent_at__isnull=True).update(dispatched_at=timezone.now())
    try:
        deliver_notification.apply_async(kwargs={"outbox_id": pk})
    except Exception as exc:
        # The change is committed and the row is kept: the sweep hands it over later.
        logger.error(
            "notify: could not schedule outbox #%s (%s); the sweep hands it over again",
            pk,
            exc.__class__.__name__,
        )
        OutboxMessage.objects.filter(pk=pk, sent_at__isnull=True).update(dispatched_at=None)
        return False
    return True


def sweep(limit: int = 1000) -> dict:
    """Hand over the rows that are unsent and not (recently) handed over."""
    from onewindow.core.models import OutboxMessage

    now = timezone.now()
    stale = now - timedelta(seconds=settings.NOTIFY_OUTBOX_SWEEP_SECONDS)
    claim_lapsed = now - timedelta(seconds=settings.NOTIFY_OUTBOX_CLAIM_SECONDS)
    waiting = (
        OutboxMessage.objects.filter(sent_at__isnull=True)
        .filter(Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=stale))
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=claim_lapsed))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    counts = {"handed_over": 0, "broker_down": 0}
    for pk in list(waiting):
        if hand_over(pk):
            counts["handed_over"] += 1
        else:
            counts["broker_down"] += 1
            break  # the broker is down: the next sweep tries again
    return counts


def claim(pk: int):
    """The row, claimed for this worker; None when it is sent or another worker has it."""
    from onewindow.core.models import OutboxMessage

    now = timezone.now()
    claim_lapsed = now - timedelta(seconds=settings.NOTIFY_OUTBOX_CLAIM_SECONDS)
    won = (
        OutboxMessage.objects.filter(pk=pk, sent_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=claim_lapsed))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )
    if not won:
        return None
    return OutboxMessage.objects.get(pk=pk)


def payload_of(row) -> dict:
    return _unseal(row.payload_sealed)


def finish(row, delivered: list[str], failed: list[str]) -> None:
    """Record what went out; release the claim when some backend still has to deliver."""
    from onewindow.core.models import OutboxMessage

    done = sorted(set(row.delivered) | set(delivered))
    if failed:
        OutboxMessage.objects.filter(pk=row.pk).update(delivered=done, claimed_at=None)
    else:
        OutboxMessage.objects.filter(pk=row.pk).update(delivered=done, sent_at=timezone.now())
