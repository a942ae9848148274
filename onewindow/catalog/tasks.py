"""Background work of the catalogue (Celery; in-process when no broker is configured)."""

import base64

from celery import shared_task
from django.contrib.auth import get_user_model

from .excel import jobs


@shared_task(name="catalog.import_items")
def import_items(job_id: str, user_id: int, content: str) -> dict:
    """Import a workbook (base64 ``content``) as ``user_id``; progress goes to the job.

    Everything is created in one transaction, so a failed or killed run imports nothing.
    """
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        jobs.fail(job_id)
        return {"state": jobs.FAILED}
    job = jobs.run(job_id, user, base64.b64decode(content))
    return {"state": job.get("state"), "imported": job.get("imported", 0)}
