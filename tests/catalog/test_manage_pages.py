"""Management pages: staff manage their own department's items; everyone else gets 404."""

import pytest
from django.urls import reverse

from onewindow.accounts.constants import Role
from onewindow.catalog import services
from onewindow.catalog.models import Bundle, Industry, ItemVersion, ListEntry, ServiceItem
from tests.accounts.factories import UserFactory
from tests.catalog.factories import (
    BundleFactory,
    IndustryFactory,
    ServiceItemFactory,
    bureau_publisher,
    department_editor,
    material,
)

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"catalog:{name}", kwargs=kwargs)


def _item_post(department=None, **overrides):
    data = {
        "name": "公共场所卫生许可",
        "kind": "licence",
        "applicant_type": "both",
        "statutory_limit_days": "20",
        "promised_limit_days": "5",
        "fee": "",
        "materials": (
            "营业执照|复印件|1|政府部门核发|是|否\n卫生管理制度|原件|1|申请人自备|是|是|管理制度"
        ),
        "form_fields": "phone|联系电话|手机号码|是||20",
        "steps": "受理|窗口受理\n审查\n决定",
    }
    if department is not None:
        data.update(code="WS-0001", department=department.code)
    data.update(overrides)
    return data


def test_every_management_page_renders_for_the_bureau(client):
    client.force_login(bureau_publisher())
    item = ServiceItemFactory(published=True)
    draft = services.start_revision(None, item)
    bundle, industry = BundleFactory(), IndustryFactory()
    pages = [
        url("manage_items"),
        url("manage_review"),
        url("manage_item_create"),
        url("manage_item", code=item.code),
        url("manage_item_history", code=item.code),
        url("manage_item_withdraw", code=item.code),
        url("manage_version", pk=draft.pk),
        url("manage_version_edit", pk=draft.pk),
        url("manage_version_reject", pk=draft.pk),
        url("manage_bundles"),
        url("manage_bundle_create"),
        url("manage_bundle_edit", code=bundle.code),
        url("manage_industries"),
        url("manage_industry_create"),
        url("manage_industry_edit", code=industry.code),
    ]
    for page in pages:
        assert client.get(page).status_code == 200, page


def test_department_staff_create_an_item_from_the_form(client):
    editor = department_editor()
    client.force_login(editor)
    response = client.post(url("manage_item_create"), _item_post(editor.department))
    assert response.status_code == 302
    item = ServiceItem.objects.get(code="WS-0001")
    version = item.versions.get()
    assert version.created_by == editor
    materials = list(version.materials.all())
    assert [m.name for m in materials] == ["营业执照", "卫生管理制度"]
    assert materials[1].material_type.name == "管理制度" and materials[1].conditional_eligible
    assert materials[0].form == "copy" and materials[0].source == "government"
    assert [s.name for s in version.steps.all()] == ["受理", "审查", "决定"]
    assert version.form_fields.get().field_type == "phone"


def test_form_errors_are_shown_in_chinese_and_nothing_is_saved(client):
    editor = department_editor()
    client.force_login(editor)
    ServiceItemFactory(code="WS-0001")
    post = _item_post(editor.department, promised_limit_days="30", materials="|原件")
    response = client.post(url("manage_item_create"), post)
    assert response.status_code == 200
    text = response.content.decode()
    assert "事项编码已存在" in text
    assert "承诺办结时限不能超过法定办结时限" in text
    assert "申请材料第1项：请填写材料名称" in text
    assert ServiceItem.objects.count() == 1


def test_department_staff_cannot_pick_another_department(client):
    editor = department_editor()
    client.force_login(editor)
    other = ServiceItemFactory().department
    response = client.post(url("manage_item_create"), _item_post(other))
    assert response.status_code == 200
    assert not ServiceItem.objects.filter(code="WS-0001").exists()


def test_edit_submit_publish_through_the_pages(client):
    editor = department_editor()
    item = ServiceItemFactory(department=editor.department, published=True)
    client.force_login(editor)
    response = client.post(url("manage_item_revise", code=item.code))
    draft = item.versions.get(number=2)
    assert response["Location"] == url("manage_version_edit", pk=draft.pk)

    post = _item_post(change_note="增加卫生管理制度")
    assert client.post(url("manage_version_edit", pk=draft.pk), post).status_code == 302
    client.post(url("manage_version_submit", pk=draft.pk))
    assert ItemVersion.objects.get(pk=draft.pk).status == "in_review"
    # Department staff have no publish page.
    assert client.post(url("manage_version_publish", pk=draft.pk)).status_code == 404

    client.force_login(bureau_publisher())
    client.post(url("manage_version_publish", pk=draft.pk))
    assert ItemVersion.objects.get(pk=draft.pk).status == "published"

    client.force_login(editor)
    history = client.get(url("manage_item_history", code=item.code)).content.decode()
    assert "增加卫生管理制度" in history and editor.display_name in history
    assert "新增材料" in history and "卫生管理制度" in history


def test_a_forbidden_transition_is_shown_not_crashed(client):
    item = ServiceItemFactory(published=True)
    client.force_login(bureau_publisher())
    response = client.post(url("manage_version_submit", pk=item.published_version.pk), follow=True)
    assert response.status_code == 200
    assert "不能提交审核" in response.content.decode()


