"""A citizen applies online: the item's form and materials, through the pages (issue 4).

Covers: the form built from the guide's fields, Chinese messages with nothing written,
personal data encrypted in the form and masked on the page, files in the material
library and reused by a later case, the bundle's one form, a draft reused, the
deficiency notice answered with a supplement, and "my cases".
"""

import random
from pathlib import Path
from urllib.parse import quote

import pytest
from django.urls import reverse

from onewindow.accounts.demo import demo_id_number
from onewindow.cases import services
from onewindow.cases.constants import CaseStatus, MaterialStatus
from onewindow.cases.models import ApplicantDocument, Case, CaseEvent
from onewindow.core.errors import Conflict
from onewindow.core.pii.masking import mask_id_number, mask_phone
from tests.accounts.factories import PASSWORD, UserFactory
from tests.cases.factories import clerk
from tests.cases.upload_samples import docx_bytes, jpeg_bytes, pdf_bytes, png_bytes, upload
from tests.catalog.factories import BundleFactory, ServiceItemFactory, material

pytestmark = pytest.mark.django_db

ID_NUMBER = demo_id_number(random.Random(2026))
PHONE = "13905461234"

FIELDS = [
    {"key": "applicant_name", "label": "经营者姓名", "field_type": "text", "max_length": 20},
    {"key": "id_number", "label": "身份证号码", "field_type": "id_number", "max_length": 18},
    {"key": "phone", "label": "联系电话", "field_type": "phone", "max_length": 20},
    {
        "key": "form",
        "label": "组成形式",
        "field_type": "choice",
        "choices": ["个人经营", "家庭经营"],
        "max_length": 10,
    },
    {
        "key": "area",
        "label": "经营面积（平方米）",
        "field_type": "number",
        "required": False,
        "max_length": 20,
    },
    {
        "key": "opening",
        "label": "开业日期",
        "field_type": "date",
        "required": False,
        "max_length": 20,
    },
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    return root


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def shop_item(**overrides):
    return ServiceItemFactory(
        published=True,
        name=overrides.pop("name", "个体工商户设立登记"),
        materials=overrides.pop(
            "materials",
            [
                material("身份证明"),
                material("经营场所证明"),
                material("场地照片", conditional_eligible=True),
            ],
        ),
        form_fields=overrides.pop("form_fields", FIELDS),
        **overrides,
    )


def type_ids(item) -> dict[str, int]:
    version = item.published_version
    return {m.name: m.material_type_id for m in version.materials.all()}


def good_form(**overrides) -> dict:
    data = {
        "applicant_name": "王小明",
        "id_number": ID_NUMBER,
        "phone": PHONE,
        "form": "个人经营",
        "area": "35.5",
        "opening": "2026-03-01",
    }
    data.update(overrides)
    return data


def apply_url(item) -> str:
    return reverse("cases:apply", kwargs={"item_code": item.code})


def post_application(client, item, data=None, files=None):
    payload = dict(good_form() if data is None else data)
    ids = type_ids(item)
    if files is None:
        files = {
            "身份证明": upload("身份证.pdf", pdf_bytes("id")),
            "经营场所证明": upload("场所证明.docx", docx_bytes()),
        }
    for name, value in files.items():
        key = f"reuse_{ids[name]}" if value == "reuse" else f"material_{ids[name]}"
        payload[key] = "on" if value == "reuse" else value
    return client.post(apply_url(item), payload)


def test_a_citizen_applies_for_an_item_with_uploads_through_the_pages(client, media):
    item = shop_item()
    citizen = UserFactory(citizen=True)
    client.force_login(citizen)

    # The page asks in steps (test_apply_in_steps_with_drafts.py); each step is a page.
    html = ""
    for step in (1, 2, 3):
        page = client.get(f"{apply_url(item)}?step={step}")
        assert page.status_code == 200
        assert 'enctype="multipart/form-data"' in page.content.decode()
        html += page.content.decode()
    for text in ("个体工商户设立登记", "经营者姓名", "身份证号码", "组成形式", "经营场所证明"):
        assert text in html

    response = post_application(client, item)
    case = Case.objects.get(applicant=citizen)
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", kwargs={"number": case.number})
    assert case.status == CaseStatus.SUBMITTED and case.submitted_at is not None
    assert case.item_version == item.published_version

    # The form: typed values; personal data encrypted at rest, never in clear.
    assert case.form_data["applicant_name"] == "王小明"
    assert case.form_data["area"] == 35.5 and case.form_data["opening"] == "2026-03-01"
    assert case.form_data["form"] == "个人经营"
    raw = str(Case.objects.filter(pk=case.pk).values_list("form_data", flat=True)[0])
    assert ID_NUMBER not in raw and PHONE not in raw
    assert case.form_data["id_number"].startswith("v1:")

    # The materials: the two files stored under generated names, the 容缺 one missing.
    by_name = {m.name: m for m in case.materials.select_related("document")}
    assert by_name["身份证明"].status == MaterialStatus.SUPPLIED
    assert by_name["身份证明"].document.original_name == "身份证.pdf"
    assert by_name["身份证明"].document.content_type == "application/pdf"
    assert by_name["经营场所证明"].document.owner == citizen
    assert by_name["场地照片"].status == MaterialStatus.MISSING
    assert by_name["场地照片"].document is None
    files = stored_files(media)
    assert len(files) == 2
    assert all("身份证" not in p.name and "场所" not in p.name for p in files)

    detail = client.get(response["Location"]).content.decode()
    assert "待受理" in detail and "身份证.pdf" in detail and "场所证明.docx" in detail
    assert mask_id_number(ID_NUMBER) in detail and ID_NUMBER not in detail
    assert mask_phone(PHONE) in detail and PHONE not in detail
    assert "提交申请" in detail  # the timeline
    assert [e.action for e in CaseEvent.objects.filter(case=case)] == ["submit"]


def test_form_errors_are_shown_in_chinese_and_nothing_is_half_written(client, media):
    item = shop_item()
    client.force_login(UserFactory(citizen=True))
    bad = good_form(
        applicant_name="",
        id_number="370502199001011234",  # wrong check digit
        phone="12345",
        form="合伙经营",  # not one of the choices
        area="三十",
        opening="2026-02-30",
    )
    # One good file given: it must not be stored either, since the rest is wrong.
    response = post_application(
        client, item, bad, files={"身份证明": upload("身份证.pdf", pdf_bytes())}
    )
    html = response.content.decode()
    assert response.status_code == 400
    for message in (
        "申请未提交：请按提示修改标出的内容后重新提交。",
        "请填写经营者姓名",
        "身份证号码校验位不正确",
        "手机号码应为以1开头的11位数字",
        "组成形式请从可选项中选择",
        "经营面积（平方米）应填写数字",
        "开业日期应为有效日期",
        "请上传“经营场所证明”",
    ):
        assert message in html, message
    # What was typed comes back for correction, except personal data (never echoed).
    assert 'value="三十"' in html
    assert "370502199001011234" not in html
    assert Case.objects.count() == 0
    assert ApplicantDocument.objects.count() == 0
    assert stored_files(media) == []


def test_too_long_text_is_refused_with_the_fields_limit(client):
    item = shop_item()
    client.force_login(UserFactory(citizen=True))
    response = post_application(client, item, good_form(applicant_name="名" * 21))
    assert response.status_code == 400
    assert "经营者姓名不能超过20个字" in response.content.decode()
    assert Case.objects.count() == 0


def test_a_failure_after_the_files_were_written_removes_them_too(client, media, monkeypatch):
    item = shop_item()
    client.force_login(UserFactory(citizen=True))

    def someone_else_was_faster(*args, **kwargs):
        raise Conflict("该办件已被他人处理，请刷新后重试")

    monkeypatch.setattr(services, "submit", someone_else_was_faster)
    response = post_application(client, item)
    assert response.status_code == 400
    assert "该办件已被他人处理" in response.content.decode()
    assert Case.objects.count() == 0 and ApplicantDocument.objects.count() == 0
    assert stored_files(media) == []


def test_a_second_case_reuses_the_document_from_the_library(client, media):
    first_item = shop_item()
    second_item = shop_item(
        name="食品经营许可",
        materials=[material("身份证明"), material("食品安全管理制度")],
        form_fields=FIELDS[:3],
    )
    citizen = UserFactory(citizen=True)
    client.force_login(citizen)
    post_application(client, first_item)
    first = Case.objects.get(applicant=citizen)
    id_document = first.materials.get(name="身份证明").document

    page = client.get(f"{apply_url(second_item)}?step=3").content.decode()
    assert "使用材料库中的文件“身份证.pdf”" in page

    response = post_application(
        client,
        second_item,
        good_form(),
        files={"身份证明": "reuse", "食品安全管理制度": upload("制度.pdf", pdf_bytes("rules"))},
    )
    assert response.status_code == 302
    second = Case.objects.exclude(pk=first.pk).get(applicant=citizen)
    assert second.materials.get(name="身份证明").document == id_document  # the same record
    assert ApplicantDocument.objects.filter(owner=citizen).count() == 3
    assert len(stored_files(media)) == 3
    assert second.materials.get(name="身份证明").status == MaterialStatus.SUPPLIED


def test_reuse_of_a_document_the_applicant_does_not_have_is_refused(client):
    item = shop_item()
    client.force_login(UserFactory(citizen=True))
    data = good_form()
    ids = type_ids(item)
    data[f"reuse_{ids['身份证明']}"] = "on"  # a forged checkbox: nothing in the library
    data[f"material_{ids['经营场所证明']}"] = upload("场所.pdf", pdf_bytes())
    response = client.post(apply_url(item), data)
    assert response.status_code == 400
    assert "请上传“身份证明”" in response.content.decode()
    assert Case.objects.count() == 0


def test_the_same_file_uploaded_twice_by_one_owner_is_stored_once(
    client, media, django_capture_on_commit_callbacks
):
    item = shop_item()
    citizen = UserFactory(citizen=True)
    client.force_login(citizen)
    same_pdf = pdf_bytes("identity card")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):  # each its own transaction
            response = post_application(
                client,
                item,
                files={
                    "身份证明": upload("身份证.pdf", same_pdf),
                    "经营场所证明": upload("场所.png", png_bytes()),
                },
            )
        assert response.status_code == 302
    cases = list(Case.objects.filter(applicant=citizen))
    assert len(cases) == 2
    docs = {c.materials.get(name="身份证明").document_id for c in cases}
    assert len(docs) == 1
    assert ApplicantDocument.objects.filter(owner=citizen).count() == 2
    assert len(stored_files(media)) == 2

    # Another person's identical file is their own record (never shared across owners).
    other = UserFactory(citizen=True)
    client.force_login(other)
    post_application(
        client,
        item,
        files={
            "身份证明": upload("a.pdf", same_pdf),
            "经营场所证明": upload("b.jpg", jpeg_bytes()),
        },
    )
    mine = Case.objects.get(applicant=other).materials.get(name="身份证明").document
    assert mine.owner == other and mine.pk not in docs


