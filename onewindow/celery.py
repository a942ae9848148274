"""Celery application. Without CELERY_BROKER_URL, tasks run in-process (eager).

Periodic work (``celery -A onewindow beat``, Asia/Shanghai):
- ``cases.daily_deadline_scan``: every day at CASES_DEADLINE_SCAN_HOUR:CASES_DEADLINE_SCAN_MINUTE
  (07:00 by default). Without beat, run ``manage.py scan_deadlines`` from cron.
A ``CELERY_BEAT_SCHEDULE`` setting may add entries; one with the same name replaces these.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onewindow.settings")

app = Celery("onewindow")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

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
