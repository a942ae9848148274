"""A bad rating by a window's QR code, to its remedy order, in Chromium.

The clerk on duty at a window of 区不动产登记中心 opens the window's screen and starts a visit
for a case: the screen shows the visit's QR code. The code's address (read from the image's
data attribute, and decoded from the image itself when zbar is installed) is opened on a
phone: a fresh context with a mobile viewport, never signed in, and rates 非常不满意 with a
comment. The code is bound to the case, so the rating is real-name through the case's
applicant and the unit must call them back.
The department's approver finds the remedy order (差评整改) with its 5-working-day clock,
starts it and replies, and is refused when closing it without a callback; after recording
the callback the order closes. The public page then counts the bad rating.
"""

import base64
import re
import shutil
import subprocess
from datetime import date

import pytest
from django.conf import settings as django_settings

from onewindow.accounts.constants import Role
from onewindow.core.workdays import clock as clock_math
from onewindow.core.workdays.calendar import get_calendar
from onewindow.core.workdays.services import seed_from_package
from onewindow.feedback.models import RatingPush, WorkOrder
from onewindow.org.models import ServiceSite, Window
from onewindow.org.services import assign_staff
from tests.accounts.factories import PASSWORD, DepartmentFactory, UserFactory
from tests.cases.factories import item, submitted_case
from tests.e2e.conftest import SCREENSHOT_DIR

pytestmark = pytest.mark.django_db(transaction=True)

COMMENT = "材料要求前后说法不一致，跑了两趟"
REFUSAL = "实名差评须先回访评价人并登记回访记录，才能办结整改工单"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
}


