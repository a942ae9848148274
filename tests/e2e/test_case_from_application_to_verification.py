"""A case from the online application to the certificate's QR verification, in Chromium.

The citizen applies online without the 容缺-eligible material; the window accepts on a
signed promise and sends the case to two departments; the applicant brings the promised
material to the window while review goes on; both departments approve; the case is
decided and a certificate issued; the applicant downloads the PDF, the QR code printed on
it is read back, and the public verification page says the certificate is valid. The
applicant's timeline shows every step.
"""

import re
import shutil
import subprocess

import pytest

from onewindow.accounts.constants import Role
from onewindow.core.workdays.services import seed_from_package
from tests.accounts.factories import PASSWORD, DepartmentFactory, UserFactory
from tests.cases.factories import CONDITIONAL, CORE, item
from tests.cases.upload_samples import pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(settings, live_server, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The QR code prints the public address; here the public address is the live server.
    settings.CASES_PUBLIC_BASE_URL = live_server.url
    seed_from_package([2025, 2026, 2027])
    home, other = (
        DepartmentFactory(name="东营区住房和城乡建设局"),
        DepartmentFactory(name="东营区自然资源局"),
    )
    people = {
        "citizen": UserFactory(citizen=True),
        "clerk": UserFactory(clerk=True),
        "approver_a": UserFactory(role=Role.APPROVER, department=home),
        "approver_b": UserFactory(role=Role.APPROVER, department=other),
    }
    the_item = item(department=home, name="建筑工程施工许可证核发")
    return the_item, people, (home, other)


def _login(page, base, user):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r".*/(accounts/password/change/)?$"))


def _decode_qr(pdf_path, tmp_path):
    """The text of the QR code printed on the PDF (poppler renders, zbar reads)."""
    if not (shutil.which("pdftoppm") and shutil.which("zbarimg")):
        return None
    png = tmp_path / "certificate"
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", pdf_path, png], check=True)
    out = subprocess.run(
        ["zbarimg", "--raw", "-q", f"{png}.png"], capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def test_online_application_to_qr_verification(
    world, live_server, page, screenshot, console_errors, tmp_path
):
    the_item, people, (home, other) = world
    base = live_server.url
    page.on("dialog", lambda dialog: dialog.accept())  # the confirm() before decisions

    # 1. The citizen applies online with the core materials; the 容缺 one comes later.
    _login(page, base, people["citizen"])
    page.goto(f"{base}/cases/apply/{the_item.code}/?step=3")  # no form: straight to the files
    for index, name in enumerate(CORE):
        page.get_by_label(re.compile(rf"\d+\. {name}")).set_input_files(
            {"name": f"{index}.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
        )
    page.get_by_test_id("step-next").click()
    page.wait_for_url(re.compile(r".*step=4$"))
    page.get_by_test_id("submit-application").click()
    page.wait_for_url(re.compile(r".*/cases/DY\d{14}/$"))
    number = page.url.rstrip("/").rsplit("/", 1)[-1]
    screenshot("case-1-submitted")

    # 2. The window accepts on a signed promise (容缺受理) and dispatches to two departments.
    _login(page, base, people["clerk"])
    page.goto(f"{base}/cases/window/cases/{number}/")
    section = page.get_by_test_id("action-conditional")
    section.get_by_label(CONDITIONAL).check()
    section.get_by_label("申请人已签署承诺书").check()
    section.get_by_role("button", name="容缺受理").click()
    page.wait_for_load_state()
    assert "容缺受理" in page.get_by_test_id("case-status").inner_text()
    section = page.get_by_test_id("action-dispatch")
    for department in (home, other):
        section.get_by_label(department.name).check()
    section.get_by_role("button", name="分送").click()
    page.wait_for_load_state()
    assert "审查中" in page.get_by_test_id("case-status").inner_text()

    # 3. The promised material arrives while the departments review (补齐容缺材料).
    section = page.get_by_test_id("action-supply")
    section.get_by_label(CONDITIONAL).check()
    section.get_by_role("button", name="登记补齐").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("action-supply").count() == 0
    screenshot("case-2-window")

    # 4. Both departments review and approve, in parallel.
    for approver in (people["approver_a"], people["approver_b"]):
        _login(page, base, approver)
        page.goto(f"{base}/cases/department/")
        page.get_by_role("link", name=number).click()
        page.get_by_test_id("action-start").get_by_role("button", name="开始审查").click()
        page.wait_for_load_state()
        section = page.get_by_test_id("action-approve")
        section.get_by_label("审查意见").fill("材料齐全，符合条件，同意。")
        section.get_by_role("button", name="同意").click()
        page.wait_for_load_state()
        assert page.get_by_test_id("no-actions").is_visible()

    # 5. The applicant sees the decision, every step on the timeline, and the certificate.
    _login(page, base, people["citizen"])
    page.goto(f"{base}/cases/{number}/")
    timeline = page.get_by_test_id("case-timeline").inner_text()
    steps = ["提交申请", "容缺受理", "分送部门审查", "补齐容缺材料", "部门审查同意", "作出审批决定"]
    positions = [timeline.find(step) for step in steps]
    assert -1 not in positions, timeline
    assert positions == sorted(positions), timeline
    assert timeline.count("部门审查同意") == 2
    assert home.name in timeline and other.name in timeline
    certificates = page.get_by_test_id("case-certificates")
    assert "有效" in certificates.get_by_test_id("certificate-status").inner_text()
    screenshot("case-3-decided")

    with page.expect_download() as download_info:
        certificates.get_by_test_id("certificate-download").click()
    pdf_path = tmp_path / "certificate.pdf"
    download_info.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")

    # 6. The QR code on the PDF leads to the public verification page: valid.
    verify_url = certificates.get_by_test_id("certificate-verify-link").get_attribute("href")
    decoded = _decode_qr(pdf_path, tmp_path)
    if decoded is not None:
        assert decoded.endswith(verify_url), (decoded, verify_url)
        target = decoded
    else:  # no QR reader on this machine: the link printed beside the QR code
        target = base + verify_url
    page.context.clear_cookies()  # verification is public
    page.goto(target)
    body = page.locator("main").inner_text()
    assert "有效" in body and "建筑工程施工许可证" in body
    screenshot("case-4-verified")
    assert not [e for e in console_errors if "Content Security Policy" in e]
