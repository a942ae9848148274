"""Background work of 好差评 (Celery; in-process when no broker is configured)."""

import logging

from celery import shared_task

from onewindow.core.retry import RETRYING, retry_later

from . import provincial
from .constants import PushStatus

logger = logging.getLogger("onewindow.feedback.provincial")


class PushFailed(Exception):
    pass


@shared_task(
    bind=True,
    name="onewindow.feedback.tasks.push_rating",
    **RETRYING,
)
def push_rating(self, rating_id: int) -> str:
    """Push one rating to the provincial platform; returns the push status."""
    row = provincial.push(rating_id)
    if row is None:
        return ""
    if row.status != PushStatus.SENT and not self.request.is_eager:
        # In-process there is no one to retry later: the row says failed, the sweep retries.
        raise retry_later(self, PushFailed(row.error))
    return row.status


@shared_task(name="onewindow.feedback.tasks.retry_provincial_pushes")
def retry_provincial_pushes() -> dict:
    """Push the ratings still pending or failed (scheduled hourly by Celery beat)."""
    return provincial.retry_unsent()
