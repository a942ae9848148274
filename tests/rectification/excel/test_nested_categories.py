"""Categories (方面) may hold sub-categories (类) before problems, as real reports do."""

import pytest

from onewindow.rectification.constants import MeasureKind, MeasureStatus, ProblemStatus
from onewindow.rectification.excel.import_ import import_ledger
from onewindow.rectification.models import Category, Problem

from .workbooks import build, leader, row, units

pytestmark = pytest.mark.django_db


def _workbook():
    return build(
        [
            row("（一）政治建设方面", "", 1, "理论学习不深入问题", "建立第一议题制度"),
            row("", "", None, "", "制定中心组学习安排", 整改类型="长期坚持"),
            row("", "1.党组领导作用", 2, "谋划党建工作偏少问题", "制定党建工作要点"),
            row("", "", 3, "党员管理缺少抓手问题", "开展党员示范岗", 责任股室="党建室"),
            row("（二）作风建设方面", "", None, "", ""),
            row("（三）纪律建设方面", "2.主体责任", 4, "主体责任方式单一问题", "成立领导小组"),
            row("", "3.廉政风险", 5, "廉政风险点未排查问题", "开展风险排摸", 完成情况="已销号"),
        ]
    )


def test_import_builds_the_category_tree_in_the_workbooks_order():
    units()
    inspection = import_ledger(_workbook(), leader())

    tops = list(Category.objects.filter(inspection=inspection, parent=None).order_by("sort_order"))
    assert [c.title for c in tops] == ["政治建设方面", "作风建设方面", "纪律建设方面"]
    children = {
        c.title: c.parent.title
        for c in Category.objects.filter(inspection=inspection, parent__isnull=False)
    }
    assert children == {
        "党组领导作用": "政治建设方面",
        "主体责任": "纪律建设方面",
        "廉政风险": "纪律建设方面",
    }
    problems = {p.number: p for p in Problem.objects.filter(inspection=inspection)}
    assert problems[1].category.title == "政治建设方面"
    # A blank 子类别 under a continuing 方面 keeps the 类 above (merged cells read blank).
    assert problems[2].category.title == problems[3].category.title == "党组领导作用"
    assert problems[5].category.parent.title == "纪律建设方面"


def test_blank_problem_cells_continue_the_problem_above():
    units()
    inspection = import_ledger(_workbook(), leader())

    first = Problem.objects.get(inspection=inspection, number=1)
    measures = list(first.measures.order_by("sort_order"))
    assert [m.content for m in measures] == ["建立第一议题制度", "制定中心组学习安排"]
    assert [m.kind for m in measures] == [MeasureKind.BY_DEADLINE, MeasureKind.ONGOING]


def test_a_problem_whose_measures_are_all_closed_is_closed():
    units()
    inspection = import_ledger(_workbook(), leader())

    fifth = Problem.objects.get(inspection=inspection, number=5)
    assert fifth.measures.get().status == MeasureStatus.CLOSED
    assert fifth.status == ProblemStatus.CLOSED
    assert Problem.objects.get(inspection=inspection, number=4).status == ProblemStatus.OPEN
