"""notify() sends only for a committed change, once, through the delivery task."""

import json

import pytest
from django.db import transaction

from onewindow.core.notify import Notification, Recipient, notify
from onewindow.core.pii.masking import Masked
from tests.accounts.factories import UserFactory

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


class _Boom(Exception):
    pass


@pytest.mark.django_db
def test_a_rolled_back_change_sends_nothing(log_file, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(_Boom),
        transaction.atomic(),
    ):
        notify(PHONE, subject="受理通知", body="已受理。", event="case.accepted")
        raise _Boom
    assert callbacks == []
    assert _lines(log_file) == []


@pytest.mark.django_db
def test_a_committed_change_sends_once(log_file, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        notify(
            PHONE,
            subject="受理通知",
            body="已受理。",
            event="case.accepted",
            obj=("cases.case", 7),
        )
        # Not before the commit.
        assert _lines(log_file) == []
    assert len(callbacks) == 1
    lines = _lines(log_file)
    assert len(lines) == 1
    assert lines[0]["event"] == "case.accepted"
    assert lines[0]["object"] == {"type": "cases.case", "id": "7"}
    assert lines[0]["recipient"]["phone"] == "139****5678"


@pytest.mark.django_db
def test_a_user_is_sent_by_id_and_looked_up_at_delivery(
    log_file, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_BACKENDS = ["file", "email"]
    user = UserFactory(email="old@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(
            user, subject="办结通知", body="您的申请已办结。", event="case.completed", obj=user
        )
        # Changed before delivery: the current address is used.
        user.email = "new@example.com"
        user.save(update_fields=["email"])
    payload = notification.to_payload()
    assert payload["user_id"] == user.pk
    assert "phone_sealed" not in payload and "email" not in payload
    assert [m.to for m in mailoutbox] == [["new@example.com"]]
    [line] = _lines(log_file)
    assert line["recipient"]["user_id"] == user.pk
    assert line["object"] == {"type": "accounts.user", "id": str(user.pk)}
    full = user.phone.reveal() if isinstance(user.phone, Masked) else str(user.phone)
    assert full not in log_file.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_a_disabled_user_gets_nothing(log_file, django_capture_on_commit_callbacks):
    user = UserFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify(user, subject="通知", body="内容", event="case.accepted")
    assert _lines(log_file) == []


def test_a_plain_phone_travels_encrypted_in_the_task_payload():
    original = Notification(
        recipient=Recipient(phone=PHONE), subject="受理", body="已受理", event="case.accepted"
    )
    payload = original.to_payload()
    assert PHONE not in json.dumps(payload)
    assert Notification.from_payload(payload).recipient.full_phone() == PHONE
