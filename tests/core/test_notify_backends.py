"""Each built-in backend delivers one message in its own way, never showing a full phone."""

import json
import logging

import pytest

from onewindow.core.notify import (
    ConsoleBackend,
    EmailBackend,
    FileBackend,
    Notification,
    Recipient,
    backend_class,
    deliver,
    mask_email,
)

PHONE = "13812345678"


def _notification(**recipient):
    return Notification(
        recipient=Recipient(**(recipient or {"phone": PHONE})),
        subject="受理通知",
        body=f"您的申请已受理，联系电话 {PHONE}。",
        event="case.accepted",
        object_type="cases.case",
        object_id="42",
    )


def test_console_backend_logs_one_line_with_the_phone_masked(caplog):
    with caplog.at_level(logging.INFO, logger="onewindow.notify"):
        ConsoleBackend().send(_notification())
    lines = [r.getMessage() for r in caplog.records if r.name == "onewindow.notify"]
    assert len(lines) == 1
    assert "case.accepted" in lines[0]
    assert "cases.case#42" in lines[0]
    assert "138****5678" in lines[0]
    assert PHONE not in caplog.text


def test_file_backend_appends_json_lines_and_creates_the_folder(settings, tmp_path):
    path = tmp_path / "nested" / "folder" / "notifications.log"
    settings.NOTIFY_FILE_PATH = path
    FileBackend().send(_notification())
    FileBackend().send(_notification(email="zhangsan@example.com"))

    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["event"] == "case.accepted"
    assert first["object"] == {"type": "cases.case", "id": "42"}
    assert first["recipient"]["phone"] == "138****5678"
    assert first["body"].startswith("您的申请已受理")
    assert second["recipient"]["email"] == "z*******@example.com"
    assert PHONE not in path.read_text(encoding="utf-8")
    assert "zhangsan@" not in path.read_text(encoding="utf-8")


def test_email_backend_sends_through_djangos_mail(mailoutbox):
    notification = _notification(email="applicant@example.com")
    assert EmailBackend().accepts(notification)
    EmailBackend().send(notification)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["applicant@example.com"]
    assert mailoutbox[0].subject == "受理通知"
    assert "已受理" in mailoutbox[0].body


def test_email_backend_skips_a_recipient_without_email(settings, mailoutbox):
    settings.NOTIFY_BACKENDS = ["email"]
    result = deliver(_notification(phone=PHONE))
    assert result == {"delivered": [], "skipped": ["email"], "failed": []}
    assert mailoutbox == []


def test_channel_hints_keep_email_out_but_log_backends_record(settings, tmp_path, mailoutbox):
    settings.NOTIFY_BACKENDS = ["file", "email"]
    settings.NOTIFY_FILE_PATH = tmp_path / "n.log"
    notification = Notification(
        recipient=Recipient(phone=PHONE, email="a@example.com"),
        subject="补正告知",
        body="请补正材料。",
        event="case.deficiency",
        channels=("sms",),
    )
    result = deliver(notification)
    assert result == {"delivered": ["file"], "skipped": ["email"], "failed": []}
    assert mailoutbox == []


def test_backends_are_chosen_by_name_or_dotted_path():
    assert backend_class("console") is ConsoleBackend
    assert backend_class("onewindow.core.notify.backends.FileBackend") is FileBackend


def test_an_unknown_backend_name_is_skipped_not_fatal(settings, tmp_path):
    settings.NOTIFY_BACKENDS = ["no-such-backend", "file"]
    settings.NOTIFY_FILE_PATH = tmp_path / "n.log"
    result = deliver(_notification())
    assert result == {"delivered": ["file"], "skipped": ["no-such-backend"], "failed": []}


@pytest.mark.parametrize(
    ("email", "masked"),
    [("zhangsan@example.com", "z*******@example.com"), ("a@b.cn", "a*@b.cn"), ("x", "*")],
)
def test_mask_email(email, masked):
    assert mask_email(email) == masked