@pytest.fixture
def world(settings, live_server, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CASES_PUBLIC_BASE_URL = live_server.url  # the QR code prints the public address
    settings.FEEDBACK_PROVINCIAL_FILE = tmp_path / "provincial.jsonl"
    seed_from_package([2025, 2026, 2027])
    department = DepartmentFactory(code="ST-BDC", name="区不动产登记中心")
    hall = ServiceSite.objects.create(code="DYQ-HALL", name="区政务服务中心", kind="service_hall")
    window = Window.objects.create(
        site=hall,
        number="E01",
        name="不动产登记受理窗口",
        kind="specialised",
        department=department,
    )
    clerk = UserFactory(clerk=True, display_name="窗口人员甲")
    assign_staff(clerk, "E01", date(2025, 1, 2))
    approver = UserFactory(role=Role.APPROVER, department=department, display_name="审批人员乙")
    applicant = UserFactory(citizen=True)
    case = submitted_case(the_item=item(department=department), applicant=applicant)
    return {
        "window": window,
        "clerk": clerk,
        "approver": approver,
        "applicant": applicant,
        "case": case,
        "department": department,
    }


def _login(page, base, user, next_url=None):
    target = f"{base}/accounts/login/" + (f"?next={next_url}" if next_url else "")
    page.goto(target)
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_load_state()


def _decode_qr(src: str, tmp_path):
    """The text of a QR code image given as a data: URI (zbar reads), or None without zbar."""
    if not (shutil.which("zbarimg") and src.startswith("data:image/")):
        return None
    header, _, encoded = src.partition(",")
    suffix = "svg" if "svg" in header else "png"
    path = tmp_path / f"qr.{suffix}"
    path.write_bytes(base64.b64decode(encoded))
    if suffix == "svg":
        if not shutil.which("convert"):
            return None
        png = tmp_path / "qr.png"
        subprocess.run(["convert", str(path), str(png)], check=True)
        path = png
    out = subprocess.run(["zbarimg", "--raw", "-q", str(path)], capture_output=True, text=True)
    return out.stdout.strip() or None


def test_a_one_star_rating_by_qr_code_opens_a_remedy_that_needs_a_callback(
    world, live_server, page, browser, screenshot, console_errors, tmp_path
):
    base = live_server.url
    case, window = world["case"], world["window"]

    # 1. The clerk on duty starts a visit for the case: the screen shows its QR code.
    _login(page, base, world["clerk"])
    page.goto(f"{base}/feedback/windows/{window.pk}/screen/")
    page.get_by_placeholder("办件编号").fill(case.number)
    page.get_by_role("button", name="生成评价码").click()
    qr = page.locator("[data-testid=screen-qr] img[data-qr-payload]")
    qr.wait_for()
    screenshot("rating-qr-window-screen")
    address = qr.get_attribute("data-qr-payload")
    assert address.startswith(base + "/feedback/rate/")
    decoded = _decode_qr(qr.get_attribute("src"), tmp_path)
    if decoded is not None:
        assert decoded == address

    # 2. On a phone (a fresh context, not signed in): the code opens the rating page.
    phone = browser.new_context(**PHONE)
    mobile = phone.new_page()
    try:
        mobile.goto(address)
        assert case.number in mobile.get_by_test_id("rate-target").inner_text()
        one_star = mobile.locator("input[name=level][value='1']").get_attribute("id")
        mobile.locator(f"label[for='{one_star}']").click()  # 非常不满意
        assert mobile.locator("input[name=level]:checked").get_attribute("value") == "1"
        mobile.fill("textarea[name=comment]", COMMENT)
        mobile.get_by_test_id("rate-submit").click()
        mobile.wait_for_url(re.compile(r".*/feedback/rate/thanks/$"))
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        mobile.screenshot(path=str(SCREENSHOT_DIR / "rating-qr-phone-thanks.png"))
        # The same code cannot be used twice.
        mobile.goto(address)
        assert "已使用" in mobile.content()
    finally:
        phone.close()

    order = WorkOrder.objects.get(rating__case=case)
    today = order.clock.started_on
    due = clock_math.due_date_for(
        get_calendar(), today, django_settings.FEEDBACK_REMEDY_WORKDAYS, True
    )
    assert order.clock.due_date == due and order.rating.is_real_name
    # The rating went to the provincial platform after commit.
    assert RatingPush.objects.get(rating=order.rating).status == "sent"

    # 3. The department's approver finds the remedy order with its 5-working-day clock.
    page.context.clear_cookies()
    _login(page, base, world["approver"])
    page.goto(f"{base}/feedback/orders/?tab=all")
    row = page.locator(f"tr[data-order='{order.number}']")
    assert "差评整改" in row.inner_text()
    row.get_by_role("link", name=order.number).click()
    page.wait_for_url(re.compile(rf".*/feedback/orders/{order.number}/$"))
    assert page.get_by_test_id("order-department").inner_text() == "区不动产登记中心"
    assert page.get_by_test_id("order-due").inner_text() == f"{due:%Y-%m-%d}（5个工作日）"
    assert COMMENT in page.content()

    # 4. Start, reply, then close without a callback: refused, in Chinese.
    page.get_by_test_id("action-start").get_by_role("button").click()
    page.wait_for_load_state()
    reply = page.get_by_test_id("action-reply")
    reply.locator("textarea[name$=verification]").fill("经核实，窗口人员对新版材料目录掌握不准确")
    reply.locator("textarea[name$=reply]").fill("已组织学习新版材料目录，并向评价人致歉")
    reply.get_by_role("button").click()
    page.wait_for_load_state()
    page.get_by_test_id("action-close").get_by_role("button").click()
    page.wait_for_load_state()
    assert REFUSAL in page.get_by_test_id("action-error").inner_text()
    screenshot("rating-qr-close-refused")
    order.refresh_from_db()
    assert order.status == "replied" and order.closed_at is None

    # 5. With the callback recorded, the order closes.
    callback = page.get_by_test_id("action-record_callback")
    callback.locator("select[name$=result]").select_option("satisfied")
    callback.get_by_role("button").click()
    page.wait_for_load_state()
    page.get_by_test_id("action-close").get_by_role("button").click()
    page.wait_for_load_state()
    order.refresh_from_db()
    assert order.status == "closed"

    # 6. The public page counts it: one rating, one bad, remedied on time.
    page.goto(f"{base}/feedback/public/")
    assert page.get_by_test_id("total-bad").inner_text().startswith("1")
    assert page.get_by_test_id("total-satisfaction-rate").inner_text().startswith("0.00%")
    page.wait_for_function("() => !!window.echarts && !!document.querySelector('canvas')")
    screenshot("rating-qr-public-page")
    # The refused close answers 400 (the browser logs that); nothing else may fail (CSP, JS).
    assert [e for e in console_errors if "status of 400" not in e] == []
