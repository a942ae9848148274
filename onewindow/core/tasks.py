"""Background tasks of the core: notification delivery, the pending-upload sweeper and a
health probe."""

import logging

from celery import shared_task

from . import files
from .notify.delivery import deliver
from .notify.message import Notification
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
def deliver_notification(self, payload: dict, only: list[str] | None = None) -> dict:
    """Deliver one notification payload (see ``Notification.to_payload``).

    ``only`` limits delivery to the backends that failed on an earlier attempt, so a
    retry does not send the same message twice through the backends that worked.
    Returns the per-backend result of :func:`onewindow.core.notify.deliver`.
    """
    notification = Notification.from_payload(payload)
    if notification is None:
        logger.warning("notify: user #%s is gone or disabled; dropped", payload.get("user_id"))
        return {"delivered": [], "skipped": [], "failed": [], "dropped": True}
    result = deliver(notification, only=only)
    # In-process (no broker) there is no one to retry later: the failure is logged.
    if result["failed"] and not self.request.is_eager:
        raise retry_later(
            self,
            DeliveryFailed(", ".join(result["failed"])),
            kwargs={"payload": payload, "only": result["failed"]},
        )
    return result


@shared_task(name="onewindow.core.tasks.sweep_pending_files")
def sweep_pending_files() -> dict:
    """Remove the pending uploads a killed process left (core/files.py); counts by outcome."""
    return dict(files.sweep())


@shared_task(name="onewindow.core.tasks.ping")
def ping() -> str:
    """Proves that a worker is consuming: returns "pong"."""
    return "pong"
