"""The portal's search (issue 15): filters by applicant type, department and 全程网办,
the departments, themes and lists the words name, 在线申请 on each result, and the home
page's search box."""

import pytest
from django.urls import reverse

from onewindow.catalog import search
from onewindow.catalog.constants import ApplicantType
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.catalog.factories import BundleFactory, ServiceItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def market():
    return DepartmentFactory(code="ST-SCJ", name="区市场监督管理局")


@pytest.fixture
def items(market):
    health = DepartmentFactory(code="ST-WJJ", name="区卫生健康局")
    return {
        "company": ServiceItemFactory(
            code="SCJ-0001",
            name="食品经营许可（企业）",
            department=market,
            applicant_type=ApplicantType.ORGANISATION,
            visits_needed=1,
            published=True,
        ),
        "person": ServiceItemFactory(
            code="SCJ-0002",
            name="食品经营备案（个人）",
            department=market,
            applicant_type=ApplicantType.PERSON,
            visits_needed=0,
            published=True,
        ),
        "both": ServiceItemFactory(
            code="WJJ-0001",
            name="食品卫生证明",
            department=health,
            applicant_type=ApplicantType.BOTH,
            visits_needed=0,
            published=True,
        ),
    }


def codes(hits):
    return sorted(hit.code for hit in hits)


def test_applicant_type_keeps_items_for_that_type_or_for_both(items):
    assert codes(search.search("食品", applicant_type="organisation")) == ["SCJ-0001", "WJJ-0001"]
    assert codes(search.search("食品", applicant_type="person")) == ["SCJ-0002", "WJJ-0001"]
    assert codes(search.search("sp", applicant_type="person")) == ["SCJ-0002", "WJJ-0001"]


def test_online_only_keeps_items_with_no_visit(items):
    assert codes(search.search("食品", online_only=True)) == ["SCJ-0002", "WJJ-0001"]
    assert codes(search.search("食品", online_only=True, applicant_type="organisation")) == [
        "WJJ-0001"
    ]


def test_department_and_filters_combine(items, market):
    assert codes(search.search("食品", department=market, online_only=True)) == ["SCJ-0002"]


def test_a_filter_leaves_bundles_out_and_no_filter_keeps_them(items):
    bundle = BundleFactory(items=[items["company"], items["person"]], name="食品店开办一件事")
    assert bundle.code in codes(search.search("食品"))
    assert bundle.code not in codes(search.search("食品", applicant_type="organisation"))


def test_topics_name_departments_themes_and_lists(items):
    kinds = {(t.kind, t.label) for t in search.topics("市场监督")}
    assert ("department", "区市场监督管理局") in kinds
    assert ("event", "企业开办") in {(t.kind, t.label) for t in search.topics("开办")}
    assert ("list", "秒批秒办") in {(t.kind, t.label) for t in search.topics("秒批")}
    assert ("list", "一链办理") in {(t.kind, t.label) for t in search.topics("一件事")}
    assert search.topics("") == []


def test_results_page_filters_and_links_each_result_to_its_guide_and_the_form(client, items):
    url = reverse("catalog:search")
    page = client.get(url, {"q": "食品", "who": "organisation"}).content.decode()
    assert 'data-code="SCJ-0001"' in page and 'data-code="WJJ-0001"' in page
    assert 'data-code="SCJ-0002"' not in page
    assert reverse("cases:apply", args=["SCJ-0001"]) in page
    assert reverse("catalog:item_guide", args=["SCJ-0001"]) in page

    page = client.get(url, {"q": "食品", "dept": "ST-SCJ", "online": "1"}).content.decode()
    assert 'data-code="SCJ-0002"' in page and 'data-code="WJJ-0001"' not in page
    # An unknown department or applicant type is ignored, not an error.
    response = client.get(url, {"q": "食品", "dept": "NOPE", "who": "martian"})
    assert response.status_code == 200 and 'data-code="SCJ-0001"' in response.content.decode()


def test_a_filter_without_words_lists_the_items_it_keeps(client, items):
    page = client.get(reverse("catalog:search"), {"who": "person"}).content.decode()
    assert "食品经营备案（个人）" in page and "食品卫生证明" in page
    assert "食品经营许可（企业）" not in page


def test_live_suggestions_carry_the_topics_and_the_filters(client, items):
    response = client.get(reverse("catalog:search"), {"q": "市场监督"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'data-testid="search-topic"' in html
    assert reverse("catalog:department", args=["ST-SCJ"]) in html


def test_the_home_page_is_the_portal_for_visitors_and_applicants(client, items):
    page = client.get("/").content.decode()
    for text in ("我要办事", "个人办事", "法人办事", "主题服务", 'id="portal-q"'):
        assert text in page
    client.force_login(UserFactory(enterprise=True))
    assert 'id="portal-q"' in client.get("/").content.decode()
    client.force_login(UserFactory(clerk=True))
    assert 'id="portal-q"' not in client.get("/").content.decode()


def test_a_signed_in_applicant_is_led_to_the_items_of_their_own_kind(client, items):
    assert 'data-testid="portal-my-items"' not in client.get("/").content.decode()
    search_url = reverse("catalog:search")
    for user, who, label in (
        (UserFactory(enterprise=True), "organisation", "我要办事（法人）"),
        (UserFactory(citizen=True), "person", "我要办事（个人）"),
    ):
        client.force_login(user)
        home = client.get("/").content.decode()
        assert f'href="{search_url}?who={who}" data-testid="portal-my-items"' in home
        assert label in home
        assert f'href="{search_url}"' in home  # 我要办事 in the navigation, on every page
        listed = client.get(f"{search_url}?who={who}").content.decode()
        kept, left = ("SCJ-0001", "SCJ-0002") if who == "organisation" else ("SCJ-0002", "SCJ-0001")
        assert kept in listed and left not in listed
    client.force_login(UserFactory(clerk=True))
    assert 'data-testid="portal-my-items"' not in client.get("/").content.decode()
