"""Done when: from the demo data, the Word report holds the seed's 4 categories and 18
problems in the seed's order, its counts match the ledger, and they follow the ledger."""

import re

import pytest

from onewindow.accounts import demo as accounts_demo
from onewindow.accounts.models import User
from onewindow.org import demo as org_demo
from onewindow.rectification import demo
from onewindow.rectification.constants import MeasureStatus, ProblemStatus
from onewindow.rectification.ledger.selectors import ledger_counts
from onewindow.rectification.models import Inspection
from onewindow.rectification.report import compose, services

from .ledger_helpers import close_measure, read_docx, texts

pytestmark = pytest.mark.django_db

# The seed report's headings and problems, in its order.
SEED_CATEGORIES = [
    "（一）政治建设和思想建设方面",
    "（二）组织建设和作风建设方面",
    "（三）纪律建设和夺取反腐败斗争压倒性胜利方面",
    "（四）区委巡察组移交立行立改问题、问题线索和信访件的办理情况",
]
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
PROBLEM_LEAD = re.compile(r"^(\d+)\.关于(.+)问题整改落实情况。$")


@pytest.fixture
def inspection():
    org_demo.load_network()
    accounts_demo.load_users()
    demo.load_rectification()
    return Inspection.objects.get()


def _counts_in(document) -> tuple[int, ...]:
    match = re.search(
        r"(\d+)个方面(\d+)个问题，已完成(\d+)个，正在推进(\d+)个", document.paragraphs[1].text
    )
    assert match, document.paragraphs[1].text
    return tuple(int(n) for n in match.groups())


def test_the_demo_report_holds_the_seeds_categories_and_problems_in_order(inspection):
    document = read_docx(services.build_docx(inspection))
    body = texts(document)
    categories = [t for t in body if re.match(r"^（[一二三四五六七八九十]+）", t) and "。" not in t]
    assert categories == SEED_CATEGORIES
    leads = [PROBLEM_LEAD.match(t) for t in body]
    leads = [m for m in leads if m]
    assert [int(m.group(1)) for m in leads] == list(range(1, 19))
    assert [m.group(2) for m in leads] == SEED_PROBLEMS
    # Each problem sits under its seed heading: 7, 4, 7 and none under the fourth.
    positions = [body.index(c) for c in SEED_CATEGORIES] + [body.index("三、下一步努力方向")]
    per_category = [
        sum(1 for m in leads if positions[i] < body.index(m.string) < positions[i + 1])
        for i in range(4)
    ]
    assert per_category == [7, 4, 7, 0]


def test_the_demo_reports_counts_match_the_ledger(inspection):
    counts = ledger_counts(inspection)
    document = read_docx(services.build_docx(inspection))
    assert _counts_in(document) == (
        4,
        18,
        counts["problems_closed"],
        counts["problems_open"],
    )
    assert counts["problems_closed"] + counts["problems_open"] == 18
    body = "\n".join(texts(document))
    assert f"目前，{counts['measures_closed']}项整改措施已完成销号" in body
    assert counts["measures_closed"] == 11
    assert f"追责问责{counts['people_held_to_account']}人" in body


def test_closing_a_problems_last_measures_changes_the_counts_in_a_new_report(inspection):
    leader = User.objects.get(username="leader")
    before = _counts_in(read_docx(services.build_docx(inspection)))
    # An open problem whose open measures have no live-figure target (those need a reason).
    problem = next(
        p
        for p in inspection.problems.filter(status=ProblemStatus.OPEN).order_by("number")
        if not p.measures.exclude(status=MeasureStatus.CLOSED).exclude(target_metric="").exists()
    )
    open_measures = list(problem.measures.exclude(status=MeasureStatus.CLOSED))
    for measure in open_measures:
        close_measure(measure, leader, "已按期完成整改。")

    after_document = read_docx(services.build_docx(inspection))
    after = _counts_in(after_document)
    assert after == (4, 18, before[2] + 1, before[3] - 1)
    closed = 11 + len(open_measures)
    assert f"目前，{closed}项整改措施已完成销号" in "\n".join(texts(after_document))
    entry = next(
        p
        for c in compose.compose(inspection)["feedback"]["categories"]
        for p in c["problems"]
        if p["number"] == problem.number
    )
    assert entry["status"] == "closed"
    assert entry["paragraphs"][-1]["text"].endswith("目前，该问题已整改完成。")
