"""A social investment project through the four stages, in Chromium.

The enterprise registers the project and applies for each stage on its page (one form,
one set of materials; what earlier stages hold is not asked again); the clerk accepts at
the construction windows B01–B04; each department's approver decides its own items. In
the 施工许可 stage two departments (住建 and 人防) review in parallel and the stage ends
within its 3-working-day limit; the page then shows the 施工许可证. The completion stage
records 竣工验收备案 for a building.
"""

import pytest

from onewindow.core.workdays.calendar import get_calendar
from onewindow.projects.models import Permit, Project
from tests.accounts.factories import PASSWORD
from tests.projects.helpers import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def _login(page, base, user):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_load_state()


def _ok(page):
    assert page.locator(".alert-danger").count() == 0, page.locator(".alert-danger").inner_text()


def test_social_project_through_four_stages(page, live_server, console_errors, screenshot):
    w = build_world()
    base = live_server.url

    _login(page, base, w.enterprise)
    page.goto(f"{base}/projects/")
    page.fill("#p-name", "黄河口科创园一期")
    page.fill("#p-code", "2026-370502-47-03-000088")
    page.fill("#p-location", "东营区府前大街以南")
    page.select_option("#p-kind", "social")
    page.select_option("#p-procedure", "filing")
    page.select_option("#p-type", "industrial")
    page.select_option("#p-land", "granted")
    page.fill("#p-investment", "28000")
    page.get_by_role("button", name="登记", exact=True).click()
    _ok(page)
    project = Project.objects.get(code="2026-370502-47-03-000088")
    url = f"{base}/projects/{project.pk}/"

    fields = {
        "works_permit": {"design_unit": "东营市建筑设计研究院", "building_area": "12000"},
        "construction_permit": {
            "builder_name": "山东黄河建工集团",
            "supervisor_name": "东营诚信监理公司",
            "contract_price": "5600",
        },
        "completion": {"completion_date": "2026-12-31", "building_count": "1"},
    }
    stages = ["planning", "works_permit", "construction_permit", "completion"]
    for order, code in enumerate(stages, start=1):
        _login(page, base, w.enterprise)
        page.goto(url)
        for key, value in fields.get(code, {}).items():
            page.fill(f"#f-{key}", value)
        page.locator('[data-testid="apply"] button[type=submit]').click()
        _ok(page)

        _login(page, base, w.clerk)
        page.goto(url)
        card = page.locator(f'[data-testid="accept-{code}"]')
        assert f"B0{order}" in card.locator("select option:checked").inner_text()
        card.locator("button[type=submit]").click()
        _ok(page)

        run = project.runs.get(stage__code=code)
        departments = sorted({r.department.code for r in run.reviews.select_related("department")})
        if code == "construction_permit":
            assert departments == ["ST-RFB", "ST-ZJJ"]  # two departments in parallel
            assert run.clock.limit_days == 3
            page.goto(url)
            clocks = page.locator('[data-testid="department-clocks"]').inner_text()
            assert "区住房和城乡建设局" in clocks and "区人防办" in clocks
        for dept in departments:
            _login(page, base, w.approvers[dept])
            page.goto(url)
            while page.locator('[data-testid="my-reviews"] form').count():
                page.locator('[data-testid="my-reviews"] form').first.get_by_role(
                    "button", name="通过"
                ).click()
                _ok(page)
        if code == "completion":
            _login(page, base, w.approvers["ST-ZJJ"])
            page.goto(url)
            page.fill("#b-name", "1号厂房")
            page.fill("#b-area", "12000")
            page.locator('[data-testid="building"] button[type=submit]').click()
            _ok(page)
        run.refresh_from_db()
        assert run.status == "done", code

    cp = project.runs.get(stage__code="construction_permit")
    assert get_calendar().workdays_between(cp.started_on, cp.finished_on) <= 3

    _login(page, base, w.enterprise)
    page.goto(url)
    permit = Permit.objects.get(project=project, kind="construction")
    shown = page.locator('[data-testid="permit-construction"]').inner_text()
    assert "建筑工程施工许可证" in shown and permit.number in shown
    assert "已竣工" in page.locator('[data-testid="current-stage"]').inner_text()
    assert "1号厂房" in page.locator('[data-testid="permits"]').inner_text()
    screenshot("project-four-stages")
    assert console_errors == []
