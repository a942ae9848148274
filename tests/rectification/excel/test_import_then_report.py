"""Done when: a ledger workbook with nested categories and accountability records is
imported, the report is generated, and every count in it agrees with the workbook.

The expected numbers are read from the workbook itself (with openpyxl, the way a person
would count the 台账), never from the database the import wrote.
"""

import io
import re
from collections import Counter

import pytest
from docx import Document
from openpyxl import load_workbook

from onewindow.rectification.excel.import_ import import_ledger
from onewindow.rectification.report.services import build_docx

from .workbooks import build, leader, row, units

pytestmark = pytest.mark.django_db

CLOSED_LABELS = {"已销号", "已完成"}

ROWS = [
    row(
        "（一）政治建设方面",
        "",
        1,
        "关于学习形式单一问题",
        "建立第一议题制度",
        完成情况="已销号",
        整改成果="《党组会议“第一议题”制度》",
    ),
    row("", "", None, "", "制定中心组学习安排", 整改类型="长期坚持", 完成情况="正在推进"),
    row(
        "",
        "",
        2,
        "关于党建工作偏少问题",
        "制定党建工作要点",
        完成情况="已销号",
        整改类型="立行立改",
        责任股室="党建室",
    ),
    row(
        "（二）组织建设方面",
        "1.班子建设",
        3,
        "关于民主集中制执行不严问题",
        "完善议事规则",
        完成情况="已销号",
        整改成果="《党组议事规则》（2021-08-02）",
    ),
    row("", "", None, "", "开展专题民主生活会", 完成情况="已销号"),
    row("", "", None, "", "落实“三重一大”集体决策", 完成情况="已销号"),
    row("", "2.干部队伍建设", 4, "关于干部选任程序不规范问题", "规范选任程序", 完成情况="正在推进"),
    row("", "", None, "", "建立干部档案审核制度", 完成情况="未开始"),
    row(
        "",
        "",
        5,
        "关于窗口人员素质不高问题",
        "开展业务培训",
        完成情况="已完成",
        责任股室="大厅督查",
    ),
    row("（三）纪律建设方面", "", 6, "关于廉政教育不经常问题", "开展警示教育", 完成情况="申请销号"),
    row("", "", None, "", "廉政谈话全覆盖", 完成情况="正在推进"),
    row(
        "",
        "1.廉政风险防控",
        7,
        "关于廉政风险点未排查问题",
        "开展风险排摸",
        完成情况="领导验收",
        责任股室="工程建设项目审批股",
    ),
    row("（四）移交问题线索办理方面", "", None, "", ""),
]
ACCOUNTABILITY = [
    (3, "李某", "科员", "批评教育", "2021-08-01", "议事记录不全"),
    (3, "王某", "股长", "诫勉谈话", "2021年8月3日", ""),
    (5, "李某", "科员", "提醒谈话", "2021-08-10", "同一人第二次被问责"),
    (6, "赵某", "副股长", "通报批评", "2021/8/20", ""),
]


def _count_the_workbook(data: bytes) -> dict:
    """Count the 台账 as a person would: merged or blank problem cells continue above."""
    book = load_workbook(io.BytesIO(data))
    sheet = book["台账"]
    headers = [c.value for c in sheet[2]]
    col = {h: i for i, h in enumerate(headers)}
    categories, problems, measures = set(), {}, []
    category = number = None
    for cells in sheet.iter_rows(min_row=3, values_only=True):
        if cells[col["问题类别"]]:
            category = re.sub(r"^（.）", "", cells[col["问题类别"]])
            categories.add(category)
        if cells[col["问题序号"]]:
            number = cells[col["问题序号"]]
            problems[number] = {"title": cells[col["问题"]], "measures": []}
        if cells[col["整改措施"]]:
            closed = cells[col["完成情况"]] in CLOSED_LABELS
            problems[number]["measures"].append(closed)
            measures.append(closed)
    for entry in problems.values():
        entry["closed"] = all(entry["measures"]) and bool(entry["measures"])
    people = book["问责情况"]
    records = [r for r in people.iter_rows(min_row=2, values_only=True) if r[0]]
    rules = [
        re.search(r"《(.+?)》", c).group(1)
        for c in (r[col["整改成果"]] for r in sheet.iter_rows(min_row=3, values_only=True))
        if c
    ]
    return {
        "categories": len(categories),
        "problems": problems,
        "problems_closed": sum(p["closed"] for p in problems.values()),
        "measures_closed": sum(measures),
        "people": len({r[1] for r in records}),
        "by_kind": Counter(r[3] for r in records),
        "rules": rules,
    }


def _report_text(inspection) -> list[str]:
    return [p.text for p in Document(io.BytesIO(build_docx(inspection))).paragraphs if p.text]


def test_every_count_in_the_report_agrees_with_the_imported_workbook():
    units()
    workbook = build(ROWS, accountability=ACCOUNTABILITY)
    expected = _count_the_workbook(workbook)
    assert expected["categories"] == 4 and len(expected["problems"]) == 7  # the test's own data

    inspection = import_ledger(workbook, leader())
    paragraphs = _report_text(inspection)
    text = "\n".join(paragraphs)

    # The opening: "反馈的4个方面3类7个问题，已完成3个，正在推进4个；制定整改措施12项，
    # 已完成销号6项；追责问责3人（其中…）" (the 类 where the 方面 hold sub-categories).
    opening = re.search(
        r"反馈的(\d+)个方面(?:\d+类)?(\d+)个问题，已完成(\d+)个，正在推进(\d+)个；"
        r"制定整改措施\d+项，已完成销号\d+项；追责问责(\d+)人（其中(.+?)）",
        text,
    )
    assert opening, text[:400]
    n_categories, n_problems, n_closed, n_open, n_people = map(int, opening.groups()[:5])
    problems = len(expected["problems"])
    assert n_categories == expected["categories"]
    assert n_problems == problems
    assert n_closed == expected["problems_closed"]
    assert n_open == problems - expected["problems_closed"]
    assert n_people == expected["people"]  # one person held to account twice counts once
    by_kind = {k: int(n) for k, n in re.findall(r"([^、\d]+?)(\d+)人次", opening.group(6))}
    assert by_kind == dict(expected["by_kind"])

    # The work done: "目前，6项整改措施已完成销号".
    assert re.findall(r"(\d+)项整改措施已完成销号", text) == [str(expected["measures_closed"])]

    # Each problem: its lead, then whether it is done or how many of its measures are.
    leads = [i for i, p in enumerate(paragraphs) if p.endswith("问题整改落实情况。")]
    assert len(leads) == problems
    for (number, problem), start in zip(sorted(expected["problems"].items()), leads, strict=True):
        core = problem["title"].removeprefix("关于").removesuffix("问题")
        assert core in paragraphs[start]
        end = leads[leads.index(start) + 1] if start != leads[-1] else len(paragraphs)
        body = "".join(paragraphs[start + 1 : end])
        total, closed = len(problem["measures"]), sum(problem["measures"])
        if problem["closed"]:
            assert "该问题已整改完成" in body, number
        elif closed:
            assert f"该问题{total}项整改措施已完成{closed}项" in body, number
        else:
            assert "该问题正在推进整改" in body, number

    # The rules the workbook names are the ones the report says were made.
    for rule in expected["rules"]:
        assert f"《{rule}》" in text
