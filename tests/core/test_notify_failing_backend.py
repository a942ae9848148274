"""A backend that fails neither stops the other backends nor breaks the caller."""

import logging

import pytest
from django.db import transaction

from onewindow.core import tasks
from onewindow.core.notify import Notification, NotifyBackend, Recipient, deliver, notify

BROKEN = "tests.core.test_notify_failing_backend.BrokenBackend"


class BrokenBackend(NotifyBackend):
    name = "broken"

    def send(self, notification):
        raise ConnectionError("短信网关不可达")


@pytest.fixture
def log_file(settings, tmp_path):
    settings.NOTIFY_BACKENDS = [BROKEN, "file", "email"]
    settings.NOTIFY_FILE_PATH = tmp_path / "notifications.log"
    return tmp_path / "notifications.log"


@pytest.mark.django_db
def test_the_other_backends_still_deliver_and_the_caller_goes_on(
    log_file, mailoutbox, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.ERROR, logger="onewindow.notify")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notify("a@example.com", subject="受理通知", body="已受理。", event="case.accepted")
    assert len(log_file.read_text(encoding="utf-8").splitlines()) == 1
    assert len(mailoutbox) == 1
    assert any(BROKEN in r.getMessage() and r.exc_info for r in caplog.records)


def test_in_process_the_task_reports_the_failure_instead_of_raising(log_file, mailoutbox):
    payload = Notification(
        recipient=Recipient(email="a@example.com"), subject="s", body="b", event="e"
    ).to_payload()
    result = tasks.deliver_notification.apply(kwargs={"payload": payload}).get()
    assert result == {"delivered": ["file", "email"], "skipped": [], "failed": [BROKEN]}


def test_with_a_broker_only_the_failed_backends_are_retried(log_file, mailoutbox, monkeypatch):
    retried = {}

    def fake_retry(**kwargs):
        retried.update(kwargs)
        return RuntimeError("retry")

    monkeypatch.setattr(tasks.deliver_notification, "retry", fake_retry)
    payload = Notification(
        recipient=Recipient(email="a@example.com"), subject="s", body="b", event="e"
    ).to_payload()
    tasks.deliver_notification.push_request(id="t-1", is_eager=False, retries=2)
    try:
        with pytest.raises(RuntimeError, match="retry"):
            tasks.deliver_notification.run(payload)
    finally:
        tasks.deliver_notification.pop_request()
    assert retried["kwargs"] == {"payload": payload, "only": [BROKEN]}
    assert 0 <= retried["countdown"] <= 600
    assert isinstance(retried["exc"], tasks.DeliveryFailed)
    # The retry itself touches only the broken backend: nobody gets a second email.
    assert deliver(Notification.from_payload(payload), only=[BROKEN])["delivered"] == []
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_task_that_blows_up_does_not_reach_the_caller(
    log_file, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def explode(payload):
        raise RuntimeError("boom")

    monkeypatch.setattr(Notification, "from_payload", staticmethod(explode))
    caplog.set_level(logging.ERROR, logger="onewindow.notify")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notify("13812345678", subject="s", body="b", event="case.accepted")
    assert any("could not schedule" in r.getMessage() for r in caplog.records)
    # The failure happened after the commit, so nothing was delivered and nothing raised.
    assert not log_file.exists()


def test_ping_returns_pong():
    assert tasks.ping.apply().get() == "pong"
