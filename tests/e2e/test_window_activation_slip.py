"""The window registers an applicant, prints the activation slip, and the applicant signs in.

In Chromium: the clerk looks up an unknown ID number at 代为申请, registers the person and
gets the 账号开通凭证. Printed, the slip keeps its heading and leaves out the site's header,
the calendar banner and the buttons, and it never shows the ID number. A second browser
(the applicant's phone) opens the activation page, sets a password with the code and the
ID number's last four characters, and signs in with it.
"""

import re

import pytest

from onewindow.core.workdays.services import seed_from_package
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

ID_NUMBER = "370502198505051023"
NEW_PASSWORD = "Huanghe#2026kou"


def test_a_window_registered_applicant_activates_and_signs_in(live_server, page, browser):
    seed_from_package([2026])  # 2027 not loaded: the calendar banner shows on every page
    clerk = UserFactory(clerk=True)
    base = live_server.url

    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", clerk.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r".*/$"))
    page.goto(f"{base}/cases/window/apply/")
    page.get_by_label("证件号码").fill(ID_NUMBER)
    page.get_by_role("button", name="查找").click()
    form = page.get_by_test_id("register-applicant")
    form.get_by_label("姓名或企业名称").fill("李小红")
    form.get_by_label("手机号码").fill("13905460001")
    form.get_by_role("button", name="登记").click()

    slip = page.get_by_test_id("activation-slip")
    username = slip.get_by_test_id("slip-username").inner_text().strip()
    code = slip.get_by_test_id("slip-code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", code)
    assert ID_NUMBER not in page.content() and ID_NUMBER[-4:] not in slip.inner_text()

    assert page.locator(".ow-banner").is_visible()  # on screen it is there
    page.emulate_media(media="print")
    assert slip.get_by_role("heading", name="账号开通凭证").is_visible()
    assert not page.locator("nav.ow-navbar").is_visible()
    assert not page.locator(".ow-banner").is_visible()
    assert not page.get_by_test_id("print-slip").is_visible()
    page.emulate_media(media="screen")

    phone = browser.new_context(locale="zh-CN", viewport={"width": 400, "height": 860})
    try:
        mobile = phone.new_page()
        mobile.goto(f"{base}/accounts/login/")
        mobile.get_by_role("link", name="窗口开户用户开通账号").click()
        mobile.get_by_label("账号", exact=True).fill(username)
        mobile.get_by_label("开通码").fill(code.lower())  # typed as it comes
        mobile.get_by_label("证件号码后四位").fill(ID_NUMBER[-4:])
        mobile.get_by_label("新密码", exact=True).fill(NEW_PASSWORD)
        mobile.get_by_label("确认新密码").fill(NEW_PASSWORD)
        mobile.get_by_role("button", name="开通账号").click()
        mobile.wait_for_url(re.compile(r".*/accounts/login/.*"))
        assert "账号已开通" in mobile.content()

        mobile.fill("input[name=username]", username)
        mobile.fill("input[name=password]", NEW_PASSWORD)
        mobile.get_by_role("button", name="登录", exact=True).click()
        mobile.wait_for_url(re.compile(r".*/$"))
        assert "李小红" in mobile.content()
    finally:
        phone.close()
