"""The supervisor's main path in Chromium: plan today's unannounced patrols, record a
finding with a photo at a window, and see the board with today's patrols and the
quarter's ranking chart (drawn by ECharts, no console errors)."""

import pytest
from PIL import Image

from onewindow.accounts.constants import Role
from onewindow.hall.models import Finding
from onewindow.org.demo import load_network
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _login(page, base, user):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(f"{base}/**")


def _photo(tmp_path):
    path = tmp_path / "window.png"
    Image.new("RGB", (64, 48), (200, 30, 30)).save(path)
    return path


def test_the_supervisor_patrols_and_sees_the_board(
    live_server, page, console_errors, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_network()
    supervisor = UserFactory(role=Role.SUPERVISOR, display_name="刘督查")
    base = live_server.url
    _login(page, base, supervisor)

    page.get_by_role("link", name="大厅督查").first.click()
    page.get_by_role("link", name="巡查", exact=True).click()
    page.get_by_role("button", name="生成今日巡查时间").click()
    first = page.locator("section.card").first
    first.locator("select[name=window]").select_option(label="A03 综合受理窗口")
    first.locator("select[name=kind]").select_option("unattended")
    first.locator("input[name=note]").fill("窗口无人值守")
    first.locator("input[name=photo]").set_input_files(str(_photo(tmp_path)))
    first.get_by_role("button", name="登记问题").click()
    page.get_by_text("已登记巡查问题").wait_for()
    finding = Finding.objects.get()
    assert finding.window.number == "A03" and finding.photo.name

    page.get_by_role("link", name="督查看板").click()
    patrols = page.get_by_test_id("today-patrols").locator("li")
    assert patrols.count() >= 4
    assert "已巡查" in patrols.first.inner_text()
    chart = page.locator("[data-echarts=ranking-chart] canvas")
    chart.first.wait_for()
    assert page.locator("[data-echarts=ranking-chart]").bounding_box()["height"] > 100
    assert "A03" in page.locator("#h-findings").locator("..").locator("..").inner_text()
    screenshot("hall-board")
    assert console_errors == []
