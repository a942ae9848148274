"""The Word report is a 公文 (GB/T 9704): page, fonts, sizes, numbering, page numbers."""

import datetime

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from onewindow.rectification.report import compose, services

from .ledger_helpers import east_asia, paragraph_starting, read_docx, texts

SIGNED = datetime.date(2020, 8, 3)


def _docx(inspection):
    data = compose.compose(inspection, signed_on=SIGNED)
    from onewindow.rectification.report import docx as word

    return word.render(data, compose.blocks(data))


def test_page_is_a4_with_the_standard_margins(ledger):
    document = read_docx(services.build_docx(ledger[0]))
    section = document.sections[0]
    # Word stores twentieths of a point: compare in millimetres to a tenth.
    sizes = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    assert [round(size.mm, 1) for size in sizes] == [210, 297, 37, 35, 28, 26]


def test_title_is_xiaobiaosong_2hao_centred(ledger):
    document = read_docx(services.build_docx(ledger[0]))
    title = document.paragraphs[0]
    assert title.text == "中共东营区行政审批服务局党组关于区委第三轮巡察整改进展情况的通报"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    run = title.runs[0]
    assert east_asia(run) == "方正小标宋简体"
    assert run.font.size == Pt(22)


def test_body_is_fangsong_3hao_fixed_lines_two_character_indent(ledger):
    document = read_docx(services.build_docx(ledger[0]))
    opening = document.paragraphs[1]
    assert opening.text.startswith("根据区委统一部署，2019年9月下旬至12月下旬，区委第三巡察组")
    assert east_asia(opening.runs[0]) == "仿宋_GB2312"
    assert opening.runs[0].font.size == Pt(16)
    fmt = opening.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert Pt(28) <= fmt.line_spacing <= Pt(29)
    assert fmt.first_line_indent == Pt(32)
    ind = opening._element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"


def test_headings_are_numbered_and_set_in_their_fonts(ledger):
    document = read_docx(services.build_docx(ledger[0]))
    all_text = texts(document)
    level1 = [t for t in all_text if t[:2] in ("一、", "二、", "三、")]
    assert level1 == [
        "一、整改工作开展情况",
        "二、区委巡察组反馈意见整改落实情况",
        "三、下一步努力方向",
    ]
    h1 = paragraph_starting(document, "一、")
    assert east_asia(h1.runs[0]) == "黑体"
    assert h1.runs[0].font.size == Pt(16)
    categories = [t for t in all_text if t.startswith("（") and t.endswith("方面")]
    assert categories == ["（一）政治建设和思想建设方面", "（二）组织建设和作风建设方面"]
    h2 = paragraph_starting(document, "（一）政治")
    assert east_asia(h2.runs[0]) == "楷体_GB2312"
    problems = [t for t in all_text if t[:2] in ("1.", "2.", "3.")]
    assert problems == [
        "1.关于推进“一次办好”改革的力度还不够大问题整改落实情况。",
        "2.关于实施“一窗受理”的机制仍不够健全问题整改落实情况。",
        "3.关于谋划研究党建工作偏少问题整改落实情况。",
    ]
    h3 = paragraph_starting(document, "3.")
    assert east_asia(h3.runs[0]) == "仿宋_GB2312"


def test_inline_next_step_headings_are_kaiti(ledger):
    document = read_docx(services.build_docx(ledger[0]))
    step = paragraph_starting(document, "（一）严格落实主体责任")
    lead, rest = step.runs[0], step.runs[1]
    assert lead.text == "（一）严格落实主体责任，全面推进从严治党。"
    assert east_asia(lead) == "楷体_GB2312"
    assert east_asia(rest) == "仿宋_GB2312"


def test_ends_with_contact_lines_signature_and_date(ledger):
    document = read_docx(_docx(ledger[0]))
    tail = texts(document)[-4:]
    assert tail == [
        "联系方式：电话0546-8253386；",
        "电子邮箱：dyqxzspfwj@dy.shandong.cn。",
        "中共东营区行政审批服务局党组",
        "2020年8月3日",
    ]


def test_page_numbers_are_dashes_around_the_page_field_in_song_4hao(ledger):
    document = read_docx(services.build_docx(ledger[0]))
    section = document.sections[0]
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == alignment
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        xml = paragraph._element.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
        assert all(r.font.size == Pt(14) for r in paragraph.runs)
        assert all(east_asia(r) == "宋体" for r in paragraph.runs)


def test_same_report_gives_the_same_bytes(ledger):
    assert _docx(ledger[0]) == _docx(ledger[0])
