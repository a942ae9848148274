"""Celery task: the daily escalation scan of overdue measures (beat: onewindow/celery.py)."""

from celery import shared_task


@shared_task(name="onewindow.rectification.ledger.tasks.daily_escalation_scan")
def daily_escalation_scan(today: str | None = None) -> dict:
    from datetime import date

    from .escalation import scan_overdue

    result = scan_overdue(date.fromisoformat(today) if today else None)
    return {"checked": result.checked, "raised": {str(k): v for k, v in result.raised.items()}}
