"""取号叫号 in Chromium: a ticket taken at the machine by phone, called at a window by
its clerk, shown on the hall display; the supervisor's board shows the waiting time."""

from datetime import date

import pytest
from playwright.sync_api import expect

from onewindow.accounts.constants import Role
from onewindow.org.demo import load_network
from onewindow.org.models import Window, WindowAssignment
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _login(page, base, user):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(f"{base}/**")


def test_a_ticket_is_taken_called_and_shown_and_its_wait_reaches_the_board(
    live_server, browser, page, console_errors, screenshot
):
    load_network()
    window = Window.objects.get(site__code="DYQ-HALL", number="A02")
    clerk = UserFactory(clerk=True, display_name="李窗口")
    WindowAssignment.objects.create(window=window, user=clerk, started_on=date(2020, 1, 1))
    supervisor = UserFactory(role=Role.SUPERVISOR)
    base = live_server.url

    page.goto(f"{base}/hall/queue/take/")
    page.select_option("select[name=zone]", window.zone)
    page.fill("input[name=phone]", "13812345678")
    page.get_by_role("button", name="取号").click()
    ticket = page.get_by_test_id("ticket")
    ticket.wait_for()
    assert "A001" in ticket.inner_text()

    screen = browser.new_page()
    screen.goto(f"{base}/hall/queue/display/")
    assert "A001" not in screen.get_by_test_id("called").inner_text()

    _login(page, base, clerk)
    page.goto(f"{base}/hall/queue/desk/")
    page.get_by_role("button", name="叫下一位").click()
    expect(page.get_by_test_id("current-ticket")).to_have_text("A001")

    # The display refreshes itself (htmx, every 5 s): no reload here.
    screen.get_by_test_id("called").get_by_text("A001").wait_for(timeout=15_000)
    assert "A02" in screen.get_by_test_id("called").inner_text()
    screen.close()

    page.context.clear_cookies()
    _login(page, base, supervisor)
    page.goto(f"{base}/hall/")
    waits = page.get_by_test_id("waits")
    assert window.zone in waits.inner_text() and "平均等候" in waits.inner_text()
    screenshot("hall-board-waits")
    assert console_errors == []
