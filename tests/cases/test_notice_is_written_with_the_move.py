"""A case's notice is an outbox row written in the move's own transaction (decision 0043):
a move that rolls back leaves no row, and a committed move is told exactly once even when
the process dies between the commit and the hand-over to the worker."""

from datetime import date

import pytest
from django.db import transaction

from onewindow.cases import notifications, services
from onewindow.core.models import OutboxMessage
from onewindow.core.notify import outbox as notify_outbox
from onewindow.core.tasks import deliver_notification
from tests.cases.factories import clerk, freeze, item, submitted_case

pytestmark = pytest.mark.django_db


def test_a_move_that_rolls_back_leaves_no_outbox_row(outbox, django_capture_on_commit_callbacks):
    case = submitted_case()
    before = OutboxMessage.objects.count()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.refuse(clerk(), case, "不属于本机关职权范围。")
        raise RuntimeError("the request failed after the move")
    assert OutboxMessage.objects.count() == before
    assert outbox() == []


def test_a_committed_move_whose_process_died_after_commit_is_told_once_by_the_sweep(
    monkeypatch, calendar_2026, outbox, django_capture_on_commit_callbacks
):
    freeze(monkeypatch, date(2026, 9, 30))
    case = submitted_case(item(promised_limit_days=5))
    # The move commits; its on-commit hand-over never runs (the process was killed then).
    services.accept(clerk(), case)
    [intent] = OutboxMessage.objects.filter(sent_at__isnull=True, dispatched_at__isnull=True)
    assert intent.event == "case.moved.accept"
    assert outbox() == []

    # Beat's sweep finds the intent: the worker composes the notice from the committed case
    # (the promised date is known) and delivers it.
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_outbox.sweep()["handed_over"] == 1
    [line] = outbox()
    assert line["event"] == "case.accepted"
    assert line["recipient"]["user_id"] == case.applicant_id
    assert "承诺于2026-10-13前办结" in line["body"]

    # Sweeping again, or a second copy of the intent's task, sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_outbox.sweep() == {"handed_over": 0, "broker_down": 0}
        assert deliver_notification.apply(kwargs={"outbox_id": intent.pk}).get()["already"]
    assert len(outbox()) == 1
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()


def test_an_intent_that_cannot_be_expanded_writes_nothing_and_waits_for_the_sweep(
    outbox, monkeypatch, django_capture_on_commit_callbacks
):
    case = submitted_case()
    services.refuse(clerk(), case, "材料不齐。")
    [intent] = OutboxMessage.objects.filter(sent_at__isnull=True)

    def broken(**args):
        notifications.compose(**args)  # writes the message row ...
        raise RuntimeError("database went away")  # ... which rolls back with the intent

    monkeypatch.setitem(notify_outbox.EXPANDERS, notifications.INTENT, broken)
    with django_capture_on_commit_callbacks(execute=True):
        result = deliver_notification.apply(kwargs={"outbox_id": intent.pk}).get()
    assert result["failed"] == ["expand"]
    intent.refresh_from_db()
    assert intent.sent_at is None and intent.claimed_at is None
    assert OutboxMessage.objects.count() == 1 and outbox() == []

    notify_outbox.EXPANDERS[notifications.INTENT] = notifications.compose
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver_notification.apply(kwargs={"outbox_id": intent.pk}).get()["expanded"] == 1
    assert [line["event"] for line in outbox()] == ["case.refused"]
