"""Matched characters are marked in the name; everything else is escaped."""

import pytest
from django.template import Context, Template

from onewindow.catalog import search
from onewindow.catalog.templatetags.catalog_tags import mark_spans
from tests.catalog.factories import ServiceItemFactory

PERMIT = "建筑工程施工许可证核发"


def render(hit) -> str:
    return Template("{% load catalog_tags %}{{ hit|highlight }}").render(Context({"hit": hit}))


def test_chinese_match_marks_the_substring():
    assert search.name_spans(PERMIT, "施工许可") == ((4, 8),)
    assert mark_spans(PERMIT, ((4, 8),)) == "建筑工程<mark>施工许可</mark>证核发"


def test_initials_mark_one_character_per_letter():
    assert search.initials_spans(PERMIT, "sgxk") == ((4, 8),)
    assert search.initials_spans(PERMIT, "jzgc") == ((0, 4),)


def test_full_pinyin_marks_every_character_whose_syllable_it_touches():
    assert search.pinyin_spans(PERMIT, "shigongxuke") == ((4, 8),)
    assert search.pinyin_spans(PERMIT, "gongxu") == ((5, 7),)  # 工许
    assert search.pinyin_spans(PERMIT, "ngx") == ((5, 7),)  # the end of gong, the x of xu
    assert search.pinyin_spans(PERMIT, "zz") == ()


def test_highlight_escapes_html_in_the_name():
    out = mark_spans('<script>alert("x")</script>施工许可&', ((27, 31),))
    assert "<script>" not in out
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in out
    assert out.endswith("<mark>施工许可</mark>&amp;")


def test_overlapping_or_out_of_range_spans_never_repeat_text():
    assert mark_spans("许可证", ((0, 2), (1, 3), (5, 9))) == "<mark>许可</mark><mark>证</mark>"


@pytest.mark.django_db
def test_a_hit_renders_escaped_with_marks():
    ServiceItemFactory(name="<b>施工</b>许可", published=True)
    (hit,) = search.search("施工")
    assert render(hit) == "&lt;b&gt;<mark>施工</mark>&lt;/b&gt;许可"
    (hit,) = search.search("sg")
    assert render(hit) == "&lt;b&gt;<mark>施工</mark>&lt;/b&gt;许可"
