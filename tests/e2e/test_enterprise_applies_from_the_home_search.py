"""A new enterprise finds a 法人 item from the home page search and applies in steps.

It saves a 暂存 draft, resumes it from 我的草稿, meets one validation error on the
materials (a web page disguised as a PDF) while the good file stays chosen, fixes it and
submits. The steps are functions in portal_steps.py, to be joined by longer tests.
"""

import pytest

from onewindow.cases.constants import CaseStatus
from onewindow.cases.models import ApplicationDraft, Case
from onewindow.catalog.constants import ApplicantType
from onewindow.core.workdays.services import seed_from_package
from tests.accounts.factories import UserFactory
from tests.cases.upload_samples import pdf_bytes
from tests.catalog.factories import ServiceItemFactory, material

from . import portal_steps as steps

pytestmark = pytest.mark.django_db(transaction=True)

USCC = "91370502MA3C8KQX73"
NAME = "食品经营许可证核发（企业）"
FIELDS = [
    {"key": "company_name", "label": "单位名称", "field_type": "text"},
    {"key": "uscc", "label": "统一社会信用代码", "field_type": "uscc"},
    {"key": "legal_rep", "label": "法定代表人", "field_type": "text"},
    {"key": "phone", "label": "联系电话", "field_type": "phone"},
    {"key": "business_address", "label": "经营场所", "field_type": "text"},
]


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_from_package([2025, 2026, 2027])
    organisation_item = ServiceItemFactory(
        published=True,
        name=NAME,
        applicant_type=ApplicantType.ORGANISATION,
        materials=[material("营业执照"), material("场所平面图")],
        form_fields=FIELDS,
    )
    enterprise = UserFactory(enterprise=True, display_name="东营市清风湖商贸有限公司", uscc=USCC)
    return organisation_item, enterprise


def test_enterprise_searches_applies_in_steps_with_a_draft_and_a_fixed_error(
    world, live_server, page, screenshot, console_errors
):
    the_item, enterprise = world
    base = live_server.url

    steps.login(page, base, enterprise)
    steps.search_from_home(page, base, "食品经营", the_item.code)
    steps.filter_results(page, who_label="法人办事")
    screenshot("portal-search-organisation")
    steps.open_apply_from_results(page, the_item.code)

    # 1 申请人信息: the name and the credit code come from the account.
    assert page.get_by_label("单位名称", exact=True).input_value() == enterprise.display_name
    assert page.get_by_label("统一社会信用代码", exact=True).input_value() == USCC
    steps.fill_fields(page, {"法定代表人": "李清风", "联系电话": "13905461234"})
    steps.next_step(page, 2)

    # 2 申请事项信息, then 暂存 and come back through 我的草稿.
    steps.fill_fields(page, {"经营场所": "东营区府前大街 55 号"})
    steps.save_draft(page)
    steps.resume_from_my_drafts(page, NAME)
    assert page.get_by_label("经营场所", exact=True).input_value() == "东营区府前大街 55 号"
    steps.next_step(page, 3)

    # 3 上传材料: one good file, one refused; the good one stays chosen.
    steps.choose_file(page, "营业执照", "营业执照.pdf", pdf_bytes("licence"))
    steps.choose_file(page, "场所平面图", "平面图.pdf", b"<html><script>alert(1)</script>")
    page.get_by_test_id("step-next").click()
    page.wait_for_load_state()
    assert "不接受网页（HTML）" in page.get_by_test_id("material-error").inner_text()
    assert "已选择：营业执照.pdf" in page.content()
    screenshot("portal-apply-file-kept-after-error")
    steps.choose_file(page, "场所平面图", "平面图.pdf", pdf_bytes("plan"))
    steps.next_step(page, 4)

    # 4 确认提交: the sealed phone is shown masked, both files listed.
    confirm = page.get_by_test_id("confirm-materials").inner_text()
    assert "营业执照.pdf" in confirm and "平面图.pdf" in confirm
    assert "13905461234" not in page.content()
    number = steps.submit(page)

    case = Case.objects.get(number=number)
    assert case.applicant == enterprise and case.status == CaseStatus.SUBMITTED
    assert case.form_data["uscc"] == USCC
    assert {m.document.original_name for m in case.materials.all()} == {
        "营业执照.pdf",
        "平面图.pdf",
    }
    assert not ApplicationDraft.objects.exists()
    # The refused step answers 400 (the page with its errors); nothing else may fail.
    assert [e for e in console_errors if "status of 400" not in e] == []
