"""Celery application. Without CELERY_BROKER_URL, tasks run in-process (eager).

Periodic work (``celery -A onewindow beat``, Asia/Shanghai):
- ``cases.daily_deadline_scan``: every day at CASES_DEADLINE_SCAN_HOUR:CASES_DEADLINE_SCAN_MINUTE
  (07:00 by default). Without beat, run ``manage.py scan_deadlines`` from cron.
- ``rectification.daily_escalation_scan``: every day at 07:30 (overdue 整改措施).
- ``feedback.retry_provincial_pushes``: hourly at :40 (ratings not yet on the provincial platform).
- ``feedback.work_order_scan``: every day at FEEDBACK_ORDER_SCAN_HOUR:FEEDBACK_ORDER_SCAN_MINUTE
  (07:15; overdue 诉求工单 and 差评整改: reminder, warning, escalation).
- ``core.sweep_pending_files``: hourly at :25 (uploads a killed process left under a pending
  name, older than FILES_PENDING_MAX_AGE). Without beat, run ``manage.py sweep_pending_files``.
- ``core.dispatch_outbox``: every NOTIFY_OUTBOX_SWEEP_SECONDS (60), notifications whose
  hand-over to the broker failed (Redis down) are handed over again; sent exactly once.
- ``audit.chain_pending``: every minute, audit events left waiting while the chain head was
  busy are chained (normally the next writer chains them within milliseconds).
- ``audit.anchor_head``: every AUDIT_ANCHOR_MINUTES (10) the audit chain's head is written to
  the anchor backends outside the database. Without beat, run ``manage.py anchor_audit``.
A ``CELERY_BEAT_SCHEDULE`` setting may add entries; one with the same name replaces these.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onewindow.settings")

app = Celery("onewindow")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["onewindow.rectification.ledger"])
app.autodiscover_tasks(["onewindow.feedback.orders"])

DAY = 24 * 60 * 60


def _connect_metrics():
    from onewindow.core import metrics

    metrics.connect_celery_signals()


_connect_metrics()


def _periodic_work(settings):
    """(schedule name, task, when, expires after): the settings' own beat_schedule wins."""
    from onewindow.cases import constants

    scan_hour = getattr(settings, "CASES_DEADLINE_SCAN_HOUR", constants.CASES_DEADLINE_SCAN_HOUR)
    scan_minute = getattr(
        settings, "CASES_DEADLINE_SCAN_MINUTE", constants.CASES_DEADLINE_SCAN_MINUTE
    )
    return [
        # 办件: warnings on the working-day clocks, digests to departments and supervisors.
        (
            "cases.daily_deadline_scan",
            "onewindow.cases.tasks.daily_deadline_scan",
            crontab(hour=scan_hour, minute=scan_minute),
            DAY // 2,
        ),
        # 在线申请: drafts (暂存) past CASES_DRAFT_DAYS are deleted.
        (
            "cases.purge_expired_drafts",
            "onewindow.cases.tasks.purge_expired_drafts",
            crontab(hour=3, minute=15),
            DAY // 2,
        ),
        # 巡察整改: overdue measures escalate (reminder, warning, accountability).
        (
            "rectification.daily_escalation_scan",
            "onewindow.rectification.ledger.tasks.daily_escalation_scan",
            crontab(hour=7, minute=30),
            DAY // 2,
        ),
        # 好差评: ratings the provincial platform has not accepted are pushed again hourly.
        (
            "feedback.retry_provincial_pushes",
            "onewindow.feedback.tasks.retry_provincial_pushes",
            crontab(minute=40),
            60 * 60,
        ),
        # 工程建设项目: pushes the city's approval system refused are sent again hourly.
        (
            "projects.retry_city_pushes",
            "onewindow.projects.tasks.retry_pushes",
            crontab(minute=50),
            60 * 60,
        ),
        # 诉求工单: orders near or past their limit are reminded, warned, escalated once each.
        (
            "feedback.work_order_scan",
            "onewindow.feedback.orders.tasks.work_order_scan",
            crontab(
                hour=settings.FEEDBACK_ORDER_SCAN_HOUR, minute=settings.FEEDBACK_ORDER_SCAN_MINUTE
            ),
            DAY // 2,
        ),
        # 审计: events left waiting while the chain head was busy are chained.
        (
            "audit.chain_pending",
            "onewindow.core.audit.tasks.chain_pending_events",
            crontab(),
            60,
        ),
        # 审计: the chain's head anchored outside the database, so a rollback is found.
        (
            "audit.anchor_head",
            "onewindow.core.audit.tasks.anchor_audit_head",
            crontab(minute=f"*/{settings.AUDIT_ANCHOR_MINUTES}"),
            settings.AUDIT_ANCHOR_MINUTES * 60,
        ),
        # Notifications: outbox rows a broker outage held back go to the workers.
        (
            "core.dispatch_outbox",
            "onewindow.core.tasks.dispatch_outbox",
            float(settings.NOTIFY_OUTBOX_SWEEP_SECONDS),
            settings.NOTIFY_OUTBOX_SWEEP_SECONDS,
        ),
        # Uploads: pending files of a killed process are removed (or moved, if committed).
        (
            "core.sweep_pending_files",
            "onewindow.core.tasks.sweep_pending_files",
            crontab(minute=25),
            60 * 60,
        ),
    ]


@app.on_after_configure.connect
def add_periodic_tasks(sender, **kwargs):
    from django.conf import settings

    configured = sender.conf.beat_schedule or {}
    for name, task, schedule, expires in _periodic_work(settings):
        if name in configured:
            continue  # the settings name it: theirs wins
        # A run not started in time (worker down) is skipped, not doubled.
        sender.add_periodic_task(schedule, sender.signature(task), name=name, expires=expires)
