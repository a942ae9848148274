"""Bad item input gets a clear Chinese message and nothing is saved."""

import pytest

from onewindow.catalog import services
from onewindow.catalog.models import ItemVersion, Material, ServiceItem
from onewindow.core.audit.models import AuditEvent
from onewindow.core.errors import InvalidInput
from tests.accounts.factories import DepartmentFactory
from tests.catalog.factories import ServiceItemFactory, guide, material, steps

pytestmark = pytest.mark.django_db


def _create(**overrides):
    data = {
        "code": "XK-9001",
        "department": DepartmentFactory(),
        "guide": guide(name="食品经营许可"),
        "materials": [material("营业执照"), material("居民身份证")],
        "form_fields": [],
        "steps": steps(3),
    }
    data.update(overrides)
    return services.create_item(None, **data)


def _refused(**overrides) -> InvalidInput:
    items, versions, materials = (
        ServiceItem.objects.count(),
        ItemVersion.objects.count(),
        Material.objects.count(),
    )
    events = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as caught:
        _create(**overrides)
    # Nothing half-written: no item, no version, no material, no audit event.
    assert ServiceItem.objects.count() == items
    assert ItemVersion.objects.count() == versions
    assert Material.objects.count() == materials
    assert AuditEvent.objects.count() == events
    return caught.value


def test_a_valid_item_is_saved_as_a_draft_with_its_parts_and_audited():
    item = _create()
    version = item.versions.get()
    assert version.status == "draft" and version.number == 1
    assert [m.name for m in version.materials.all()] == ["营业执照", "居民身份证"]
    assert version.steps.count() == 3
    assert item.name_initials == "spjyxk"
    assert AuditEvent.objects.filter(action="catalog.item_create", object_id=str(item.pk)).exists()


def test_a_duplicate_code_is_refused():
    ServiceItemFactory(code="XK-9001")
    error = _refused()
    assert error.message == "事项编码已存在"
    assert error.errors["code"] == ["事项编码已存在"]


def test_a_code_longer_than_64_characters_is_refused():
    error = _refused(code="X" * 65)
    assert "不能超过64个字符" in error.errors["code"][0]


def test_a_code_of_exactly_64_characters_is_accepted():
    assert len(_create(code="X" * 64).code) == 64


@pytest.mark.parametrize("department", [None, "", "NO-SUCH-DEPT"])
def test_a_missing_or_unknown_department_is_refused(department):
    error = _refused(department=department)
    assert error.errors["department"][0] in ("请选择实施部门", "实施部门不存在：NO-SUCH-DEPT")


def test_a_department_may_be_given_by_its_code():
    department = DepartmentFactory(code="ST-TEST")
    assert _create(department="ST-TEST").department == department


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("statutory_limit_days", None, "请填写法定办结时限（工作日）"),
        ("promised_limit_days", "", "请填写承诺办结时限（工作日）"),
        ("statutory_limit_days", -1, "法定办结时限（工作日）不能为负数"),
        ("promised_limit_days", "-3", "承诺办结时限（工作日）不能为负数"),
        ("promised_limit_days", "2.5", "承诺办结时限（工作日）应为整数"),
        # Not finite, and too large to turn into an int quickly: refused, never a 500 or a hang.
        ("statutory_limit_days", "Infinity", "法定办结时限（工作日）应为整数"),
        ("promised_limit_days", "-inf", "承诺办结时限（工作日）应为整数"),
        ("promised_limit_days", "1e99999999", "承诺办结时限（工作日）数值过大"),
        ("fee", "-0.01", "收费标准（元）不能为负数"),
        ("fee", "免费", "收费标准（元）应为金额"),
        ("kind", "", "请选择事项类型"),
        ("name", "", "请填写事项名称"),
        ("online_url", "javascript:alert(1)", "网上办理地址不是有效的网址"),
    ],
)
def test_bad_guide_values_are_refused_with_a_chinese_message(field, value, message):
    error = _refused(guide=guide(**{field: value}))
    assert message in error.errors[field]


def test_a_promise_longer_than_the_statutory_limit_is_refused():
    error = _refused(guide=guide(statutory_limit_days=5, promised_limit_days=6))
    assert error.errors["promised_limit_days"] == ["承诺办结时限不能超过法定办结时限"]


def test_every_problem_is_reported_at_once():
    error = _refused(
        code="",
        department=None,
        guide=guide(name="", statutory_limit_days=-1),
        materials=[{"name": ""}],
    )
    assert {"code", "department", "name", "statutory_limit_days", "materials.0.name"} <= set(
        error.errors
    )
    assert error.errors["materials.0.name"] == ["申请材料第1项：请填写材料名称"]


def test_bad_materials_form_fields_and_steps_are_refused():
    error = _refused(
        materials=[material("身份证", copies=0, form="传真件")],
        form_fields=[
            {"key": "a b", "label": "甲"},
            {"key": "kind", "label": "类型", "field_type": "choice"},
            {"key": "kind", "label": "重复"},
        ],
    )
    assert "份数不能小于1" in error.errors["materials.0.copies"][0]
    assert "材料形式取值无效" in error.errors["materials.0.form"][0]
    assert "字段标识只能包含" in error.errors["form_fields.0.key"][0]
    assert "单选字段需要填写可选值" in error.errors["form_fields.1.choices"][0]
    assert "字段标识重复" in error.errors["form_fields.2.key"][0]


def test_more_item_steps_than_allowed_are_refused(settings):
    settings.CATALOG_ITEM_MAX_STEPS = 3
    error = _refused(steps=steps(4))
    assert error.errors["steps"] == ["办理环节不能超过3个（现有4个）"]


def test_unknown_guide_keys_are_refused():
    error = _refused(guide=guide(colour="red"))
    assert error.errors["colour"] == ["未知的指南字段：colour"]


def test_labels_and_spreadsheet_values_are_understood():
    item = _create(
        guide=guide(kind="公共服务", statutory_limit_days="20", promised_limit_days=5.0),
        materials=[material("身份证", form="复印件", required="否", conditional_eligible="是")],
    )
    version = item.versions.get()
    assert version.kind == "public_service" and version.statutory_limit_days == 20
    m = version.materials.get()
    assert (m.form, m.required, m.conditional_eligible) == ("copy", False, True)


def test_validate_item_payload_checks_without_saving():
    department = DepartmentFactory()
    services.validate_item_payload("OK-1", department, guide(), [material("甲")], [], steps(1))
    assert not ServiceItem.objects.exists()
    with pytest.raises(InvalidInput) as caught:
        services.validate_item_payload("OK-1", "NOPE", guide(fee=-1), [], [], [])
    assert set(caught.value.errors) == {"department", "fee"}
