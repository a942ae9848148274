"""Beat's periodic work: every daily scan is scheduled, and each names a task that exists
(a typo in a dotted name would otherwise fail only at 07:00 on a production worker)."""

from onewindow.celery import app


def test_every_periodic_job_is_scheduled_with_a_registered_task():
    app.loader.import_default_modules()
    _ = app.conf.broker_url  # configures the app, which adds the periodic work
    schedule = app.conf.beat_schedule
    assert set(schedule) >= {
        "cases.daily_deadline_scan",
        "rectification.daily_escalation_scan",
        "feedback.retry_provincial_pushes",
        "feedback.work_order_scan",
        "core.sweep_pending_files",
    }
    for name, entry in schedule.items():
        assert entry["task"] in app.tasks, name
        assert entry["options"]["expires"] > 0