def test_reject_and_withdraw_need_a_reason(client):
    item = ServiceItemFactory(published=True)
    draft = services.start_revision(None, item)
    services.submit_for_review(None, draft)
    client.force_login(bureau_publisher())
    assert client.post(url("manage_version_reject", pk=draft.pk), {"reason": ""}).status_code == 200
    response = client.post(url("manage_version_reject", pk=draft.pk), {"reason": "依据不全"})
    assert response.status_code == 302
    assert ItemVersion.objects.get(pk=draft.pk).review_note == "依据不全"
    client.post(url("manage_item_withdraw", code=item.code), {"reason": "职能调整"})
    item.refresh_from_db()
    assert item.published_version is None


def test_other_departments_items_are_404(client):
    item = ServiceItemFactory(published=True)
    version = item.published_version
    client.force_login(department_editor())
    for page in (
        url("manage_item", code=item.code),
        url("manage_item_history", code=item.code),
        url("manage_version", pk=version.pk),
        url("manage_version_edit", pk=version.pk),
    ):
        assert client.get(page).status_code == 404, page
    assert client.post(url("manage_item_revise", code=item.code)).status_code == 404
    assert client.post(url("manage_version_submit", pk=version.pk)).status_code == 404
    assert item.versions.count() == 1
    assert item.code not in client.get(url("manage_items")).content.decode()


@pytest.mark.parametrize(
    "make",
    [
        lambda: UserFactory(citizen=True),
        lambda: UserFactory(role=Role.SUPERVISOR),
        lambda: UserFactory(role=Role.SECURITY_ADMIN),
        lambda: UserFactory(role=Role.AUDIT_ADMIN),
    ],
)
def test_people_who_do_not_manage_the_catalogue_get_404(client, make):
    client.force_login(make())
    bundle = BundleFactory()
    for page in (
        url("manage_items"),
        url("manage_item_create"),
        url("manage_bundles"),
        url("manage_bundle_edit", code=bundle.code),
        url("manage_industries"),
        url("manage_review"),
    ):
        assert client.get(page).status_code == 404, page


def test_department_staff_do_not_manage_bundles_lists_or_industries(client):
    item = ServiceItemFactory(published=True)
    client.force_login(department_editor(item.department))
    for page in (url("manage_bundles"), url("manage_industries"), url("manage_review")):
        assert client.get(page).status_code == 404
    response = client.post(url("manage_list_add", code=item.code), {"list_code": "instant"})
    assert response.status_code == 404 and not ListEntry.objects.exists()


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(url("manage_items"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_bureau_puts_an_item_on_a_list(client):
    item = ServiceItemFactory(published=True)
    client.force_login(bureau_publisher())
    client.post(url("manage_list_add", code=item.code), {"list_code": "delegated", "level": "town"})
    entry = ListEntry.objects.get()
    assert (entry.list_code, entry.level) == ("delegated", "town")
    response = client.post(
        url("manage_list_add", code=item.code),
        {"list_code": "delegated", "level": "town"},
        follow=True,
    )
    assert "已在下沉清单中" in response.content.decode()
    client.post(url("manage_list_remove", pk=entry.pk))
    assert not ListEntry.objects.exists()


def test_bundle_pages_show_the_computed_savings_and_refuse_bad_input(client, settings):
    settings.CATALOG_BUNDLE_MAX_STEPS = 4
    shared = [material("居民身份证"), material("申请表")]
    a = ServiceItemFactory(published=True, materials=shared)
    b = ServiceItemFactory(published=True, materials=shared)
    client.force_login(bureau_publisher())
    post = {
        "code": "YLB-100",
        "name": "新生儿出生一件事",
        "lead_department": a.department.code,
        "items": f"{a.code}\n{b.code}",
        "steps": "受理\n联审\n办结",
        "publish": "on",
    }
    assert client.post(url("manage_bundle_create"), post).status_code == 302
    page = client.get(url("manage_bundle_edit", code="YLB-100")).content.decode()
    assert "50%" in page  # 4 materials → 2
    listing = client.get(url("manage_bundles")).content.decode()
    assert "新生儿出生一件事" in listing and "50%" in listing

    bad = {**post, "code": "YLB-101", "items": a.code, "steps": "一\n二\n三\n四\n五"}
    text = client.post(url("manage_bundle_create"), bad).content.decode()
    assert "一件事至少包含两个事项" in text and "办理环节不能超过4个" in text
    assert Bundle.objects.count() == 1


def test_industry_pages_create_and_edit(client):
    a, b = ServiceItemFactory(published=True), ServiceItemFactory(published=True)
    client.force_login(bureau_publisher())
    post = {
        "code": "YYYZ-CY",
        "name": "餐饮",
        "lead_department": a.department.code,
        "replaced_items": f"{a.code}, {b.code}",
        "promised_limit_days": "5",
    }
    assert client.post(url("manage_industry_create"), post).status_code == 302
    industry = Industry.objects.get()
    assert industry.replaced_items.count() == 2
    client.post(url("manage_industry_edit", code="YYYZ-CY"), {**post, "replaced_items": a.code})
    assert industry.replaced_items.count() == 1
    assert "餐饮" in client.get(url("manage_industries")).content.decode()
