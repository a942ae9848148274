"""A bundle's savings are computed from its items' published versions, never typed in."""

from decimal import Decimal

import pytest

from onewindow.catalog import selectors, services
from onewindow.catalog.models import Bundle, BundleItem, BundleStep
from onewindow.core.errors import InvalidInput, PermissionDenied
from tests.catalog.factories import (
    BundleFactory,
    ServiceItemFactory,
    bureau_publisher,
    department_editor,
    material,
    steps,
)

pytestmark = pytest.mark.django_db


def _items():
    # 3 items × 4 materials = 12; 居民身份证, 营业执照 and 申请表 are asked by all three,
    # so 3 + 3 own = 6 distinct: a 50% reduction.
    shared = [material("居民身份证"), material("营业执照"), material("申请表")]
    return [
        ServiceItemFactory(published=True, materials=[*shared, material(own)], with_steps=3)
        for own in ("场所平面图", "健康证明", "设施设备清单")
    ]


def test_savings_are_computed_from_the_items():
    bundle = BundleFactory(items=_items(), with_steps=2)
    s = selectors.bundle_savings(bundle)
    assert s["items"] == 3
    assert (s["materials_separately"], s["materials_merged"]) == (12, 6)
    assert s["material_reduction"] == Decimal("0.5000")
    assert (s["steps_separately"], s["steps_merged"], s["steps_saved"]) == (9, 2, 7)
    assert s["meets_target"] is True


def test_changing_an_item_changes_the_bundle_figure():
    items = _items()
    bundle = BundleFactory(items=items)
    before = selectors.bundle_savings(bundle)

    # A new version of the first item asks for one more material of its own.
    draft = services.start_revision(None, items[0])
    services.update_draft(
        None,
        draft,
        materials=[m for m in _materials_of(items[0])] + [material("公司章程")],
    )
    services.publish(None, draft)
    after = selectors.bundle_savings(bundle)
    assert (after["materials_separately"], after["materials_merged"]) == (13, 7)
    assert after["material_reduction"] == Decimal("0.4615")
    assert after["material_reduction"] < before["material_reduction"]
    assert after["meets_target"] is False

    # And one less: drop the shared 申请表 from the second item.
    draft = services.start_revision(None, items[1])
    services.update_draft(
        None, draft, materials=[m for m in _materials_of(items[1]) if m["name"] != "申请表"]
    )
    services.publish(None, draft)
    assert selectors.bundle_savings(bundle)["materials_separately"] == 12


def _materials_of(item):
    item.refresh_from_db()
    return [
        material(m.name, material_type=m.material_type.name)
        for m in item.published_version.materials.all()
    ]


def test_an_unpublished_revision_does_not_change_the_figure():
    items = _items()
    bundle = BundleFactory(items=items)
    draft = services.start_revision(None, items[0])
    services.update_draft(None, draft, materials=[material("别的材料")])
    assert selectors.bundle_savings(bundle)["materials_separately"] == 12


def test_merged_materials_name_each_item_that_needs_them():
    items = _items()
    merged = {m.name: m for m in selectors.bundle_materials(BundleFactory(items=items))}
    assert len(merged) == 6
    assert merged["居民身份证"].items == items and merged["居民身份证"].shared
    assert merged["健康证明"].items == [items[1]]


def test_merged_form_fields_are_asked_once():
    fields = [{"key": "phone", "label": "联系电话", "field_type": "phone"}]
    items = [
        ServiceItemFactory(published=True, form_fields=fields),
        ServiceItemFactory(published=True, form_fields=fields + [{"key": "area", "label": "面积"}]),
    ]
    keys = [f.key for f in selectors.bundle_form_fields(BundleFactory(items=items))]
    assert keys == ["phone", "area"]


def _bundle(**overrides):
    items = overrides.pop("items", None) or [ServiceItemFactory(published=True) for _ in "ab"]
    data = {
        "code": "YLB-900",
        "name": "开办餐饮店一件事",
        "lead_department": items[0].department,
        "items": items,
        "steps": steps(2),
    }
    data.update(overrides)
    return services.create_bundle(None, **data)


def test_a_bundle_of_one_item_is_refused():
    with pytest.raises(InvalidInput) as caught:
        _bundle(items=[ServiceItemFactory(published=True)])
    assert caught.value.errors["items"] == ["一件事至少包含两个事项"]
    assert not Bundle.objects.exists()


def test_a_bundle_with_no_items_is_refused():
    with pytest.raises(InvalidInput) as caught:
        services.create_bundle(
            None,
            code="YLB-0",
            name="空的一件事",
            lead_department=ServiceItemFactory().department,
            items=[],
            steps=steps(2),
        )
    assert caught.value.message == "一件事至少包含两个事项"


def test_more_steps_than_allowed_are_refused_and_nothing_saved(settings):
    settings.CATALOG_BUNDLE_MAX_STEPS = 4
    with pytest.raises(InvalidInput) as caught:
        _bundle(steps=steps(5))
    assert caught.value.errors["steps"] == ["办理环节不能超过4个（现有5个）"]
    assert not Bundle.objects.exists() and not BundleItem.objects.exists()
    assert not BundleStep.objects.exists()
    settings.CATALOG_BUNDLE_MAX_STEPS = 5
    assert _bundle(steps=steps(5)).steps.count() == 5


def test_the_same_item_twice_unknown_items_and_duplicate_codes_are_refused():
    item = ServiceItemFactory(published=True)
    with pytest.raises(InvalidInput) as caught:
        _bundle(items=[item, item, "NO-SUCH"])
    assert any("事项重复" in m for m in caught.value.errors["items"])
    assert any("事项不存在：NO-SUCH" in m for m in caught.value.errors["items"])
    _bundle()
    with pytest.raises(InvalidInput) as caught:
        _bundle()
    assert caught.value.errors["code"] == ["一件事编码已存在"]


def test_a_bundle_of_unpublished_items_cannot_be_published():
    with pytest.raises(InvalidInput) as caught:
        _bundle(items=[ServiceItemFactory(), ServiceItemFactory()], publish=True)
    assert "尚未发布" in caught.value.message


def test_update_bundle_revalidates_and_audits():
    bundle = _bundle()
    extra = ServiceItemFactory(published=True)
    items = [link.item for link in bundle.bundle_items.all()]
    services.update_bundle(bureau_publisher(), bundle, items=[*items, extra], name="新名称")
    bundle.refresh_from_db()
    assert bundle.name == "新名称" and bundle.bundle_items.count() == 3
    with pytest.raises(InvalidInput):
        services.update_bundle(None, bundle, steps=steps(9))
    assert bundle.steps.count() == 2


def test_only_the_bureau_manages_bundles():
    with pytest.raises(PermissionDenied):
        services.create_bundle(
            department_editor(),
            code="YLB-1",
            name="x",
            lead_department=None,
            items=[],
            steps=[],
        )
