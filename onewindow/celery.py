"""Celery application. Without CELERY_BROKER_URL, tasks run in-process (eager).

Periodic work (``celery -A onewindow beat``, Asia/Shanghai):
- ``cases.daily_deadline_scan``: every day at CASES_DEADLINE_SCAN_HOUR:CASES_DEADLINE_SCAN_MINUTE
  (07:00 by default). Without beat, run ``manage.py scan_deadlines`` from cron.
- ``rectification.daily_escalation_scan``: every day at 07:30 (overdue 整改措施).
- ``feedback.retry_provincial_pushes``: hourly at :40 (ratings not yet on the provincial platform).
- ``feedback.work_order_scan``: every day at FEEDBACK_ORDER_SCAN_HOUR:FEEDBACK_ORDER_SCAN_MINUTE
  (07:15; overdue 诉求工单 and 差评整改: reminder, warning, escalation).
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

DAILY_DEADLINE_SCAN = "cases.daily_deadline_scan"


@app.on_after_configure.connect
def add_periodic_tasks(sender, **kwargs):
    from django.conf import settings

    from onewindow.cases import constants

    if DAILY_DEADLINE_SCAN in (sender.conf.beat_schedule or {}):
        return  # the settings name it: theirs wins
    hour = getattr(settings, "CASES_DEADLINE_SCAN_HOUR", constants.CASES_DEADLINE_SCAN_HOUR)
    minute = getattr(settings, "CASES_DEADLINE_SCAN_MINUTE", constants.CASES_DEADLINE_SCAN_MINUTE)
    sender.add_periodic_task(
        crontab(hour=hour, minute=minute),
        sender.signature("onewindow.cases.tasks.daily_deadline_scan"),
        name=DAILY_DEADLINE_SCAN,
        # A scan not started within 12 hours (worker down all day) is skipped, not doubled.
        expires=12 * 60 * 60,
    )


RECTIFICATION_ESCALATION_SCAN = "rectification.daily_escalation_scan"


@app.on_after_configure.connect
def add_rectification_scan(sender, **kwargs):
    # 巡察整改: overdue measures escalate (reminder, warning, accountability) at 07:30.
    if RECTIFICATION_ESCALATION_SCAN in (sender.conf.beat_schedule or {}):
        return
    sender.add_periodic_task(
        crontab(hour=7, minute=30),
        sender.signature("onewindow.rectification.ledger.tasks.daily_escalation_scan"),
        name=RECTIFICATION_ESCALATION_SCAN,
        expires=12 * 60 * 60,
    )


PROVINCIAL_RETRY = "feedback.retry_provincial_pushes"


@app.on_after_configure.connect
def add_provincial_retry(sender, **kwargs):
    # 好差评: ratings not yet accepted by the provincial platform are pushed again hourly.
    if PROVINCIAL_RETRY in (sender.conf.beat_schedule or {}):
        return
    sender.add_periodic_task(
        crontab(minute=40),
        sender.signature("onewindow.feedback.tasks.retry_provincial_pushes"),
        name=PROVINCIAL_RETRY,
        expires=60 * 60,
    )


WORK_ORDER_SCAN = "feedback.work_order_scan"


@app.on_after_configure.connect
def add_work_order_scan(sender, **kwargs):
    # 诉求工单: orders near or past their limit are reminded, warned, escalated once each.
    from django.conf import settings

    if WORK_ORDER_SCAN in (sender.conf.beat_schedule or {}):
        return
    sender.add_periodic_task(
        crontab(hour=settings.FEEDBACK_ORDER_SCAN_HOUR, minute=settings.FEEDBACK_ORDER_SCAN_MINUTE),
        sender.signature("onewindow.feedback.orders.tasks.work_order_scan"),
        name=WORK_ORDER_SCAN,
        expires=12 * 60 * 60,
    )
