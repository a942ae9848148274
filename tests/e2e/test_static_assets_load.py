"""Smoke test of the page frame in a real browser: local assets load and work under the CSP.

The CSP allows only 'self' for scripts and styles, so an inline script, a style=""
attribute, a CDN link or a missing vendor file shows up here as a console error, an
external request or a failed response.
"""

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)

PRIMARY_BLUE = "rgb(26, 79, 139)"  # --ow-primary in static/css/app.css
REQUIRED_ASSETS = [
    "/static/vendor/bootstrap.min.css",
    "/static/vendor/bootstrap-icons.min.css",
    "/static/vendor/fonts/bootstrap-icons.woff2",
    "/static/css/app.css",
    "/static/vendor/htmx.min.js",
    "/static/vendor/bootstrap.bundle.min.js",
    "/static/js/app.js",
]
MISSING_PAGE = "/e2e-no-such-page/"


def csp_errors(errors):
    return [e for e in errors if "Content Security Policy" in e or "Refused to" in e]


def record_static_responses(page):
    responses = {}

    def seen(response):
        if "/static/" in response.url:
            responses[response.url.split("?")[0]] = response.status

    page.on("response", seen)
    return responses


@pytest.mark.parametrize(
    ("path_of", "status"),
    [(lambda: reverse("accounts:login"), 200), (lambda: MISSING_PAGE, 404)],
    ids=["login", "not_found"],
)
def test_frame_loads_local_assets_under_csp(
    live_server, page, console_errors, external_requests, screenshot, path_of, status
):
    static = record_static_responses(page)

    response = page.goto(live_server.url + path_of())
    page.wait_for_load_state("networkidle")

    assert response.status == status
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.evaluate("typeof htmx") == "object"
    # base.html's htmx-config meta was read: no history snapshots of personal data.
    assert page.evaluate("htmx.config.historyCacheSize") == 0
    assert page.evaluate("typeof bootstrap") == "object"
    # A fresh .btn-primary takes Bootstrap's rules and app.css's palette: both stylesheets applied.
    background = page.evaluate(
        """() => {
            const b = document.createElement("button");
            b.className = "btn btn-primary";
            document.body.appendChild(b);
            const colour = getComputedStyle(b).backgroundColor;
            b.remove();
            return colour;
        }"""
    )
    assert background not in ("transparent", "rgba(0, 0, 0, 0)")
    assert background == PRIMARY_BLUE
    icons_loaded = page.evaluate(
        """async () => {
            await document.fonts.ready;
            return [...document.fonts].some(
                f => f.family.replace(/"/g, "") === "bootstrap-icons" && f.status === "loaded");
        }"""
    )
    assert icons_loaded, "Bootstrap Icons font did not load"
    statuses = {asset: static.get(live_server.url + asset) for asset in REQUIRED_ASSETS}
    assert statuses == dict.fromkeys(REQUIRED_ASSETS, 200)
    assert [url for url, code in static.items() if code >= 400] == []
    assert external_requests == []
    assert csp_errors(console_errors) == []
    screenshot(f"frame-{path_of().strip('/').replace('/', '-') or 'home'}")


def test_charts_render_under_csp(live_server, page, console_errors, external_requests):
    page.goto(live_server.url + MISSING_PAGE)
    page.add_script_tag(url="/static/vendor/echarts.min.js")
    page.add_script_tag(url="/static/js/charts.js")
    option = {
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "category", "data": ["一月", "二月", "三月"]},
        "yAxis": {"type": "value"},
        "series": [{"type": "bar", "name": "办件量", "data": [120, 200, 150]}],
    }
    drawn = page.evaluate(
        """(option) => {
            const chart = document.createElement("div");
            chart.className = "ow-chart";
            chart.setAttribute("data-echarts", "e2e-chart-option");
            const data = document.createElement("script");
            data.type = "application/json";
            data.id = "e2e-chart-option";
            data.textContent = option;
            document.querySelector("main").append(chart, data);
            return window.OneWindowCharts.render(document).length;
        }""",
        json.dumps(option),
    )
    assert drawn == 1
    canvas = page.locator(".ow-chart canvas")
    assert canvas.count() == 1
    assert canvas.bounding_box()["height"] == pytest.approx(320, abs=2)  # .ow-chart in app.css
    canvas.hover()  # the tooltip is drawn too: an HTML tooltip would break the CSP
    page.wait_for_timeout(300)
    assert external_requests == []
    assert csp_errors(console_errors) == []


def test_htmx_posts_carry_the_csrf_token(live_server, page):
    page.goto(live_server.url + MISSING_PAGE)
    with page.expect_response(lambda r: r.url.endswith(reverse("set_language"))) as posted:
        page.evaluate(
            """(url) => htmx.ajax("POST", url, {values: {language: "zh-hans"}, swap: "none"})""",
            reverse("set_language"),
        )
    # 403 would mean app.js did not send X-CSRFToken; set_language answers with a redirect.
    assert posted.value.status == 302


def test_language_switch_shows_the_frame_in_english(live_server, page):
    page.goto(live_server.url + MISSING_PAGE)
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "电话 0546-8253386" in page.locator("footer").inner_text()

    page.get_by_role("button", name="切换语言").click()
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("load")

    assert page.locator("html").get_attribute("lang") == "en"
    assert "Tel. 0546-8253386" in page.locator("footer").inner_text()
    assert page.get_by_role("heading", name="Page not found").is_visible()