def test_an_open_draft_of_the_same_version_is_submitted_instead_of_a_new_case(client):
    item = shop_item()
    citizen = UserFactory(citizen=True)
    client.force_login(citizen)
    client.post(reverse("cases:start", kwargs={"item_code": item.code}))
    draft = Case.objects.get(applicant=citizen)
    assert draft.status == CaseStatus.DRAFT
    detail = client.get(reverse("cases:detail", kwargs={"number": draft.number})).content.decode()
    assert apply_url(item) in detail  # "继续填写并提交"
    assert draft.number in client.get(apply_url(item)).content.decode()

    response = post_application(client, item)
    assert response.status_code == 302
    assert list(Case.objects.filter(applicant=citizen).values_list("pk", flat=True)) == [draft.pk]
    draft.refresh_from_db()
    assert draft.status == CaseStatus.SUBMITTED


def test_a_bundle_is_applied_for_with_one_form_and_each_material_once(client):
    shared = material("营业执照")
    one = ServiceItemFactory(
        published=True, materials=[shared, material("公章样式")], form_fields=FIELDS[:3]
    )
    two = ServiceItemFactory(
        published=True,
        materials=[material("营业执照"), material("开户申请书")],
        form_fields=[FIELDS[0], FIELDS[3]],
    )
    bundle = BundleFactory(items=[one, two], name="企业开办一件事（测试）")
    citizen = UserFactory(enterprise=True)
    client.force_login(citizen)
    url = reverse("cases:apply_bundle", kwargs={"code": bundle.code})

    html = "".join(client.get(f"{url}?step={n}").content.decode() for n in (1, 2, 3))
    assert html.count("营业执照</label>") == 1
    assert "经营者姓名" in html and "组成形式" in html and "开户申请书" in html

    ids = {m.name: m.material_type_id for m in one.published_version.materials.all()}
    ids.update({m.name: m.material_type_id for m in two.published_version.materials.all()})
    data = good_form()
    for name in ("营业执照", "公章样式", "开户申请书"):
        data[f"material_{ids[name]}"] = upload(f"{name}.pdf", pdf_bytes(name))
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get(applicant=citizen)
    assert case.bundle == bundle and case.item_version is None
    assert sorted(case.materials.values_list("name", flat=True)) == sorted(
        ["营业执照", "公章样式", "开户申请书"]
    )
    assert set(case.form_data) == {"applicant_name", "id_number", "phone", "form"}


