"""Search finds published items and bundles by Chinese text, full pinyin, initials and code."""

import pytest

from onewindow.catalog import search, services
from onewindow.catalog.constants import ReformList
from tests.accounts.factories import DepartmentFactory
from tests.catalog.factories import BundleFactory, ServiceItemFactory

pytestmark = pytest.mark.django_db

PERMIT = "建筑工程施工许可证核发"


@pytest.fixture
def housing():
    return DepartmentFactory(code="ST-ZJJ", name="区住房和城乡建设局")


@pytest.fixture
def permit(housing):
    return ServiceItemFactory(
        code="37050200ZJJ-XK-0001", name=PERMIT, department=housing, published=True
    )


@pytest.fixture
def others():
    return [
        ServiceItemFactory(code="37050200SCJ-XK-0001", name="食品经营许可证核发", published=True),
        ServiceItemFactory(code="37050200MZJ-QR-0001", name="结婚登记", published=True),
    ]


def codes(hits):
    return [hit.code for hit in hits]


@pytest.mark.parametrize("query", ["施工许可", "施工", "建筑工程施工许可证核发", "许可证核发"])
def test_finds_by_chinese_substring(permit, others, query):
    assert permit.code in codes(search.search(query))


def test_finds_by_full_pinyin(permit, others):
    hits = search.search("shigongxuke")
    assert codes(hits) == [permit.code]
    assert hits[0].match == "pinyin"


def test_full_pinyin_may_be_typed_with_spaces_and_capitals(permit, others):
    assert codes(search.search("Shi Gong Xu Ke")) == [permit.code]


def test_finds_by_pinyin_initials(permit, others):
    hits = search.search("sgxk")
    assert codes(hits) == [permit.code]
    assert hits[0].match == "initials"
    assert hits[0].spans == ((4, 8),)  # 施工许可


def test_finds_by_code_prefix_in_any_case(permit, others):
    assert codes(search.search("37050200ZJJ")) == [permit.code]
    assert codes(search.search("37050200zjj-xk")) == [permit.code]
    assert search.search("37050200ZJJ")[0].match == "code"


def test_the_middle_of_a_code_is_not_a_match(permit):
    assert search.search("ZJJ-XK") == []


def test_finds_nothing_for_an_unrelated_query(permit, others):
    assert search.search("护照") == []
    assert search.search("qqqq") == []


def test_drafts_are_not_found(housing):
    ServiceItemFactory(name="施工图审查合格书备案", department=housing, published=False)
    assert search.search("施工图") == []
    assert search.search("sgt") == []


def test_withdrawn_items_are_not_found(permit):
    services.withdraw(None, permit, "事项已取消")
    assert search.search("施工许可") == []
    assert search.search("sgxk") == []


def test_bundles_are_found_and_unpublished_bundles_are_not(permit, others):
    items = [permit, others[0]]
    shown = BundleFactory(name="开办餐饮店一件事", code="YLB-101", items=items)
    BundleFactory(name="开办药店一件事", code="YLB-102", items=items, publish=False)
    hits = search.search("开办")
    assert [(hit.kind, hit.code) for hit in hits] == [("bundle", shown.code)]
    assert search.search("kbcyd")[0].code == shown.code
    assert hits[0].url == "/services/bundles/YLB-101/"


def test_search_can_keep_one_list(permit, others):
    services.add_to_list(None, ReformList.CONDITIONAL, item=permit)
    assert codes(search.search("许可证", list_code=ReformList.CONDITIONAL)) == [permit.code]
    assert len(search.search("许可证")) == 2


def test_search_can_keep_one_department(permit, others, housing):
    assert codes(search.search("许可证", department=housing)) == [permit.code]
    assert codes(search.search("许可证", department="ST-ZJJ")) == [permit.code]


def test_latin_letters_in_a_name_match_in_any_case():
    item = ServiceItemFactory(name="ICP备案核查", published=True)
    for query in ("ICP", "icp", "Icp备案"):
        hits = search.search(query)
        assert codes(hits) == [item.code], query
        assert hits[0].spans == ((0, len(query)),)


@pytest.mark.parametrize("query", ["", "   ", "\x00", None])
def test_an_empty_query_finds_nothing(permit, query):
    assert search.search(query) == []


def test_nul_and_control_characters_are_removed(permit):
    assert codes(search.search("施工\x00许可")) == [permit.code]


def test_like_wildcards_are_matched_literally(permit, others):
    assert search.search("%") == []
    assert search.search("_") == []
    assert search.search("施%可") == []


def test_a_long_query_is_cut_to_the_maximum(permit):
    assert search.clean_query("施" * 500) == "施" * search.QUERY_MAX_LENGTH
    assert search.search("施工" + "x" * 500) == []


def test_one_query_answers_a_search(permit, others, django_assert_num_queries):
    with django_assert_num_queries(1):
        search.search("sgxk")
