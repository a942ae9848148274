"""Issue 15's day, in Chromium: a new enterprise from the home page search to the
certificate signed for in its 站内信.

The enterprise finds a 法人 item with the home page search (法人办事), applies in steps,
saves a 暂存 draft and resumes it from 我的草稿, meets one validation error on the
materials (a web page disguised as a PDF) while the good file stays chosen, fixes it, and
chooses 电子送达 (with consent) at the last step. The clerk finds the case by the
enterprise's credit code in 办件查询 and accepts it; the
department's 承办 returns it to the window (退回窗口), the window asks for a correction, the
enterprise corrects, the window dispatches again; 承办, 审核 and 签发 sign in turn. The
enterprise, the certificate's holder, reads the delivery in its inbox and signs: the case
is concluded and the delivery clock stopped.

The applicant's steps are the portal's (portal_steps.py); the staff's are below.
"""

import random
import re

import pytest

from onewindow.accounts.constants import Role
from onewindow.accounts.demo import demo_uscc
from onewindow.cases.constants import CaseStatus, SignoffLevel
from onewindow.cases.models import Case, SignoffGrant
from onewindow.catalog.constants import ApplicantType
from onewindow.core.workdays.services import seed_from_package
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.cases.factories import CONDITIONAL, item
from tests.cases.upload_samples import pdf_bytes

from . import portal_steps as steps
from .portal_steps import login

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "食品经营许可证核发"
FIELDS = [
    {"key": "company_name", "label": "单位名称", "field_type": "text"},
    {"key": "uscc", "label": "统一社会信用代码", "field_type": "uscc"},
    {"key": "legal_rep", "label": "法定代表人", "field_type": "text"},
    {"key": "phone", "label": "联系电话", "field_type": "phone"},
    {"key": "business_address", "label": "经营场所", "field_type": "text"},
]