def test_a_deficiency_notice_is_answered_with_the_missing_file(client, media):
    item = shop_item()
    citizen = UserFactory(citizen=True)
    client.force_login(citizen)
    post_application(client, item)
    case = Case.objects.get(applicant=citizen)
    ids = type_ids(item)
    services.issue_deficiency_notice(
        clerk(), case, [ids["经营场所证明"], ids["场地照片"]], note="场所证明不清晰"
    )

    detail_url = reverse("cases:detail", kwargs={"number": case.number})
    detail = client.get(detail_url).content.decode()
    supplement_url = reverse("cases:supplement", kwargs={"number": case.number})
    assert "待补正" in detail and "场所证明不清晰" in detail and supplement_url in detail

    page = client.get(supplement_url).content.decode()
    assert "经营场所证明" in page and "场地照片" in page
    # Only one of the two listed: refused, nothing changed.
    response = client.post(
        supplement_url, {f"material_{ids['经营场所证明']}": upload("新场所证明.pdf", pdf_bytes())}
    )
    assert response.status_code == 400
    assert "请上传“场地照片”" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.DEFICIENT

    response = client.post(
        supplement_url,
        {
            f"material_{ids['经营场所证明']}": upload("新场所证明.pdf", pdf_bytes("clear")),
            f"material_{ids['场地照片']}": upload("场地.jpg", jpeg_bytes()),
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    place = case.materials.select_related("document").get(name="经营场所证明")
    assert place.status == MaterialStatus.SUPPLIED
    assert place.document.original_name == "新场所证明.pdf"
    assert "补正材料" in client.get(detail_url).content.decode()


def test_my_cases_lists_the_applicants_own_cases_with_status_and_due_date(client):
    item = shop_item()
    citizen = UserFactory(citizen=True)
    client.force_login(citizen)
    post_application(
        client,
        item,
        files={
            "身份证明": upload("身份证.pdf", pdf_bytes()),
            "经营场所证明": upload("场所.pdf", pdf_bytes("place")),
            "场地照片": upload("场地.png", png_bytes()),
        },
    )
    mine = Case.objects.get(applicant=citizen)
    services.accept(clerk(), mine)
    mine.refresh_from_db()
    others = Case.objects.create(
        number="DY20990101000001",
        applicant=UserFactory(citizen=True),
        item_version=mine.item_version,
    )
    html = client.get(reverse("cases:my_cases")).content.decode()
    assert mine.number in html and others.number not in html
    assert "已受理" in html
    assert mine.promised_clock.due_date.strftime("%Y-%m-%d") in html


def test_the_case_page_shows_the_promised_date_and_the_timeline_expects_the_decision(client):
    item = shop_item()
    citizen = UserFactory(citizen=True)
    client.force_login(citizen)
    post_application(
        client,
        item,
        files={
            "身份证明": upload("身份证.pdf", pdf_bytes()),
            "经营场所证明": upload("场所.pdf", pdf_bytes("place")),
            "场地照片": upload("场地.png", png_bytes()),
        },
    )
    case = Case.objects.get(applicant=citizen)
    detail_url = reverse("cases:detail", args=[case.number])
    before = client.get(detail_url).content.decode()
    assert 'data-testid="timeline-expected"' not in before  # no clock before acceptance
    services.accept(clerk(), case)
    case.refresh_from_db()
    due = case.promised_clock.due_date.strftime("%Y-%m-%d")
    html = client.get(detail_url).content.decode()
    assert "承诺办结日期" in html and due in html
    expected = html.split('data-testid="timeline-expected"', 1)[1].split("</li>", 1)[0]
    assert "预计办结" in expected and f'datetime="{due}"' in expected


def test_staff_accounts_do_not_apply_online(client):
    item = shop_item()
    client.force_login(clerk())
    assert client.get(apply_url(item)).status_code == 403
    assert post_application(client, item).status_code == 403
    assert Case.objects.count() == 0


def test_applying_needs_a_login_and_an_existing_item(client):
    item = shop_item()
    response = client.get(apply_url(item))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(UserFactory(citizen=True))
    assert client.get(reverse("cases:apply", kwargs={"item_code": "NO-SUCH"})).status_code == 404
    missing = reverse("cases:apply_bundle", kwargs={"code": "NO-SUCH"})
    assert client.get(missing).status_code == 404


def test_logging_in_from_a_guide_lands_on_the_apply_form_and_not_elsewhere(client):
    item = shop_item()
    guide = client.get(reverse("catalog:item_guide", args=[item.code])).content.decode()
    login_link = f"{reverse('accounts:login')}?next={quote(apply_url(item))}"
    assert f'href="{login_link}"' in guide
    assert client.get(login_link).status_code == 200
    citizen = UserFactory(citizen=True)
    login = {"username": citizen.username, "password": PASSWORD}
    response = client.post(login_link, login)
    assert response.status_code == 302 and response["Location"] == apply_url(item)
    assert client.get(response["Location"]).status_code == 200
    client.logout()
    # An address on another host is ignored: the login goes to its usual page instead.
    external = f"{reverse('accounts:login')}?next={quote('https://evil.example/x')}"
    response = client.post(external, login)
    assert response.status_code == 302 and "evil.example" not in response["Location"]


def test_the_guides_offer_online_application_to_citizens_and_enterprises(client):
    item = shop_item()
    bundle = BundleFactory()
    client.force_login(UserFactory(citizen=True))
    guide = client.get(reverse("catalog:item_guide", args=[item.code])).content.decode()
    assert f'href="{apply_url(item)}"' in guide
    bundle_guide = client.get(reverse("catalog:bundle_guide", args=[bundle.code])).content.decode()
    assert reverse("cases:apply_bundle", kwargs={"code": bundle.code}) in bundle_guide
    client.force_login(clerk())
    guide = client.get(reverse("catalog:item_guide", args=[item.code])).content.decode()
    assert apply_url(item) not in guide
