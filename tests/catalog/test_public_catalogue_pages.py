"""The public catalogue pages: home, search, lists, departments, themes, industries."""

import re

import pytest

from onewindow.catalog import services
from onewindow.catalog.constants import DelegationLevel, ReformList
from tests.accounts.factories import DepartmentFactory
from tests.catalog.factories import BundleFactory, IndustryFactory, ServiceItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def housing():
    return DepartmentFactory(code="ST-ZJJ", name="区住房和城乡建设局")


@pytest.fixture
def permit(housing):
    return ServiceItemFactory(
        code="37050200ZJJ-XK-0001",
        name="建筑工程施工许可证核发",
        department=housing,
        published=True,
        life_events=["construction"],
    )


def text(response) -> str:
    return response.content.decode()


def test_home_shows_the_count_of_each_list_and_the_departments(client, permit, housing):
    other = ServiceItemFactory(published=True)
    services.add_to_list(None, ReformList.CONDITIONAL, item=permit)
    services.add_to_list(None, ReformList.CONDITIONAL, item=other)
    services.add_to_list(None, ReformList.INSTANT, item=other)
    response = client.get("/services/")
    assert response.status_code == 200
    page = text(response)
    counts = dict(
        re.findall(r'data-testid="list-(\w+)">.*?ow-tile-count">(\d+)<', page, flags=re.S)
    )
    assert counts == {
        "chain": "0",
        "conditional": "2",
        "high_frequency": "0",
        "delegated": "0",
        "instant": "1",
    }
    assert f'href="/services/departments/{housing.code}/"' in page
    assert 'href="/services/events/construction/"' in page
    assert 'hx-get="/services/search/"' in page


def test_search_page_shows_highlighted_hits(client, permit):
    response = client.get("/services/search/", {"q": "sgxk"})
    assert response.status_code == 200
    page = text(response)
    assert "建筑工程<mark>施工许可</mark>证核发" in page
    assert f'href="/services/items/{permit.code}/"' in page
    assert "<html" in page


def test_live_search_answers_htmx_with_the_results_only(client, permit):
    response = client.get("/services/search/", {"q": "施工"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = text(response)
    assert "<html" not in page
    assert 'data-testid="search-hit"' in page
    assert "建筑工程<mark>施工</mark>许可证核发" in page
    assert "HX-Request" in response["Vary"]


def test_search_for_nothing_known_says_so(client, permit):
    page = text(client.get("/services/search/", {"q": "<护照>"}))
    assert 'data-testid="search-empty"' in page
    assert "&lt;护照&gt;" in page and "<护照>" not in page


def test_search_can_keep_one_list(client, permit):
    other = ServiceItemFactory(name="施工图审查备案", published=True)
    services.add_to_list(None, ReformList.HIGH_FREQUENCY, item=other)
    page = text(client.get("/services/search/", {"q": "施工", "list": "high_frequency"}))
    assert other.code in page and permit.code not in page
    page = text(client.get("/services/search/", {"q": "施工", "list": "nonsense"}))
    assert other.code in page and permit.code in page


def test_delegated_list_filters_by_level(client):
    town = ServiceItemFactory(name="城乡居民养老保险参保登记", published=True)
    village = ServiceItemFactory(name="高龄津贴申领", published=True)
    services.add_to_list(None, ReformList.DELEGATED, item=town, level=DelegationLevel.TOWN)
    services.add_to_list(None, ReformList.DELEGATED, item=village, level=DelegationLevel.VILLAGE)
    both = text(client.get("/services/lists/delegated/"))
    assert town.name in both and village.name in both
    only = text(client.get("/services/lists/delegated/", {"level": "village"}))
    assert village.name in only and town.name not in only
    assert 'data-testid="level-village"' in only


def test_chain_list_shows_bundles(client, permit):
    bundle = BundleFactory(name="我要开餐馆", items=[permit, ServiceItemFactory(published=True)])
    services.add_to_list(None, ReformList.CHAIN, bundle=bundle)
    page = text(client.get("/services/lists/chain/"))
    assert f'href="/services/bundles/{bundle.code}/"' in page
    assert "我要开餐馆" in page


def test_department_page_lists_its_published_items_only(client, permit, housing):
    ServiceItemFactory(name="尚未发布的事项", department=housing, published=False)
    ServiceItemFactory(name="别的部门的事项", published=True)
    page = text(client.get(f"/services/departments/{housing.code}/"))
    assert permit.name in page
    assert "尚未发布的事项" not in page and "别的部门的事项" not in page


def test_life_event_page_lists_its_items(client, permit):
    ServiceItemFactory(name="结婚登记", published=True, life_events=["marriage"])
    page = text(client.get("/services/events/construction/"))
    assert permit.name in page and "结婚登记" not in page


def test_industry_pages_show_the_lead_department_and_the_permits_replaced(client, permit):
    food = ServiceItemFactory(name="食品经营许可证核发", published=True)
    industry = IndustryFactory(
        name="餐饮",
        replaced_items=[permit, food],
        notice="一次告知：开办餐饮店需要准备的全部材料。",
    )
    listing = text(client.get("/services/industries/"))
    assert f'href="/services/industries/{industry.code}/"' in listing
    page = text(client.get(f"/services/industries/{industry.code}/"))
    assert industry.lead_department.name in page
    assert "一次告知：开办餐饮店需要准备的全部材料。" in page
    assert f'href="/services/items/{permit.code}/"' in page and food.name in page


@pytest.mark.parametrize(
    "url",
    [
        "/services/lists/nonsense/",
        "/services/departments/NO-SUCH/",
        "/services/events/nonsense/",
        "/services/items/NO-SUCH-ITEM/",
        "/services/bundles/NO-SUCH/",
        "/services/industries/NO-SUCH/",
    ],
)
def test_unknown_codes_give_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "<html" in text(response)


def test_pages_carry_no_inline_script_or_style(client, permit):
    bundle = BundleFactory(items=[permit, ServiceItemFactory(published=True)])
    industry = IndustryFactory(replaced_items=[permit, ServiceItemFactory(published=True)])
    urls = [
        "/services/",
        "/services/search/?q=sgxk",
        "/services/lists/conditional/",
        f"/services/departments/{permit.department.code}/",
        "/services/events/construction/",
        f"/services/items/{permit.code}/",
        f"/services/bundles/{bundle.code}/",
        "/services/industries/",
        f"/services/industries/{industry.code}/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        page = text(response)
        assert " style=" not in page, url
        assert " hx-on" not in page, url
        inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", page)
        assert inline == [], url
