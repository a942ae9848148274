"""How tasks that talk to the outside (notify backends, e-licence, provincial platform) retry.

A database blip is retried by Celery itself; a failed delivery or push is retried by the
task with ``retry_later``, on the same growing, jittered waits. In-process (no broker)
there is no one to retry later, so callers check ``task.request.is_eager`` first.
"""

from celery.utils.time import get_exponential_backoff_interval
from django.db import DatabaseError

RETRYING = {
    "autoretry_for": (DatabaseError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}


def retry_later(task, exc: Exception, **options):
    """The Retry to raise: the next attempt after the task's backoff for this try."""
    countdown = get_exponential_backoff_interval(
        factor=1,
        retries=task.request.retries,
        maximum=task.retry_backoff_max,
        full_jitter=task.retry_jitter,
    )
    return task.retry(countdown=countdown, exc=exc, **options)
