"""A real Celery worker on the real Redis runs ping and delivers a notification, and runs
the daily deadline scan, which raises a warning and sends the department's digest.

Skipped when Redis is unreachable, except under CI (env CI set), where it fails. The scan
needs the worker to open the test database: on PostgreSQL (or a SQLite file), not on an
in-memory SQLite database.
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import quote

import celery.exceptions
import kombu.pools
import pytest
import redis
from celery.result import EagerResult
from django.conf import settings
from django.db import connection

from onewindow import celery_app
from onewindow.cases import services
from onewindow.cases.models import CaseWarning
from onewindow.cases.tasks import daily_deadline_scan
from onewindow.core.notify import Notification, Recipient
from onewindow.core.tasks import deliver_notification, ping
from onewindow.core.workdays.services import seed_from_package
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.cases.factories import approver, clerk, freeze, item, submitted_case

BROKER_URL = os.environ.get("CELERY_E2E_BROKER_URL", "redis://127.0.0.1:6379/14")
TIMEOUT = 60


def _require_redis():
    try:
        redis.Redis.from_url(BROKER_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        message = f"Redis at {BROKER_URL} is unreachable: {exc}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _reset_connections(app):
    # Drop cached pools and the result backend so the changed URLs take effect. The
    # app's pool lives in kombu's global pool groups: close and forget them all, or the
    # next test (same URL) would be handed the closed pool.
    kombu.pools.reset()
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@contextmanager
def _sending_to_redis():
    """The test process's Celery app sends to Redis instead of running tasks in-process."""
    conf = celery_app.conf
    keys = ("broker_url", "result_backend", "task_always_eager")
    saved = {key: conf[key] for key in keys}
    conf.update(broker_url=BROKER_URL, result_backend=BROKER_URL, task_always_eager=False)
    _reset_connections(celery_app)
    try:
        yield celery_app
    finally:
        conf.update(saved)
        _reset_connections(celery_app)


@pytest.fixture
def celery_on_redis():
    with _sending_to_redis() as app:
        yield app


def _shared_database_url() -> str | None:
    """The test database as a URL the worker can open, or None (in-memory SQLite)."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = quote(db["USER"] or "")
        if db["PASSWORD"]:
            auth += ":" + quote(db["PASSWORD"])
        return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():
        return f"sqlite:///{db['NAME']}"
    return None


def _start_worker(queue: str, notify_file: Path, log_file, database_url: str | None):
    env = dict(os.environ)
    env.update(
        # The project's settings with this queue as the default one (see that module).
        DJANGO_SETTINGS_MODULE="tests.core.celery_worker_settings",
        CELERY_E2E_QUEUE=queue,
        CELERY_BROKER_URL=BROKER_URL,
        CELERY_RESULT_BACKEND=BROKER_URL,
        NOTIFY_BACKENDS="file",
        NOTIFY_FILE_PATH=str(notify_file),
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    command = [
        sys.executable, "-m", "celery", "-A", "onewindow", "worker",
        "--pool=solo", "--concurrency=1", "-Q", queue, "-l", "warning",
        "-n", f"{queue}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    return subprocess.Popen(  # noqa: S603 - fixed command, no shell
        command,
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _wait(async_result, worker):
    """The task's result; fails at once, not after the timeout, if the worker died."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            pytest.fail(f"the Celery worker exited with code {worker.returncode}")
        try:
            return async_result.get(timeout=1)
        except celery.exceptions.TimeoutError:
            continue
    pytest.fail(f"no result from the Celery worker within {TIMEOUT} s")


def _stop(worker):
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)


