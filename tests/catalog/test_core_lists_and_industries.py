"""Reform lists hold items (bundles on 一链办理); industries replace several permits."""

import pytest

from onewindow.catalog import selectors, services
from onewindow.catalog.models import Industry, ListEntry
from onewindow.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from tests.catalog.factories import (
    BundleFactory,
    IndustryFactory,
    ServiceItemFactory,
    bureau_publisher,
    department_editor,
)

pytestmark = pytest.mark.django_db


def test_items_go_on_lists_and_are_counted():
    a, b = ServiceItemFactory(published=True), ServiceItemFactory(published=True)
    draft_only = ServiceItemFactory()
    services.add_to_list(None, "conditional", item=a)
    services.add_to_list(bureau_publisher(), "conditional", item=b)
    services.add_to_list(None, "conditional", item=draft_only)  # not public yet
    services.add_to_list(None, "delegated", item=a, level="community")
    services.add_to_list(None, "chain", bundle=BundleFactory())
    counts = selectors.list_counts()
    assert counts == {
        "chain": 1,
        "conditional": 2,
        "high_frequency": 0,
        "delegated": 1,
        "instant": 0,
    }
    assert list(selectors.published_items(list_code="conditional")) == [a, b]
    assert list(selectors.published_items(level="community")) == [a]
    assert list(selectors.published_items(level="village")) == []


def test_an_item_on_a_list_twice_is_a_conflict():
    item = ServiceItemFactory(published=True)
    services.add_to_list(None, "instant", item=item)
    with pytest.raises(Conflict) as caught:
        services.add_to_list(None, "instant", item=item)
    assert "已在秒批秒办清单中" in caught.value.message
    assert ListEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("list_code", "kwargs", "message"),
    [
        ("nonsense", {}, "未知的清单：nonsense"),
        ("conditional", {"level": "town"}, "下沉层级只适用于下沉清单"),
        ("delegated", {}, "请选择下沉层级（镇街、社区或村）"),
        ("delegated", {"level": "planet"}, "请选择下沉层级（镇街、社区或村）"),
    ],
)
def test_bad_list_requests_are_refused(list_code, kwargs, message):
    with pytest.raises(InvalidInput) as caught:
        services.add_to_list(None, list_code, item=ServiceItemFactory(), **kwargs)
    assert caught.value.message == message
    assert not ListEntry.objects.exists()


def test_the_chain_list_takes_bundles_and_the_others_items():
    with pytest.raises(InvalidInput):
        services.add_to_list(None, "chain", item=ServiceItemFactory())
    with pytest.raises(InvalidInput):
        services.add_to_list(None, "conditional", bundle=BundleFactory())


def test_department_staff_cannot_change_lists():
    item = ServiceItemFactory()
    editor = department_editor(item.department)
    with pytest.raises(PermissionDenied):
        services.add_to_list(editor, "conditional", item=item)


def test_remove_from_list():
    entry = services.add_to_list(None, "high_frequency", item=ServiceItemFactory(published=True))
    services.remove_from_list(bureau_publisher(), entry)
    assert not ListEntry.objects.exists()


def test_an_unknown_list_is_not_found():
    with pytest.raises(NotFound):
        selectors.list_entries("nonsense")


def test_an_industry_with_its_replaced_permits():
    industry = IndustryFactory(name="餐饮")
    found = selectors.industry(industry.code)
    assert found.name == "餐饮" and found.replaced_items.count() == 2
    assert selectors.industries().get().replaced_count == 2


def test_industry_input_is_validated():
    IndustryFactory(code="YYYZ-01", name="药店")
    with pytest.raises(InvalidInput) as caught:
        services.create_industry(
            None, code="YYYZ-01", name="药店", lead_department="NOPE", replaced_items=[]
        )
    errors = caught.value.errors
    assert errors["code"] == ["行业编码已存在"]
    assert errors["name"] == ["行业名称已存在"]
    assert errors["lead_department"] == ["牵头部门不存在：NOPE"]
    assert errors["replaced_items"] == ["请至少选择一个整合的许可事项"]
    assert Industry.objects.count() == 1


def test_only_the_bureau_creates_industries():
    with pytest.raises(PermissionDenied):
        services.create_industry(
            department_editor(), code="X", name="X", lead_department=None, replaced_items=[]
        )
