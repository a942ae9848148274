"""Search ranks exact names, then prefixes, then substrings, then pinyin, then codes."""

import pytest

from onewindow.catalog import search
from tests.catalog.factories import ServiceItemFactory

pytestmark = pytest.mark.django_db


def names(hits):
    return [hit.name for hit in hits]


def test_exact_name_then_prefix_then_contains():
    ServiceItemFactory(name="个体工商户设立登记", code="A-3", published=True)
    ServiceItemFactory(name="设立登记", code="A-1", published=True)
    ServiceItemFactory(name="设立登记变更备案", code="A-2", published=True)
    assert names(search.search("设立登记")) == [
        "设立登记",
        "设立登记变更备案",
        "个体工商户设立登记",
    ]
    assert [hit.rank for hit in search.search("设立登记")] == [
        search.EXACT,
        search.PREFIX,
        search.CONTAINS,
    ]


def test_a_name_match_comes_before_a_pinyin_match():
    # "dj" is in the initials of 登记 and literally in the name "DJ设备检验".
    ServiceItemFactory(name="婚姻登记", code="B-1", published=True)
    ServiceItemFactory(name="DJ设备检验", code="B-2", published=True)
    assert names(search.search("dj")) == ["DJ设备检验", "婚姻登记"]


def test_a_pinyin_match_comes_before_a_code_match():
    ServiceItemFactory(name="出生登记", code="CSDJ-001", published=True)
    ServiceItemFactory(name="危险化学品经营许可", code="CS-9", published=True)
    hits = search.search("cs")
    assert names(hits) == ["出生登记", "危险化学品经营许可"]
    assert [hit.match for hit in hits] == ["initials", "code"]


def test_ties_go_to_the_shorter_name_then_the_code():
    ServiceItemFactory(name="食品经营许可证延续", code="C-3", published=True)
    ServiceItemFactory(name="食品经营许可证注销", code="C-2", published=True)
    ServiceItemFactory(name="食品经营许可证核发新办", code="C-1", published=True)
    assert [hit.code for hit in search.search("经营许可")] == ["C-2", "C-3", "C-1"]


def test_limit_caps_the_number_of_hits():
    for n in range(7):
        ServiceItemFactory(name=f"特种设备使用登记{n}", published=True)
    assert len(search.search("特种设备", limit=5)) == 5
    assert len(search.search("特种设备")) == 7
    assert search.search("特种设备", limit=0) == []
    assert len(search.search("特种设备", limit=10_000)) == 7  # capped at MAX_LIMIT, not an error