@pytest.mark.django_db(transaction=True)
@pytest.mark.celery
def test_a_real_worker_pings_and_delivers_a_notification(celery_on_redis, tmp_path):
    _require_redis()
    queue = f"onewindow-e2e-{uuid.uuid4().hex[:12]}"
    notify_file = tmp_path / "out" / "notifications.log"
    client = redis.Redis.from_url(BROKER_URL)
    client.delete(queue)  # purge: nothing left over from an earlier run
    database_url = _shared_database_url()
    user = UserFactory(email="e2e@example.com") if database_url else None

    public = Notification(
        recipient=Recipient(phone="13712345678", email="public@example.com"),
        subject="受理通知",
        body="您的申请已受理。",
        event=f"e2e.{queue}",
        object_type="cases.case",
        object_id="1",
    )
    with tempfile.TemporaryFile(mode="w+") as worker_log:
        worker = _start_worker(queue, notify_file, worker_log, database_url)
        try:
            pinged = ping.apply_async(queue=queue)
            assert not isinstance(pinged, EagerResult)  # really through the broker
            assert _wait(pinged, worker) == "pong"
            sent = deliver_notification.apply_async(
                kwargs={"payload": public.to_payload()}, queue=queue
            )
            result = _wait(sent, worker)
            assert result == {"delivered": ["file"], "skipped": [], "failed": []}
            if user is not None:
                # The worker looks the user up in the (shared) test database.
                staff = Notification(
                    recipient=Recipient(user_id=user.pk),
                    subject="待办提醒",
                    body="有新的待办件。",
                    event=f"e2e.{queue}",
                ).to_payload()
                sent = deliver_notification.apply_async(kwargs={"payload": staff}, queue=queue)
                result = _wait(sent, worker)
                assert result["delivered"] == ["file"]
        except BaseException:
            worker_log.seek(0)
            print("---- worker output ----\n" + worker_log.read()[-5000:])
            raise
        finally:
            _stop(worker)
            # The queue and kombu's binding keys (named after the queue) go too.
            leftovers = list(client.scan_iter(match=f"*{queue}*"))
            if leftovers:
                client.delete(*leftovers)

    lines = [json.loads(line) for line in notify_file.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["event"] == f"e2e.{queue}"
    assert lines[0]["recipient"]["phone"] == "137****5678"
    assert lines[0]["body"] == "您的申请已受理。"
    assert "13712345678" not in notify_file.read_text(encoding="utf-8")
    if user is not None:
        assert len(lines) == 2
        assert lines[1]["recipient"]["user_id"] == user.pk
    else:
        assert len(lines) == 1


def _wait_for_line(path: Path, event: str, worker) -> dict:
    """The first line of the notification file with ``event``, once the worker wrote it."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            pytest.fail(f"the Celery worker exited with code {worker.returncode}")
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                found = json.loads(line)
                if found["event"] == event:
                    return found
        time.sleep(0.2)
    pytest.fail(f"no {event} notification from the Celery worker within {TIMEOUT} s")


@pytest.mark.django_db(transaction=True)
@pytest.mark.celery
def test_a_real_worker_runs_the_daily_scan_and_delivers_the_digest(monkeypatch, tmp_path):
    _require_redis()
    database_url = _shared_database_url()
    if database_url is None:
        pytest.skip("the worker cannot open an in-memory SQLite test database")
    # Committed data the worker can read: a case accepted on 2026-09-30 with a promised
    # limit of 5 working days (due 10-13 across National Day), under review by a
    # department with one approver. On 10-14 it is overdue.
    seed_from_package([2026])
    department = DepartmentFactory()
    person = approver(department)
    freeze(monkeypatch, date(2026, 9, 30))
    case = services.accept(clerk(), submitted_case(item(promised_limit_days=5)))
    services.dispatch(clerk(), case, [department])
    monkeypatch.undo()

    queue = f"onewindow-e2e-{uuid.uuid4().hex[:12]}"
    notify_file = tmp_path / "out" / "notifications.log"
    client = redis.Redis.from_url(BROKER_URL)
    client.delete(queue)
    with _sending_to_redis(), tempfile.TemporaryFile(mode="w+") as worker_log:
        worker = _start_worker(queue, notify_file, worker_log, database_url)
        try:
            sent = daily_deadline_scan.apply_async(kwargs={"day": "2026-10-14"}, queue=queue)
            assert not isinstance(sent, EagerResult)  # really through the broker
            result = _wait(sent, worker)
            # The worker queued the digest as a deliver_notification task on its own
            # queue and delivered it through the file backend.
            digest = _wait_for_line(notify_file, "cases.deadline_digest", worker)
        except BaseException:
            worker_log.seek(0)
            print("---- worker output ----\n" + worker_log.read()[-5000:])
            raise
        finally:
            _stop(worker)
            leftovers = list(client.scan_iter(match=f"*{queue}*"))
            if leftovers:
                client.delete(*leftovers)

    assert result["warnings_raised"] == 1
    assert result["departments_notified"] == 1
    warning = CaseWarning.objects.get()
    assert (warning.case_id, warning.level) == (case.pk, "overdue")
    assert warning.raised_on == date(2026, 10, 14)
    assert digest["recipient"]["user_id"] == person.pk
    assert digest["subject"] == "办件时限预警（2026-10-14）"
    assert "承诺时限：超期1件" in digest["body"]
    assert f"新超期办件：{case.number}" in digest["body"]
