"""The production profile passes `manage.py check --deploy` and refuses missing keys."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(extra_env):
    # Keys and profile come only from the test: the test process may hold a local .env's.
    skip = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", *_production_env()}
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _production_env():
    return {
        "ONEWINDOW_PROFILE": "production",
        "ONEWINDOW_ENV_FILE": "",  # a developer's local .env must not supply the keys
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PII_ENCRYPTION_KEY": secrets.token_hex(16),
        "PII_INDEX_KEY": secrets.token_hex(32),
        "AUDIT_HMAC_KEY": secrets.token_hex(32),
        "ALLOWED_HOSTS": "zwfw.example.gov.cn",
        "DATABASE_URL": "sqlite:////tmp/onewindow-deploy-check.sqlite3",
        # What a deployment must set instead of the demo's defaults (core/checks.py).
        "CACHE_URL": "redis://127.0.0.1:6379/9",
        "CASES_PUBLIC_BASE_URL": "https://zwfw.example.gov.cn",
        "PROXY_COUNT": "1",
        "NOTIFY_BACKENDS": "console,email",
    }


def test_check_deploy_is_clean_with_production_settings():
    result = _run(_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_keys():
    env = _production_env()
    del env["PII_ENCRYPTION_KEY"]
    result = _run(env)
    assert result.returncode != 0
    assert "PII_ENCRYPTION_KEY" in result.stderr


@pytest.mark.parametrize(
    ("setting", "value", "check_id"),
    [
        ("CACHE_URL", None, "onewindow.E010"),  # the per-process default
        ("CACHE_URL", "filecache:///tmp/onewindow-cache", "onewindow.E010"),
        ("CASES_PUBLIC_BASE_URL", None, "onewindow.E011"),  # http://127.0.0.1:8000
        ("CASES_PUBLIC_BASE_URL", "http://zwfw.example.gov.cn", "onewindow.E011"),
        ("CASES_PUBLIC_BASE_URL", "https://192.168.1.10", "onewindow.E011"),
        ("PROXY_COUNT", None, "onewindow.E012"),
        ("NOTIFY_BACKENDS", None, "onewindow.W013"),  # console only
    ],
)
def test_check_deploy_fails_on_each_unsafe_default(setting, value, check_id):
    env = _production_env()
    if value is None:
        del env[setting]
    else:
        env[setting] = value
    result = _run(env)
    assert result.returncode != 0
    assert check_id in result.stderr + result.stdout
