"""Background work of 好差评 (Celery; in-process when no broker is configured)."""

import logging

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.db import DatabaseError

from . import provincial
from .constants import PushStatus

logger = logging.getLogger("onewindow.feedback.provincial")


class PushFailed(Exception):
    pass


@shared_task(
    bind=True,
    name="onewindow.feedback.tasks.push_rating",
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def push_rating(self, rating_id: int) -> str:
    """Push one rating to the provincial platform; returns the push status."""
    row = provincial.push(rating_id)
    if row is None:
        return ""
    if row.status != PushStatus.SENT and not self.request.is_eager:
        # In-process there is no one to retry later: the row says failed, the sweep retries.
        countdown = get_exponential_backoff_interval(
            factor=1,
            retries=self.request.retries,
            maximum=self.retry_backoff_max,
            full_jitter=self.retry_jitter,
        )
        raise self.retry(countdown=countdown, exc=PushFailed(row.error))
    return row.status


@shared_task(name="onewindow.feedback.tasks.retry_provincial_pushes")
def retry_provincial_pushes() -> dict:
    """Push the ratings still pending or failed (scheduled hourly by Celery beat)."""
    return provincial.retry_unsent()
