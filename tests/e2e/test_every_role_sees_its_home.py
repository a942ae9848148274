"""Every demo role logs in through the real login page and sees its own home page."""

import pytest
from django.conf import settings

from onewindow.accounts.demo import DEMO_USERNAMES
from onewindow.core import demo

pytestmark = pytest.mark.django_db(transaction=True)

# The panel title each role's home page must show.
EXPECTED_PANEL = {
    "citizen": "我的办事",
    "enterprise": "我的办事",
    "clerk": "窗口受理",
    "approver": "部门审批",
    "agent": "帮办代办",
    "supervisor": "大厅督查",
    "leader": "全局概览",
    "party": "党组",
    "discipline": "派驻纪检监察",
    "sysadmin": "系统管理",
    "secadmin": "安全管理",
    "auditor": "安全审计",
    "office": "党组治理",
    "personnel": "党组治理",
    "divhead": "党组治理",
    "xunchaban": "巡察办",
}


@pytest.fixture
def demo_data():
    for _step in demo.load_all():
        pass


def test_the_table_covers_every_demo_login():
    assert set(EXPECTED_PANEL) == set(DEMO_USERNAMES)


def test_each_role_logs_in_and_sees_its_home(
    demo_data, live_server, page, screenshot, console_errors
):
    for username, panel in EXPECTED_PANEL.items():
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", settings.DEMO_PASSWORD)
        page.get_by_role("button", name="登录", exact=True).click()
        page.wait_for_url(f"{live_server.url}/")
        heading = page.locator("[data-role-panel] h2").all_inner_texts()
        assert panel in heading, (username, heading)
        screenshot(f"home-{username}")
        # Signing out through the user menu ends the session.
        page.click("[data-testid=user-menu]")
        page.click("button:has-text('退出')")
        page.wait_for_url(f"{live_server.url}/accounts/login/")
        page.goto(f"{live_server.url}/accounts/me/")
        assert "/accounts/login/" in page.url
    assert not [e for e in console_errors if "Content Security Policy" in e]
