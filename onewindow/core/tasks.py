"""Background tasks of the core: notification delivery and a health probe."""

import logging

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.db import DatabaseError

from .notify.delivery import deliver
from .notify.message import Notification

logger = logging.getLogger("onewindow.notify")


class DeliveryFailed(Exception):
    """Some backends failed; the task retries just those."""


@shared_task(
    bind=True,
    name="onewindow.core.tasks.deliver_notification",
    # The recipient lookup needs the database; a blip there is worth a retry.
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
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
        countdown = get_exponential_backoff_interval(
            factor=1,
            retries=self.request.retries,
            maximum=self.retry_backoff_max,
            full_jitter=self.retry_jitter,
        )
        raise self.retry(
            kwargs={"payload": payload, "only": result["failed"]},
            countdown=countdown,
            exc=DeliveryFailed(", ".join(result["failed"])),
        )
    return result


@shared_task(name="onewindow.core.tasks.ping")
def ping() -> str:
    """Proves that a worker is consuming: returns "pong"."""
    return "pong"
