"""Background work of work orders (Celery; in-process when no broker is configured)."""

from datetime import date

from celery import shared_task

from .services import scan_overdue


@shared_task(name="onewindow.feedback.orders.tasks.work_order_scan")
def work_order_scan(day: str | None = None) -> dict:
    """The daily escalation scan (services.scan_overdue) for ``day`` (YYYY-MM-DD) or today.

    Scheduled by Celery beat (onewindow/celery.py); safe to run twice on the same day.
    """
    return scan_overdue(date.fromisoformat(day) if day else None)
