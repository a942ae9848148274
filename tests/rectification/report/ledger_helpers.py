"""A small ledger built through the ledger's own services, for the report's tests.

    inspection, p = build_ledger()   # 3 categories (the last without problems), 3 problems
    close_measure(measure, leader)   # progress with evidence, 申请销号, 领导验收 -> 已销号

State after build_ledger(leader): problem 1 has two measures (the first closed), problem 2
one closed measure (so the problem is closed), problem 3 one open measure with a rule.
Counts: 3 个方面 3 个问题，已完成 1 个，正在推进 2 个; measures 4, closed 2.
"""

import io
import zipfile
from datetime import date

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from docx.oxml.ns import qn

from onewindow.rectification.constants import MeasureKind, OutputKind
from onewindow.rectification.ledger import services as ledger
from tests.accounts.factories import DepartmentFactory


def png_upload():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile("evidence.png", buffer.getvalue(), content_type="image/png")


def make_inspection(**overrides):
    fields = {
        "title": "区委第三轮巡察",
        "round_name": "区委第三轮巡察",
        "inspection_group": "区委第三巡察组",
        "inspected_unit": "中共东营区行政审批服务局党组",
        "period_start": date(2019, 9, 23),
        "period_end": date(2019, 12, 25),
        "feedback_on": date(2020, 3, 26),
    }
    fields.update(overrides)
    return ledger.create_inspection(**fields)


def add_measure(problem, content, unit, **kw):
    return ledger.add_measure(
        problem,
        content=content,
        kind=kw.pop("kind", MeasureKind.BY_DEADLINE),
        responsible_leader="王局长",
        responsible_unit=unit,
        due_date=kw.pop("due_date", date(2020, 6, 30)),
        **kw,
    )


def progress(measure, text, actor):
    return ledger.report_progress(measure, text, [png_upload()], actor)


def close_measure(measure, actor, text=None):
    if text or not measure.updates.exists():
        progress(measure, text or "已按期完成整改。", actor)
    ledger.submit_close_out(measure, actor)
    return ledger.accept_close_out(measure, actor, note="同意销号")


def build_ledger(leader):
    unit = DepartmentFactory(name="局办公室")
    inspection = make_inspection()
    politics = ledger.add_category(inspection, title="政治建设和思想建设方面")
    organisation = ledger.add_category(inspection, title="组织建设和作风建设方面")
    clues = ledger.add_category(
        inspection, title="区委巡察组移交立行立改问题、问题线索和信访件的办理情况"
    )
    p1 = ledger.add_problem(
        inspection, category=politics, number=1, title="推进“一次办好”改革的力度还不够大"
    )
    p2 = ledger.add_problem(
        inspection, category=politics, number=2, title="实施“一窗受理”的机制仍不够健全"
    )
    p3 = ledger.add_problem(
        inspection, category=organisation, number=3, title="关于谋划研究党建工作偏少问题"
    )
    m1a = add_measure(p1, "梳理一链办理事项清单", unit)
    m1b = add_measure(p1, "开展一业一证改革试点", unit)
    m2 = add_measure(p2, "开设企业开办一窗通专区", unit)
    m3 = add_measure(p3, "制定党建工作要点", unit)
    close_measure(m1a, leader, "扎实推进民生服务改革，梳理了85项“一链办理”事项")
    progress(m1b, "对餐饮、便利店、药店等20个行业试点“一业一证”改革", leader)
    close_measure(m2, leader, "开设“企业开办一窗通专区”，企业开办压减为2个环节")
    progress(m3, "专题研究部署2020年党建工作，制定了2020年党建工作要点", leader)
    ledger.add_output(m3, kind=OutputKind.RULE, title="东营区行政审批服务局内部审计管理制度")
    return inspection, {
        "categories": [politics, organisation, clues],
        "problems": [p1, p2, p3],
        "measures": {"1a": m1a, "1b": m1b, "2": m2, "3": m3},
        "unit": unit,
    }


# --- reading a Word file back ---------------------------------------------------------


def read_docx(data: bytes):
    assert zipfile.is_zipfile(io.BytesIO(data))
    return docx.Document(io.BytesIO(data))


def east_asia(run) -> str:
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def paragraph_starting(document, prefix: str):
    for p in document.paragraphs:
        if p.text.startswith(prefix):
            return p
    raise AssertionError(f"no paragraph starts with {prefix!r}: {texts(document)}")
