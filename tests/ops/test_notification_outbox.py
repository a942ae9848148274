"""Notifications go through a database outbox: a broker outage delays them, never loses
them, never sends them twice."""

import json

import pytest
from django.db import transaction

from onewindow.celery import app as celery_app
from onewindow.core.models import OutboxMessage
from onewindow.core.notify import notify, outbox
from onewindow.core.tasks import deliver_notification

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


@pytest.fixture
def log_file(settings, tmp_path):
    settings.NOTIFY_BACKENDS = ["file"]
    settings.NOTIFY_FILE_PATH = tmp_path / "notifications.log"
    return tmp_path / "notifications.log"


def _lines(path):
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def broker_down():
    """A real broker address where nothing listens: publishing fails as in an outage."""
    conf = celery_app.conf
    saved = {"task_always_eager": conf.task_always_eager, "broker_url": conf.broker_url}
    conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:9/0")
    _fresh_pools()  # producers for the dead address
    yield
    conf.update(saved)
    _fresh_pools()


def _fresh_pools():
    # Dropped, not closed: other code may still hold the old pool and must keep working.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def _notify_in_a_transaction(capture, n=1):
    with capture(execute=True), transaction.atomic():
        for i in range(n):
            notify(PHONE, subject="受理通知", body=f"第{i}件已受理。", event="case.accepted")


def test_the_message_is_sealed_in_the_outbox_and_marked_sent(
    log_file, django_capture_on_commit_callbacks
):
    _notify_in_a_transaction(django_capture_on_commit_callbacks)
    row = OutboxMessage.objects.get()
    assert row.sent_at is not None and row.delivered == ["file"]
    assert PHONE.encode() not in bytes(row.payload_sealed)
    assert b"\xe5\x8f\x97\xe7\x90\x86" not in bytes(row.payload_sealed)  # "受理" is sealed too
    assert len(_lines(log_file)) == 1


def test_a_rolled_back_change_leaves_no_outbox_row(log_file):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(PHONE, subject="受理通知", body="已受理。", event="case.accepted")
        raise RuntimeError
    assert not OutboxMessage.objects.exists()


def test_a_broker_outage_delays_messages_and_the_sweep_sends_each_once(
    log_file, broker_down, django_capture_on_commit_callbacks
):
    _notify_in_a_transaction(django_capture_on_commit_callbacks, n=3)
    # The change is committed; nothing went out; every row waits, not handed over.
    assert (
        OutboxMessage.objects.filter(sent_at__isnull=True, dispatched_at__isnull=True).count() == 3
    )
    assert _lines(log_file) == []
    assert outbox.sweep() == {"handed_over": 0, "broker_down": 1}

    # The broker is back (in-process here): the sweep hands over and each goes out once.
    celery_app.conf.update(task_always_eager=True)
    assert outbox.sweep() == {"handed_over": 3, "broker_down": 0}
    assert sorted(line["body"] for line in _lines(log_file)) == [
        "第0件已受理。",
        "第1件已受理。",
        "第2件已受理。",
    ]
    # Sweeping again, or a second copy of a task (a queue that kept it), sends nothing.
    assert outbox.sweep() == {"handed_over": 0, "broker_down": 0}
    for row in OutboxMessage.objects.all():
        assert deliver_notification.apply(kwargs={"outbox_id": row.pk}).get()["already"]
    assert len(_lines(log_file)) == 3
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 0


def test_a_row_claimed_by_a_worker_is_not_sent_by_another(log_file, settings):
    settings.NOTIFY_OUTBOX_CLAIM_SECONDS = 600
    with transaction.atomic():
        pk = outbox.add(
            {
                "user_id": None,
                "subject": "s",
                "body": "b",
                "event": "x",
                "email": "",
                "name": "",
                "phone_sealed": "",
                "object_type": "",
                "object_id": "",
                "channels": [],
            }
        )
    # (outside a captured on-commit: the row is not handed over yet)
    first = outbox.claim(pk)
    assert first is not None
    assert outbox.claim(pk) is None  # the second worker backs off
    outbox.finish(first, ["file"], [])
    assert outbox.claim(pk) is None  # sent: nobody claims it again


def test_a_partial_failure_is_retried_only_through_the_backend_that_failed(log_file):
    with transaction.atomic():
        pk = outbox.add(
            {
                "user_id": None,
                "subject": "s",
                "body": "b",
                "event": "x",
                "email": "",
                "name": "",
                "phone_sealed": "",
                "object_type": "",
                "object_id": "",
                "channels": [],
            }
        )
    row = outbox.claim(pk)
    outbox.finish(row, ["file"], ["email"])
    row.refresh_from_db()
    assert row.sent_at is None and row.claimed_at is None and row.delivered == ["file"]
    # The retry: "file" has delivered, so nothing is written twice.
    result = deliver_notification.apply(kwargs={"outbox_id": pk}).get()
    assert result["delivered"] == []
    assert _lines(log_file) == []
    row.refresh_from_db()
    assert row.sent_at is not None