@pytest.fixture
def world(settings, live_server, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CASES_PUBLIC_BASE_URL = live_server.url
    settings.CASES_SIGNOFF_LEVELS = "handle,check,sign"
    seed_from_package([2025, 2026, 2027])
    department = DepartmentFactory(name="东营区市场监督管理局")
    the_item = item(department=department, name=NAME, form_fields=FIELDS)
    version = the_item.published_version
    version.applicant_type = ApplicantType.ORGANISATION
    version.save(update_fields=["applicant_type"])
    people = {
        "firm": UserFactory(
            enterprise=True,
            display_name="东营市新开张餐饮有限公司",
            uscc=demo_uscc(random.Random(2026)),
            must_change_password=False,
        ),
        "clerk": UserFactory(clerk=True),
        "handler": UserFactory(role=Role.APPROVER, department=department),
        "checker": UserFactory(role=Role.APPROVER, department=department),
        "signer": UserFactory(role=Role.APPROVER, department=department, display_name="王签发"),
    }
    SignoffGrant.objects.create(user=people["checker"], level=SignoffLevel.CHECK)
    SignoffGrant.objects.create(user=people["signer"], level=SignoffLevel.SIGN)
    return the_item, people


def _upload(page, names):
    for index, name in enumerate(names):
        steps.choose_file(page, name, f"{index}.pdf", pdf_bytes(name))


def apply_from_the_home_search(page, base, the_item, firm) -> str:
    """Search → 法人办事 → the stepped form with a 暂存 draft and one refused file → 电子送达
    at the last step; the case number."""
    steps.search_from_home(page, base, "食品经营", the_item.code)
    steps.filter_results(page, who_label="法人办事")
    steps.open_apply_from_results(page, the_item.code)
    # 1 申请人信息: the name and the credit code come from the account.
    assert page.get_by_label("统一社会信用代码", exact=True).input_value() == firm.uscc
    steps.fill_fields(page, {"法定代表人": "李开张", "联系电话": "13905461234"})
    steps.next_step(page, 2)
    # 2 申请事项信息, then 暂存 and back through 我的草稿.
    steps.fill_fields(page, {"经营场所": "东营区府前大街 55 号"})
    steps.save_draft(page)
    steps.resume_from_my_drafts(page, NAME)
    assert page.get_by_label("经营场所", exact=True).input_value() == "东营区府前大街 55 号"
    steps.next_step(page, 3)
    # 3 上传材料: one refused file; the good one stays chosen, nothing to choose again.
    steps.choose_file(page, "身份证明", "身份证明.pdf", pdf_bytes("id"))
    steps.choose_file(page, "营业执照", "营业执照.pdf", b"<html><script>alert(1)</script>")
    page.get_by_test_id("step-next").click()
    page.wait_for_load_state()
    assert "不接受网页（HTML）" in page.get_by_test_id("material-error").inner_text()
    assert "已选择：身份证明.pdf" in page.content()
    _upload(page, ["营业执照", CONDITIONAL])
    steps.next_step(page, 4)
    # 4 确认提交 with 电子送达.
    choice = page.get_by_test_id("delivery-choice")
    choice.get_by_role("radio", name="电子送达").check()
    choice.get_by_label(re.compile("同意以站内信方式电子送达")).check()
    return steps.submit(page)


def find_by_credit_code_and_accept(page, base, uscc, number):
    """The clerk searches 办件查询 by the credit code, opens the case and accepts it."""
    page.goto(f"{base}/cases/search/")
    page.get_by_test_id("case-search-form").locator("input[name=q]").fill(uscc)
    page.get_by_test_id("case-search-submit").click()
    page.wait_for_load_state()
    results = page.get_by_test_id("search-results")
    results.get_by_role("link", name=number).click()
    page.get_by_role("link", name="在受理工作台打开").click()
    page.get_by_test_id("action-accept").get_by_role("button", name="受理").click()
    page.wait_for_load_state()
    assert "已受理" in page.get_by_test_id("case-status").inner_text()


def dispatch(page, department):
    section = page.get_by_test_id("action-dispatch")
    section.get_by_label(department.name).check()
    section.get_by_role("button", name="分送").click()
    page.wait_for_load_state()
    assert "审查中" in page.get_by_test_id("case-status").inner_text()


def open_task(page, base, number):
    page.goto(f"{base}/cases/department/")
    page.get_by_role("link", name=number).click()


def return_to_window(page, base, number):
    """承办 starts the review and sends the case back to the window with a reason."""
    open_task(page, base, number)
    page.get_by_test_id("action-start").get_by_role("button", name="开始审查").click()
    page.wait_for_load_state()
    section = page.get_by_test_id("action-return")
    section.locator("textarea").fill("营业执照副本不清晰，请重新提供")
    section.get_by_role("button", name="退回窗口").click()
    page.wait_for_load_state()


def request_correction(page, base, number):
    page.goto(f"{base}/cases/window/cases/{number}/")
    section = page.get_by_test_id("action-correction")
    section.locator("textarea").fill("请重新上传清晰的营业执照")
    section.get_by_role("button", name="通知补正").click()
    page.wait_for_load_state()


def correct(page, base, number):
    page.goto(f"{base}/cases/{number}/supplement/")
    page.get_by_label(re.compile(r"\d+\. 营业执照")).set_input_files(
        {"name": "营业执照.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes("clear")}
    )
    page.get_by_test_id("submit-supplement").click()
    page.wait_for_url(re.compile(rf".*/cases/{number}/$"))


def sign(page, base, number, *, start=False):
    open_task(page, base, number)
    if start:
        page.get_by_test_id("action-start").get_by_role("button", name="开始审查").click()
        page.wait_for_load_state()
    section = page.get_by_test_id("action-approve")
    section.locator("textarea").fill("材料齐全，符合条件，同意。")
    section.get_by_role("button", name="同意").click()
    page.wait_for_load_state()


def read_in_inbox_and_sign(page, base, number):
    """The holder opens the delivery from its inbox and signs the receipt."""
    page.get_by_test_id("nav-inbox").click()
    page.get_by_test_id("inbox-message").filter(has_text="电子送达：").first.click()
    assert number in page.get_by_test_id("inbox-body").inner_text()
    page.get_by_test_id("inbox-link").click()
    assert page.get_by_test_id("case-certificates").is_visible()
    page.get_by_test_id("e-delivery-confirm").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("e-delivery-signed").is_visible()


def test_enterprise_applies_with_electronic_delivery_and_signs_in_its_inbox(
    world, live_server, page, screenshot, console_errors
):
    the_item, people = world
    base = live_server.url
    page.on("dialog", lambda dialog: dialog.accept())
    department = the_item.department

    login(page, base, people["firm"])
    number = apply_from_the_home_search(page, base, the_item, people["firm"])
    submitted = Case.objects.get(number=number)
    assert submitted.delivery_method == "electronic" and submitted.applicant == people["firm"]
    assert submitted.materials.filter(document__original_name="身份证明.pdf").exists()

    login(page, base, people["clerk"])
    find_by_credit_code_and_accept(page, base, people["firm"].uscc, number)
    dispatch(page, department)

    login(page, base, people["handler"])
    return_to_window(page, base, number)
    login(page, base, people["clerk"])
    request_correction(page, base, number)
    login(page, base, people["firm"])
    correct(page, base, number)
    login(page, base, people["clerk"])
    page.goto(f"{base}/cases/window/cases/{number}/")
    dispatch(page, department)

    login(page, base, people["handler"])
    sign(page, base, number, start=True)
    login(page, base, people["checker"])
    sign(page, base, number)
    login(page, base, people["signer"])
    sign(page, base, number)
    case = Case.objects.select_related("delivery_clock").get(number=number)
    assert case.status == CaseStatus.DECIDED and case.delivery_clock.stopped_on is None
    screenshot("e-delivery-1-decided")

    login(page, base, people["firm"])
    assert page.get_by_test_id("nav-inbox-unread").is_visible()
    read_in_inbox_and_sign(page, base, number)
    screenshot("e-delivery-2-signed")

    case = Case.objects.select_related("delivery_clock").get(number=number)
    assert case.status == CaseStatus.CONCLUDED
    assert case.delivery_clock.stopped_on is not None
    assert case.certificates.get().holder_name == "东营市新开张餐饮有限公司"

    # The window sees the receipt on the timeline.
    login(page, base, people["clerk"])
    page.goto(f"{base}/cases/search/cases/{number}/")
    assert "电子送达签收" in page.locator("main").inner_text()
    # The refused step answers 400 (the page with its errors); nothing else may fail.
    assert [e for e in console_errors if "status of 400" not in e] == []
