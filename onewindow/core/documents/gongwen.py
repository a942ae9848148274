"""Word documents in the 公文 layout (GB/T 9704-2012): one renderer for every document the
bureau issues (the rectification progress report, hall notices, meeting minutes, notices).

A document is a list of blocks, each a paragraph with its style:
``title`` | ``doc_number`` (发文字号 or 期号, centred below the title) | ``body`` (may open
with an inline ``lead`` set in 楷体) | ``h1`` (一、 黑体) | ``h2`` (（一） 楷体) | ``h3`` (1. body
font) | ``table`` (``header`` and ``rows``, in the body font at 4号) | ``signature`` | ``date``.

- A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (版心 156 × 225 mm).
- Title 方正小标宋简体 2号 (22 pt), centred; a blank line below it.
- Body 仿宋_GB2312 3号 (16 pt), fixed line spacing of 28.9 pt (22 lines a page), first line
  indented two characters.
- Headings: 一、 in 黑体 3号; （一） in 楷体_GB2312 3号; 1. in the body font.
- Page numbers "— 1 —" in 宋体 4号 (14 pt) below the 版心: odd pages on the right, even
  pages on the left, one character in from the edge.
- Chinese fonts are set through ``w:eastAsia`` (Word picks the East Asian font from it);
  Latin letters and digits use Times New Roman.

The output is deterministic: the same report gives the same bytes (fixed document
properties and zip timestamps), so tests can read it back and compare.
"""

from __future__ import annotations

import datetime
import io
import zipfile

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
TITLE_SIZE = Pt(22)  # 2号
TABLE_SIZE = Pt(14)  # 4号
BODY_SIZE = Pt(16)  # 3号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
LINE = Twips(578)  # 28.9 pt: 22 lines in the 225 mm 版心
CHARS_PER_LINE = 28
STYLE_FONTS = {
    "title": TITLE_FONT,
    "body": BODY_FONT,
    "h1": H1_FONT,
    "h2": H2_FONT,
    "h3": BODY_FONT,
    "signature": BODY_FONT,
    "date": BODY_FONT,
}
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _fonts(run, east_asia: str, size) -> None:
    run.font.name = LATIN_FONT
    run.font.size = size
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:cs"), LATIN_FONT)
    rfonts.set(qn("w:hint"), "eastAsia")


def _indent_chars(paragraph, *, first_line=0, left=0, right=0) -> None:
    """Indents in characters (w:*Chars, what Word shows) and the same in points."""
    fmt = paragraph.paragraph_format
    if first_line:
        fmt.first_line_indent = Pt(16 * first_line)
    if left:
        fmt.left_indent = Pt(16 * left)
    if right:
        fmt.right_indent = Pt(16 * right)
    ind = paragraph._element.get_or_add_pPr().get_or_add_ind()
    if first_line:
        ind.set(qn("w:firstLineChars"), str(int(first_line * 100)))
    if left:
        ind.set(qn("w:leftChars"), str(int(left * 100)))
    if right:
        ind.set(qn("w:rightChars"), str(int(right * 100)))


def _line(paragraph) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing = LINE
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


def _width(text: str) -> float:
    """Width in characters of 3号: ASCII letters and digits are half a character."""
    return sum(0.5 if ord(ch) < 128 else 1 for ch in text)


def _page_number_run(paragraph) -> None:
    def run(text=None):
        r = paragraph.add_run(text)
        _fonts(r, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        r.font.name = PAGE_NUMBER_FONT
        return r

    run("— ")
    for kind, instruction in (("begin", None), (None, " PAGE "), ("separate", None)):
        r = run()
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instruction
        r._element.append(el)
    run("1")
    r = run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    r._element.append(end)
    run(" —")


def _setup(document, title: str, author: str, when: datetime.datetime) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(25)

    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = BODY_SIZE
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), BODY_FONT)
    normal.paragraph_format.line_spacing = LINE
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.space_after = Pt(0)

    document.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _indent_chars(odd, right=1)
    _page_number_run(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _indent_chars(even, left=1)
    _page_number_run(even)

    props = document.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.comments = ""
    props.keywords = ""
    props.subject = ""
    props.revision = 1
    props.created = when
    props.modified = when
    props.last_printed = when


def _table(document, block: dict) -> None:
    header, rows = block.get("header") or [], block.get("rows") or []
    table = document.add_table(rows=len(rows) + bool(header), cols=len(header or rows[0]))
    table.style = "Table Grid"
    for r, values in enumerate([header, *rows] if header else rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run("" if value is None else str(value))
            _fonts(run, H1_FONT if header and r == 0 else BODY_FONT, TABLE_SIZE)


def _paragraph(document, block: dict, signature_width: float) -> None:
    style = block["style"]
    if style == "table":
        _table(document, block)
        return
    p = document.add_paragraph()
    _line(p)
    if style == "doc_number":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = LINE
        _fonts(p.add_run(block["text"]), BODY_FONT, BODY_SIZE)
        return
    if style == "title":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = LINE
        r = p.add_run(block["text"])
        _fonts(r, TITLE_FONT, TITLE_SIZE)
        return
    if style == "signature":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.space_before = LINE
        _indent_chars(p, right=2)
    elif style == "date":
        # GB/T 9704 7.3.5.2: the date's first character two characters right of the
        # signature's first one (right-aligned when that would not fit).
        start = CHARS_PER_LINE - 2 - signature_width + 2
        if start + _width(block["text"]) <= CHARS_PER_LINE:
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            _indent_chars(p, left=start)
        else:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _indent_chars(p, right=2)
    else:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _indent_chars(p, first_line=2)
    if block.get("lead"):
        r = p.add_run(block["lead"])
        _fonts(r, H2_FONT, BODY_SIZE)
    if block["text"]:
        r = p.add_run(block["text"])
        _fonts(r, STYLE_FONTS[style], BODY_SIZE)


def _normalise_zip(raw: bytes) -> bytes:
    """Same content, same bytes: fixed timestamps and attributes for every part."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == "docProps/thumbnail.jpeg":
                continue  # python-docx's template picture, not this document
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            data = source.read(info.filename)
            if info.filename in ("[Content_Types].xml", "_rels/.rels"):
                data = data.replace(
                    b'<Override PartName="/docProps/thumbnail.jpeg" ContentType="image/jpeg"/>',
                    b"",
                )
                data = _drop_thumbnail_rel(data)
            target.writestr(entry, data)
    return out.getvalue()


def _drop_thumbnail_rel(data: bytes) -> bytes:
    start = data.find(b"<Relationship ")
    while start >= 0:
        end = data.find(b"/>", start) + 2
        if b"docProps/thumbnail.jpeg" in data[start:end]:
            return data[:start] + data[end:]
        start = data.find(b"<Relationship ", end)
    return data


def render(*, title: str, signature: str, signed_on: datetime.date, blocks: list[dict]) -> bytes:
    """The Word document: ``title`` and ``signature`` (the issuing body) also go into the
    document's properties; ``signed_on`` dates it, so the same content gives the same bytes.
    """
    when = datetime.datetime.combine(signed_on, datetime.time(9, 0), tzinfo=datetime.UTC)
    document = Document()
    _setup(document, title, signature, when)
    # The template's empty first paragraph.
    body = document.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    signature_width = _width(signature)
    for block in blocks:
        _paragraph(document, block, signature_width)
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalise_zip(buffer.getvalue())
