"""Export the ledger, import the export: the same ledger comes back."""

import io

import pytest
from openpyxl import load_workbook

from onewindow.rectification.excel.export import export_ledger
from onewindow.rectification.excel.import_ import import_ledger
from onewindow.rectification.models import Category, Inspection

from .workbooks import build, leader, row, units

pytestmark = pytest.mark.django_db


def _original():
    return build(
        [
            row(
                "政治建设和思想建设方面",
                "",
                1,
                "关于推进“一次办好”改革的力度还不够大问题",
                "出台“一链办理”系列清单",
                问题表现="改革力度不够大",
                整改成果="《东营区“容缺受理”事项清单》\n文件：《一件事·一链办理办事指南》（东审批发〔2020〕3号，2020-05-06）",
                整改进展="梳理了85项“一链办理”事项\n=SUM(A1) 不是公式",
                完成情况="正在推进",
            ),
            row(
                "",
                "",
                None,
                "",
                "施工许可3个工作日办结",
                责任股室="工程建设",
                完成时限="2020年6月30日",
                备注="考核指标：施工许可办结率（construction_permit_within_3_workdays）不低于 90",
                完成情况="已销号",
            ),
            row(
                "", "", 2, "关于“一窗受理”机制不够健全问题", "开设企业开办专区", 责任股室="综合窗口"
            ),
            row(
                "组织建设和作风建设方面",
                "干部队伍",
                3,
                "关于大厅人员素质问题",
                "开展业务培训",
                整改类型="立行立改",
                完成情况="已销号",
            ),
            row("纪律建设方面", "", None, "", ""),
        ],
        accountability=[(3, "张三", "窗口工作人员", "批评教育", "2021-08-01", "服务态度问题")],
    )


def _snapshot(inspection) -> dict:
    categories = [
        (c.title, c.parent.title if c.parent else None, c.sort_order)
        for c in Category.objects.filter(inspection=inspection).order_by("sort_order")
    ]
    problems = []
    for problem in inspection.problems.order_by("number"):
        category = problem.category
        problems.append(
            {
                "number": problem.number,
                "title": problem.title,
                "description": problem.description,
                "category": (category.parent.title if category.parent else None, category.title),
                "status": problem.status,
                "measures": [
                    (
                        m.sort_order,
                        m.content,
                        m.kind,
                        m.responsible_leader,
                        m.responsible_unit.code,
                        m.due_date,
                        m.status,
                        m.target_metric,
                        m.target_comparison,
                        m.target_value,
                        [u.text for u in m.updates.order_by("id")],
                        [
                            (o.kind, o.title, o.document_number, o.issued_on)
                            for o in m.outputs.order_by("id")
                        ],
                    )
                    for m in problem.measures.order_by("sort_order")
                ],
                "accountability": [
                    (a.person_name, a.position, a.kind, a.decided_on, a.note)
                    for a in problem.accountabilities.order_by("id")
                ],
            }
        )
    fields = ("round_name", "inspection_group", "inspected_unit", "period_start", "period_end")
    return {
        "inspection": [getattr(inspection, f) for f in fields]
        + [inspection.feedback_on, inspection.report_due_on],
        "categories": categories,
        "problems": problems,
    }


def test_export_then_import_gives_the_same_ledger():
    units()
    actor = leader()
    first = import_ledger(_original(), actor)
    exported = export_ledger(first)
    # The same inspection cannot be imported twice: rename the original first.
    Inspection.objects.filter(pk=first.pk).update(title="原台账")

    second = import_ledger(exported, actor)

    assert second.pk != first.pk
    first.refresh_from_db()
    assert _snapshot(second) == _snapshot(first)
    assert _snapshot(second)["problems"][0]["measures"][1][7] == (
        "construction_permit_within_3_workdays"
    )


def test_the_export_is_a_printable_ledger_with_merged_problem_cells():
    units()
    inspection = import_ledger(_original(), leader())

    book = load_workbook(io.BytesIO(export_ledger(inspection)))

    assert book.sheetnames == ["台账", "问责情况", "巡察信息"]
    ws = book["台账"]
    assert ws["A1"].value.endswith("反馈问题整改落实台账")
    assert [c.value for c in ws[2]][:5] == ["序号", "问题类别", "子类别", "问题序号", "问题"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "D3:D4" in merged and "E3:E4" in merged  # problem 1 spans its two measures
    assert "G3:G4" not in merged  # measures are not merged
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$1:$2"
    assert ws.freeze_panes == "E3"
    progress = ws["L3"]
    assert progress.data_type == "s" and "=SUM(A1)" in progress.value  # text, not a formula
    assert book["问责情况"]["B3"].value == "张三"


def test_importing_the_same_inspection_twice_is_refused():
    units()
    actor = leader()
    inspection = import_ledger(_original(), actor)
    with pytest.raises(Exception) as refused:
        import_ledger(export_ledger(inspection), actor)
    assert "已有同名巡察" in str(refused.value.row_errors[0].message)
    assert Inspection.objects.count() == 1
