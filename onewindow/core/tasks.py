"""Background tasks of the core: notification delivery, the pending-upload sweeper and a
health probe."""

import logging

from celery import shared_task

from . import files
from .notify import outbox
from .notify.delivery import deliver
from .notify.message import Notification
from .notify.registry import configured_names
from .retry import RETRYING, retry_later

logger = logging.getLogger("onewindow.notify")


class DeliveryFailed(Exception):
    """Some backends failed; the task retries just those."""


@shared_task(
    bind=True,
    name="onewindow.core.tasks.deliver_notification",
    # The recipient lookup needs the database; a blip there is worth a retry.
    **RETRYING,
)
def deliver_notification(
    self, payload: dict | None = None, only: list[str] | None = None, outbox_id: int | None = None
) -> dict:
    """Deliver one notification: an outbox row (``outbox_id``), or a bare payload (see
    ``Notification.to_payload``) queued before the outbox existed.

    An outbox row is claimed first (core/notify/outbox.py): a row that is sent, or that
    another worker holds, is left alone, so a row handed over twice goes out once. Only the
    backends that have not delivered it yet are used, so a retry does not send the same
    message twice through the backends that worked. Returns the per-backend result of
    :func:`onewindow.core.notify.deliver`.
    """
    row = None
    if outbox_id is not None:
        row = outbox.claim(outbox_id)
        if row is None:
            return {"delivered": [], "skipped": [], "failed": [], "already": True}
        payload = outbox.payload_of(row)
        if outbox.is_intent(payload):
            try:
                written = outbox.expand(row, payload)
            except Exception:
                logger.exception("notify: could not expand outbox #%s; the sweep retries", row.pk)
                return {"delivered": [], "skipped": [], "failed": ["expand"]}
            return {"delivered": [], "skipped": [], "failed": [], "expanded": written}
        done = set(row.delivered)
        only = [name for name in configured_names() if name not in done]
    notification = Notification.from_payload(payload)
    if notification is None:
        logger.warning("notify: user #%s is gone or disabled; dropped", payload.get("user_id"))
        if row is not None:
            outbox.finish(row, [], [])
        return {"delivered": [], "skipped": [], "failed": [], "dropped": True}
    result = deliver(notification, only=only)
    if row is not None:
        outbox.finish(row, result["delivered"], result["failed"])
    # In-process (no broker) there is no one to retry later: the failure is logged (and an
    # outbox row stays unsent for the sweep).
    if result["failed"] and not self.request.is_eager:
        retry_kwargs = (
            {"outbox_id": outbox_id}
            if outbox_id is not None
            else {"payload": payload, "only": result["failed"]}
        )
        raise retry_later(self, DeliveryFailed(", ".join(result["failed"])), kwargs=retry_kwargs)
    return result


@shared_task(name="onewindow.core.tasks.dispatch_outbox")
def dispatch_outbox() -> dict:
    """Hand the outbox rows a broker outage held back to the workers (every
    NOTIFY_OUTBOX_SWEEP_SECONDS from beat; ``manage.py dispatch_outbox`` without beat)."""
    return outbox.sweep()


@shared_task(name="onewindow.core.tasks.sweep_pending_files")
def sweep_pending_files() -> dict:
    """Remove the pending uploads a killed process left (core/files.py); counts by outcome."""
    return dict(files.sweep())


@shared_task(name="onewindow.core.tasks.ping")
def ping() -> str:
    """Proves that a worker is consuming: returns "pong"."""
    return "pong"
