"""Browser tests: Playwright (sync API) driving Debian's Chromium against live_server.

Fixtures:
  browser          one headless Chromium for the session (skipped, or failed under CI=1,
                   when the binary is missing)
  page             a fresh context per test: zh-CN, 1280x900; requests to any host other
                   than the live server are blocked and listed (no CDN may be needed)
  console_errors   the page's console errors and uncaught exceptions (CSP violations
                   appear here), as strings
  external_requests  URLs the page tried to load from another host
  screenshot       screenshot("name") saves test-artifacts/screenshots/<name>.png

A failing test saves test-artifacts/screenshots/FAILED-<test name>.png by itself.
Every test in this folder is marked ``e2e`` (run only these: ``pytest -m e2e``; skip
them: ``pytest -m "not e2e"``).
"""

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in the test thread, so Django's ORM would
# refuse to run there ("You cannot call this from an async context").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = REPO_ROOT / "test-artifacts" / "screenshots"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}

_phase_reports = pytest.StashKey[dict]()
_console_errors = pytest.StashKey[list]()
_external_requests = pytest.StashKey[list]()


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item so the page fixture knows, at teardown,
    # whether the test failed and a screenshot is worth saving.
    report = yield
    item.stash.setdefault(_phase_reports, {})[report.when] = report
    return report


def _unavailable(what, install):
    # On a developer's machine a missing browser skips; in CI it must not pass silently.
    if os.environ.get("CI"):
        pytest.fail(f"{what}，CI 必须运行浏览器测试：{install}", pytrace=False)
    pytest.skip(f"{what}，跳过浏览器测试：{install}")


def _chromium_path():
    configured = os.environ.get("CHROMIUM_PATH", DEFAULT_CHROMIUM)
    return configured if os.path.isfile(configured) else shutil.which(configured)


def _safe_name(text):
    return re.sub(r"[^\w.-]+", "_", text).strip("_")[:150] or "page"


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_path()
    if not executable:
        wanted = os.environ.get("CHROMIUM_PATH", DEFAULT_CHROMIUM)
        _unavailable(f"未找到 Chromium（{wanted}）", "apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("未安装 Playwright", "pip install playwright")

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
    except Exception:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    errors = request.node.stash.setdefault(_console_errors, [])
    external = request.node.stash.setdefault(_external_requests, [])

    def block_external(route):
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("http:", "https:")) and host not in LOCAL_HOSTS:
            external.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", block_external)
    new_page = context.new_page()
    new_page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )
    new_page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    yield new_page

    reports = request.node.stash.get(_phase_reports, {})
    if any(report.failed for report in reports.values()):
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / f"FAILED-{_safe_name(request.node.nodeid)}.png"
        try:
            new_page.screenshot(path=str(path), full_page=True)
        except Exception as exc:  # the page may be gone; the test's own error matters more
            print(f"截图失败：{exc}")
        else:
            print(f"失败截图：{path}")
    context.close()


@pytest.fixture
def console_errors(page, request):
    return request.node.stash[_console_errors]


@pytest.fixture
def external_requests(page, request):
    return request.node.stash[_external_requests]


@pytest.fixture
def screenshot(page):
    def save(name, *, full_page=True):
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / f"{_safe_name(name)}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return save
