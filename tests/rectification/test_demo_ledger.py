"""The demo ledger is the seed's: 区委第三巡察组, 4 categories, 18 problems, 11 measures closed."""

import io
from datetime import date

import pytest
from docx import Document

from onewindow.accounts import demo as accounts_demo
from onewindow.org import demo as org_demo
from onewindow.rectification import demo
from onewindow.rectification.constants import AccountabilityKind, MeasureStatus, OutputKind
from onewindow.rectification.ledger.selectors import ledger_counts
from onewindow.rectification.models import Category, Inspection, Measure, MeasureOutput
from onewindow.rectification.report.services import build_docx

pytestmark = pytest.mark.django_db

# The seed's problems, in its order ("N、关于…问题整改落实情况").
SEED_PROBLEMS = [
    "推进“一次办好”改革的力度还不够大",
    "实施“一窗受理”的机制仍不够健全",
    "发扬“店小二”精神效果还不够明显，窗口服务人员奉献意识欠佳",
    "制定出台“拿地即开工”改革文件不及时",
    "落实帮办代办制度效果不理想",
    "指导监督便民服务中心建设缺少硬招实招",
    "学习形式较为单一，结合实际不紧密",
    "谋划研究党建工作偏少",
    "对大厅派驻单位的党员管理缺少抓手",
    "机构改革方案落实不到位",
    "大厅工作人员整体素质有待提高",
    "履行主体责任方式单一，满足于发文开会和签责任状",
    "廉政警示教育不经常，未及时排查建立廉政风险点",
    "有的大额资金支出没有经过党组会集体研究",
    "执行合同规定有时打折扣，没有严格按照合同约定执行",
    "国有资产管理存在不严谨的情况，部分物品没有计入单位固定资产管理台账",
    "对巡察整改重部署轻落实",
    "对巡察整改存在一定程度的“新官不理旧账”现象",
]


@pytest.fixture
def inspection():
    org_demo.load_network()
    accounts_demo.load_users()
    counts = demo.load_rectification()
    assert counts["inspections"] == 1
    return Inspection.objects.get()


def test_the_inspection_is_the_seeds(inspection):
    assert inspection.inspection_group == "区委第三巡察组"
    assert inspection.inspected_unit == "中共东营区行政审批服务局党组"
    assert (inspection.period_start.year, inspection.period_start.month) == (2019, 9)
    assert inspection.period_start.day > 20  # 9月下旬
    assert (inspection.period_end.month, inspection.period_end.day > 20) == (12, True)
    assert inspection.feedback_on == date(2020, 3, 26)
    assert inspection.report_due_on == date(2020, 5, 26)  # 2 months after the feedback


def test_four_categories_and_eighteen_problems_in_the_seeds_order(inspection):
    tops = Category.objects.filter(inspection=inspection, parent=None).order_by("sort_order")
    assert [c.title for c in tops] == [
        "政治建设和思想建设方面",
        "组织建设和作风建设方面",
        "纪律建设和夺取反腐败斗争压倒性胜利方面",
        "区委巡察组移交立行立改问题、问题线索和信访件的办理情况",
    ]
    problems = list(inspection.problems.order_by("number").select_related("category"))
    assert [p.number for p in problems] == list(range(1, 19))
    assert [p.title for p in problems] == [f"关于{t}问题" for t in SEED_PROBLEMS]
    per_category = [sum(1 for p in problems if p.category == c) for c in tops]
    assert per_category == [7, 4, 7, 0]


def test_counts_are_what_the_seed_says(inspection):
    counts = ledger_counts(inspection)
    assert counts["categories"] == 4
    assert counts["problems"] == 18
    assert counts["measures_closed"] == 11  # "目前，11项整改措施已完成销号"
    assert counts["problems_closed"] + counts["problems_open"] == 18
    assert counts["people_held_to_account"] == 1  # problem 13: 对涉及工作人员进行了批评教育
    assert counts["accountability_by_kind"] == {AccountabilityKind.CRITICISM_EDUCATION: 1}
    closed = Measure.objects.filter(problem__inspection=inspection, status=MeasureStatus.CLOSED)
    assert all(m.accepted_by and m.closed_at for m in closed)
    assert all(m.closed_at.year == 2020 for m in closed)


def test_the_rules_the_seed_names_are_outputs(inspection):
    rules = set(
        MeasureOutput.objects.filter(
            measure__problem__inspection=inspection, kind=OutputKind.RULE
        ).values_list("title", flat=True)
    )
    # The seed's section 一 names these two as the rules made (制度); the rest are documents.
    assert rules == {
        "东营区行政审批服务局内部审计管理制度",
        "东营区行政审批服务局关于“一窗受理”审批管理暂行办法",
    }


def test_three_measures_are_bound_to_live_figures(inspection):
    bound = set(
        Measure.objects.filter(problem__inspection=inspection)
        .exclude(target_metric="")
        .values_list("target_metric", flat=True)
    )
    assert bound == {
        "construction_permit_within_3_workdays",
        "startup_within_1_workday",
        "satisfaction_rate",
    }


def test_the_report_of_the_demo_reads_like_the_seed(inspection):
    text = "\n".join(p.text for p in Document(io.BytesIO(build_docx(inspection))).paragraphs)
    assert "4个方面18个问题" in text
    assert "11项整改措施已完成销号" in text
    assert "2019年9月下旬至12月下旬" in text
    assert "2020年3月26日" in text
    assert "共完成政务中心工作考核通报11期" in text  # a progress update, as the seed words it
    assert "关于巡察整改进展情况的通报" in text.splitlines()[0].replace("2019年区委", "")
    assert "《东营区行政审批服务局内部审计管理制度》" in text
    for number, title in enumerate(SEED_PROBLEMS, start=1):
        assert f"{number}.关于{title}问题整改落实情况。" in text


def test_loading_again_changes_nothing(inspection):
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
