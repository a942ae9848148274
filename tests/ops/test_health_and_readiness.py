"""/healthz says the process answers; /readyz checks the database, cache, broker and storage
and names what failed, so the balancer takes a broken node out."""

import json
import logging

import pytest

from onewindow.core import health, request_id

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_a_session(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_checks_every_part_and_leaves_no_probe_file(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "cache", "broker", "storage"}
    assert all(check["ok"] for check in body["checks"].values())
    # Without a broker the tasks run in-process: nothing to connect to.
    assert body["checks"]["broker"]["mode"] == "eager"
    assert not any(tmp_path.rglob("*.probe"))


def test_readyz_is_503_naming_the_broker_that_does_not_answer(client, settings):
    # A port nothing listens on: the broker check fails fast and says so.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_readyz_is_503_when_storage_cannot_be_written(client, settings, tmp_path):
    blocked = tmp_path / "file-not-directory"
    blocked.write_text("x")
    settings.MEDIA_ROOT = blocked  # a file where the upload directory should be
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["ok"] is False


def test_readyz_refuses_other_methods(client):
    assert client.post("/readyz").status_code == 405


def test_log_lines_are_json_with_the_request_id_and_masked(caplog):
    formatter = request_id.JsonLinesFormatter()
    request_id.set_current("5f6f86ef696202a97910387abe0b0173")
    try:
        logger = logging.getLogger("onewindow.test")
        with caplog.at_level(logging.INFO, logger="onewindow.test"):
            logger.info("申请人 %s 提交", "13812345678")
        record = caplog.records[-1]
        from onewindow.core.pii.logging import MaskPersonalDataFilter

        MaskPersonalDataFilter().filter(record)
        request_id.RequestIdFilter().filter(record)
        line = json.loads(formatter.format(record))
    finally:
        request_id.set_current("")
    assert line["request_id"] == "5f6f86ef696202a97910387abe0b0173"
    assert "13812345678" not in line["message"]
    assert line["level"] == "INFO"


def test_request_id_from_outside_is_only_a_short_token():
    assert request_id.set_current("abc-123") == "abc-123"
    assert request_id.set_current("x" * 65) == ""
    assert request_id.set_current("a b\nforged line") == ""
    request_id.set_current("")


def test_checks_cover_the_parts_the_issue_names():
    assert [name for name, _ in health.CHECKS] == ["database", "cache", "broker", "storage"]
