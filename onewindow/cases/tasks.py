"""Background work of cases (Celery; in-process when no broker is configured)."""

from datetime import date

from celery import shared_task

from .clocks.deadlines import run_daily_scan


@shared_task(name="onewindow.cases.tasks.daily_deadline_scan")
def daily_deadline_scan(day: str | None = None) -> dict:
    """The daily deadline scan (deadlines.run_daily_scan) for ``day`` (YYYY-MM-DD) or today.

    Scheduled by Celery beat (onewindow/celery.py); safe to run twice on the same day.
    """
    return run_daily_scan(date.fromisoformat(day) if day else None)


@shared_task(name="onewindow.cases.tasks.purge_expired_drafts")
def purge_expired_drafts() -> int:
    """Delete the applicants' drafts (暂存) past CASES_DRAFT_DAYS; the number deleted."""
    from .intake.drafts import purge_expired

    return purge_expired()
