"""Settings of the Celery worker that tests/core/test_celery_worker_end_to_end.py starts.

The project's settings, with the worker's own queue as the default queue: tasks the
worker queues itself (the notifications the daily deadline scan sends) come back to it,
never to another test's worker or to a real deployment's queue on the same Redis.
"""

import os

from onewindow.settings import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = os.environ["CELERY_E2E_QUEUE"]
