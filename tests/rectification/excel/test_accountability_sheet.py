"""The 问责情况 sheet: people held to account, attached to their problem by 问题序号."""

import pytest

from onewindow.rectification.constants import AccountabilityKind
from onewindow.rectification.excel.import_ import ImportRefused, import_ledger
from onewindow.rectification.models import Accountability, Inspection

from .workbooks import build, leader, row, units

pytestmark = pytest.mark.django_db

ROWS = [
    row("纪律建设方面", "", 1, "谈话记录内容雷同问题", "核查谈话记录"),
    row("", "", 2, "大额资金支出未集体研究问题", "落实三重一大制度"),
]


def test_accountability_rows_are_attached_to_their_problems():
    units()
    inspection = import_ledger(
        build(
            ROWS,
            accountability=[
                (1, "李某", "科员", "批评教育", "2020年4月10日", "谈话记录敷衍"),
                (1, "王某", "股长", "提醒谈话", "2020-04-12", ""),
                (2, "赵某", "副局长", "诫勉谈话", "2020/5/18", None),
            ],
        ),
        leader(),
    )

    rows = {
        a.person_name: (a.problem.number, a.kind, a.decided_on.isoformat(), a.position)
        for a in Accountability.objects.filter(problem__inspection=inspection)
    }
    assert rows == {
        "李某": (1, AccountabilityKind.CRITICISM_EDUCATION, "2020-04-10", "科员"),
        "王某": (1, AccountabilityKind.REMINDER_TALK, "2020-04-12", "股长"),
        "赵某": (2, AccountabilityKind.ADMONITION_TALK, "2020-05-18", "副局长"),
    }


def test_a_workbook_without_the_accountability_sheet_is_fine():
    units()
    inspection = import_ledger(build(ROWS, sheets=("台账", "巡察信息")), leader())
    assert not Accountability.objects.filter(problem__inspection=inspection).exists()


def test_bad_accountability_rows_are_refused_by_row():
    units()
    with pytest.raises(ImportRefused) as refused:
        import_ledger(
            build(
                ROWS,
                accountability=[
                    (9, "李某", "科员", "批评教育", "2020-04-10", ""),
                    (1, "王某", "股长", "记大过", "2020-04-12", ""),
                    (2, None, "副局长", "诫勉谈话", "2020-05-18", ""),
                    (2, "赵某", "副局长", "诫勉谈话", "五月", ""),
                ],
            ),
            leader(),
        )
    found = {(e.sheet, e.row, e.header): e.message for e in refused.value.row_errors}
    assert "问题序号 9 不在「台账」工作表中" in found[("问责情况", 2, "问题序号")]
    assert "记大过" in found[("问责情况", 3, "问责方式")]
    assert "请填写被问责人" in found[("问责情况", 4, "被问责人")]
    assert "应为日期" in found[("问责情况", 5, "问责日期")]
    assert len(found) == 4
    assert Inspection.objects.count() == 0 and Accountability.objects.count() == 0
