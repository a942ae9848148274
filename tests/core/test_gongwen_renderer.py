"""The one 公文 renderer: issue numbers and tables besides the report's paragraphs."""

import datetime
import io

import docx
from docx.oxml.ns import qn

from onewindow.core.documents import gongwen

BLOCKS = [
    {"style": "title", "lead": "", "text": "政务服务中心工作通报"},
    {"style": "doc_number", "lead": "", "text": "2020年第11期"},
    {"style": "h1", "lead": "", "text": "一、考勤情况"},
    {"style": "table", "header": ["窗口", "迟到", "早退"], "rows": [["1号窗口", 2, 0]]},
    {"style": "body", "lead": "", "text": "以上情况予以通报。"},
    {"style": "signature", "lead": "", "text": "东营区行政审批服务局"},
    {"style": "date", "lead": "", "text": "2020年11月30日"},
]


def _render():
    return gongwen.render(
        title="政务服务中心工作通报",
        signature="东营区行政审批服务局",
        signed_on=datetime.date(2020, 11, 30),
        blocks=BLOCKS,
    )


def test_the_issue_number_and_the_table_are_written_in_the_layout():
    document = docx.Document(io.BytesIO(_render()))
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == ["政务服务中心工作通报", "2020年第11期"]
    [table] = document.tables
    assert [c.text for c in table.rows[0].cells] == ["窗口", "迟到", "早退"]
    assert [c.text for c in table.rows[1].cells] == ["1号窗口", "2", "0"]
    header_run = table.rows[0].cells[0].paragraphs[0].runs[0]
    assert header_run._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert document.core_properties.author == "东营区行政审批服务局"


def test_the_same_document_gives_the_same_bytes():
    assert _render() == _render()
