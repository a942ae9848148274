"""Steps of the applicant's portal, as small functions a longer browser test can chain.

Each takes the Playwright ``page`` (and what it needs) and leaves the browser where the
next step starts: signed in → home search → results filtered → the stepped form →
暂存 → 我的草稿 → materials with a validation error → submitted. The clerk's acceptance
and what follows can be joined after ``submit``, which returns the case number.
"""

import re

from tests.accounts.factories import PASSWORD

PDF = "application/pdf"


def login(page, base, user):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r".*/(accounts/password/change/)?$"))


def search_from_home(page, base, words, code):
    """Type into the home page's search box, see the item among the live suggestions,
    then open the full results (Enter)."""
    page.goto(f"{base}/")
    box = page.locator("#portal-q")
    box.press_sequentially(words, delay=40)
    page.locator(f"#portal-live-results [data-testid=search-hit][data-code='{code}']").wait_for()
    box.press("Enter")
    page.wait_for_url(re.compile(r".*/services/search/\?.*q="))


def filter_results(page, *, who_label):
    """Keep one applicant type (个人办事 / 法人办事); the page reloads with the filter."""
    page.get_by_test_id("search-who").get_by_text(who_label, exact=True).click()
    page.wait_for_url(re.compile(r".*who="))


def open_apply_from_results(page, code):
    hit = page.locator(f"[data-testid=search-hit][data-code='{code}']")
    hit.get_by_test_id("search-apply").click()
    page.wait_for_url(re.compile(rf".*/cases/apply/{re.escape(code)}/.*"))


def fill_fields(page, values: dict):
    for label, value in values.items():
        page.get_by_label(label, exact=True).fill(value)


def next_step(page, expected_step: int):
    page.get_by_test_id("step-next").click()
    page.wait_for_url(re.compile(rf".*step={expected_step}$"))


def save_draft(page):
    """暂存: the page comes back on the same step with the draft saved."""
    page.get_by_test_id("save-draft").click()
    page.wait_for_load_state()
    assert "已暂存" in page.content()


def resume_from_my_drafts(page, name):
    """Through the navigation: 我的草稿 → 继续填写 of the draft named ``name``."""
    page.get_by_role("link", name="我的草稿").first.click()
    page.wait_for_url(re.compile(r".*/cases/drafts/$"))
    row = page.get_by_test_id("draft-row").filter(has_text=name)
    row.get_by_test_id("draft-resume").click()
    page.wait_for_url(re.compile(r".*/cases/apply/.*draft=\d+.*"))


def choose_file(page, material_name, file_name, data, mime=PDF):
    page.get_by_label(re.compile(rf"^\d+\. {re.escape(material_name)}$")).set_input_files(
        {"name": file_name, "mimeType": mime, "buffer": data}
    )


def submit(page) -> str:
    """确认提交 on the last step; returns the case number from the case's page."""
    page.get_by_test_id("submit-application").click()
    page.wait_for_url(re.compile(r".*/cases/DY\d{14}/$"))
    return page.url.rstrip("/").rsplit("/", 1)[-1]
