"""/metrics: Prometheus numbers per view, per case step, of the outbox, the queue and the
dependencies, for the monitoring server only (decision 0044)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from onewindow.cases import services
from tests.cases.factories import draft_case, ids

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _samples(response) -> dict:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    found = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def _value(name, **labels):
    return REGISTRY.get_sample_value(name, labels) or 0


def test_requests_are_counted_and_timed_by_route_name_and_status(client):
    labels = {"view": "healthz", "method": "GET", "status": "200"}
    before = _value("onewindow_http_requests_total", **labels)
    client.get("/healthz")
    client.get("/healthz")
    client.get("/no-such-page/123456")
    samples = _samples(client.get("/metrics"))
    key = tuple(sorted(labels.items()))
    assert samples[("onewindow_http_requests_total", key)] == before + 2
    assert samples[("onewindow_http_request_duration_seconds_count", key)] >= 2
    # The path is never a label (it would carry case numbers): an unmatched URL is one series.
    unmatched = (("method", "GET"), ("status", "404"), ("view", "<unmatched>"))
    assert samples[("onewindow_http_requests_total", unmatched)] >= 1
    assert not any("123456" in str(labels) for _name, labels in samples)


def test_a_committed_submission_is_counted_as_intake(client, django_capture_on_commit_callbacks):
    before = _value("onewindow_case_moves_total", action="submit")
    case = draft_case()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(case.applicant, case, supplied=ids(case))
    samples = _samples(client.get("/metrics"))
    assert samples[("onewindow_case_moves_total", (("action", "submit"),))] == before + 1


def test_a_rolled_back_submission_is_not_counted(django_capture_on_commit_callbacks):
    before = _value("onewindow_case_moves_total", action="submit")
    case = draft_case()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        from django.db import transaction

        with transaction.atomic():
            services.submit(case.applicant, case, supplied=ids(case))
            raise RuntimeError
    assert _value("onewindow_case_moves_total", action="submit") == before


def test_the_scrape_reads_the_outbox_and_the_dependencies(client):
    from onewindow.core.notify import outbox

    outbox.add({"event": "x", "subject": "s", "body": "b"})  # not committed: never sent here
    samples = _samples(client.get("/metrics"))
    assert samples[("onewindow_outbox_unsent", ())] == 1
    assert samples[("onewindow_outbox_oldest_unsent_seconds", ())] >= 0
    for dependency in ("database", "cache", "broker"):
        assert samples[("onewindow_dependency_up", (("dependency", dependency),))] == 1
    # No broker in the tests: no queue to measure, so no number rather than a false zero.
    assert not any(name == "onewindow_celery_queue_length" for name, _labels in samples)


def test_a_broker_that_does_not_answer_is_down_and_the_scrape_still_answers(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    samples = _samples(client.get("/metrics"))
    assert samples[("onewindow_dependency_up", (("dependency", "broker"),))] == 0
    assert samples[("onewindow_dependency_up", (("dependency", "database"),))] == 1


def test_other_addresses_and_proxied_requests_get_a_plain_404(client):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    # Through nginx (it adds X-Forwarded-For): refused even from the nginx host itself.
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 404
    assert client.post("/metrics").status_code == 404
    refused = client.get("/metrics", REMOTE_ADDR="203.0.113.9")
    assert b"onewindow_" not in refused.content


def test_the_allowed_networks_and_the_token_come_from_settings(client, settings):
    settings.METRICS_ALLOWED_IPS = ["10.20.0.0/16"]
    assert client.get("/metrics").status_code == 404  # 127.0.0.1 is no longer listed
    assert client.get("/metrics", REMOTE_ADDR="10.20.3.4").status_code == 200

    settings.METRICS_TOKEN = "s3cret-scrape-token"
    assert client.get("/metrics", REMOTE_ADDR="10.20.3.4").status_code == 404
    wrong = client.get("/metrics", REMOTE_ADDR="10.20.3.4", HTTP_AUTHORIZATION="Bearer nope")
    assert wrong.status_code == 404
    good = client.get(
        "/metrics", REMOTE_ADDR="10.20.3.4", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token"
    )
    assert good.status_code == 200
    # The token does not open it to an address outside the list.
    elsewhere = client.get(
        "/metrics", REMOTE_ADDR="198.51.100.1", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token"
    )
    assert elsewhere.status_code == 404


def test_nginx_refuses_the_path():
    conf = (ROOT / "deploy/nginx/onewindow-proxy.conf").read_text()
    block = conf.split("location = /metrics {", 1)[1].split("}", 1)[0]
    assert "return 404;" in block


PROCESS = """
import os, sys
import django
django.setup()
from onewindow.core import metrics
metrics.REQUESTS.labels(view="healthz", method="GET", status="200").inc(int(sys.argv[1]))
"""


def test_gunicorn_processes_add_up_in_multiprocess_mode(client, tmp_path, monkeypatch):
    """Two worker processes write their counts to PROMETHEUS_MULTIPROC_DIR; a scrape of the
    node (any process) reports the sum."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    env.setdefault("DJANGO_SETTINGS_MODULE", "onewindow.settings")
    for count in ("3", "4"):
        subprocess.run([sys.executable, "-c", PROCESS, count], env=env, cwd=ROOT, check=True)
    assert len(list(tmp_path.glob("counter_*.db"))) == 2
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    samples = _samples(client.get("/metrics"))
    key = (("method", "GET"), ("status", "200"), ("view", "healthz"))
    assert samples[("onewindow_http_requests_total", key)] == 7
