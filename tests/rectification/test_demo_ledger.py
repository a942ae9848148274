"""The demo ledger is the seed's: 区委第三巡察组, 4 categories, 18 problems, 11 measures closed."""

import io
from datetime import date

import pytest
from docx import Document

from onewindow.rectification import demo
from onewindow.rectification.constants import AccountabilityKind, MeasureStatus, OutputKind
from onewindow.rectification.ledger.selectors import ledger_counts
from onewindow.rectification.models import Category, Inspection, Measure, MeasureOutput
from onewindow.rectification.report.services import build_docx

from .demo_seed import SEED_PROBLEMS

pytestmark = pytest.mark.django_db


def test_the_inspection_is_the_seeds(demo_inspection):
    assert demo_inspection.inspection_group == "区委第三巡察组"
    assert demo_inspection.inspected_unit == "中共东营区行政审批服务局党组"
    assert (demo_inspection.period_start.year, demo_inspection.period_start.month) == (2019, 9)
    assert demo_inspection.period_start.day > 20  # 9月下旬
    assert (demo_inspection.period_end.month, demo_inspection.period_end.day > 20) == (12, True)
    assert demo_inspection.feedback_on == date(2020, 3, 26)
    assert demo_inspection.report_due_on == date(2020, 5, 26)  # 2 months after the feedback


def test_four_categories_and_eighteen_problems_in_the_seeds_order(demo_inspection):
    tops = Category.objects.filter(inspection=demo_inspection, parent=None).order_by("sort_order")
    assert [c.title for c in tops] == [
        "政治建设和思想建设方面",
        "组织建设和作风建设方面",
        "纪律建设和夺取反腐败斗争压倒性胜利方面",
        "区委巡察组移交立行立改问题、问题线索和信访件的办理情况",
    ]
    problems = list(demo_inspection.problems.order_by("number").select_related("category"))
    assert [p.number for p in problems] == list(range(1, 19))
    assert [p.title for p in problems] == [f"关于{t}问题" for t in SEED_PROBLEMS]
    per_category = [sum(1 for p in problems if p.category == c) for c in tops]
    assert per_category == [7, 4, 7, 0]


def test_counts_are_what_the_seed_says(demo_inspection):
    counts = ledger_counts(demo_inspection)
    assert counts["categories"] == 4
    assert counts["problems"] == 18
    assert counts["measures_closed"] == 11  # "目前，11项整改措施已完成销号"
    assert counts["problems_closed"] + counts["problems_open"] == 18
    assert counts["people_held_to_account"] == 1  # problem 13: 对涉及工作人员进行了批评教育
    assert counts["accountability_by_kind"] == {AccountabilityKind.CRITICISM_EDUCATION: 1}
    closed = Measure.objects.filter(
        problem__inspection=demo_inspection, status=MeasureStatus.CLOSED
    )
    assert all(m.accepted_by and m.closed_at for m in closed)
    assert all(m.closed_at.year == 2020 for m in closed)


def test_the_rules_the_seed_names_are_outputs(demo_inspection):
    rules = set(
        MeasureOutput.objects.filter(
            measure__problem__inspection=demo_inspection, kind=OutputKind.RULE
        ).values_list("title", flat=True)
    )
    # The seed's section 一 names these two as the rules made (制度); the rest are documents.
    assert rules == {
        "东营区行政审批服务局内部审计管理制度",
        "东营区行政审批服务局关于“一窗受理”审批管理暂行办法",
    }


def test_measures_are_bound_to_live_figures(demo_inspection):
    bound = set(
        Measure.objects.filter(problem__inspection=demo_inspection)
        .exclude(target_metric="")
        .values_list("target_metric", flat=True)
    )
    service = {"construction_permit_within_3_workdays", "startup_within_1_workday"}
    # items 7 and 9–16: the governance registers' figures (governance/metrics.py)
    governance = {code for code in bound if code.startswith("gov_")}
    assert bound == service | {"satisfaction_rate"} | governance
    assert len(governance) >= 9


def test_the_report_of_the_demo_reads_like_the_seed(demo_inspection):
    text = "\n".join(p.text for p in Document(io.BytesIO(build_docx(demo_inspection))).paragraphs)
    assert "4个方面18个问题" in text
    assert "11项整改措施已完成销号" in text
    assert "2019年9月下旬至12月下旬" in text
    assert "2020年3月26日" in text
    assert "共完成政务中心工作考核通报11期" in text  # a progress update, as the seed words it
    assert "关于巡察整改进展情况的通报" in text.splitlines()[0].replace("2019年区委", "")
    assert "《东营区行政审批服务局内部审计管理制度》" in text
    for number, title in enumerate(SEED_PROBLEMS, start=1):
        assert f"{number}.关于{title}问题整改落实情况。" in text


def test_loading_again_changes_nothing(demo_inspection):
    before = Measure.objects.count()
    counts = demo.load_rectification()
    assert counts == {
        "inspections": 0,
        "categories": 4,
        "problems": 18,
        "measures": before,
        "measures_closed": 11,
    }
    assert Inspection.objects.count() == 1
