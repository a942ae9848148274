"""The report's structure follows the ledger's order, with sub-categories when it has them."""

from onewindow.rectification.ledger import services as ledger
from onewindow.rectification.report import compose
from tests.accounts.factories import DepartmentFactory

from .ledger_helpers import add_measure, make_inspection


def test_problems_follow_the_feedback_numbers_not_the_order_of_entry(db):
    inspection = make_inspection()
    category = ledger.add_category(inspection, title="纪律建设方面")
    ledger.add_problem(inspection, category=category, number=2, title="第二项不足")
    ledger.add_problem(inspection, category=category, number=1, title="第一项不足")
    data = compose.compose(inspection)
    leads = [p["lead"] for p in data["feedback"]["categories"][0]["problems"]]
    assert leads == ["1.关于第一项不足问题整改落实情况。", "2.关于第二项不足问题整改落实情况。"]


def test_sub_categories_are_numbered_1_and_their_problems_in_brackets(db):
    inspection = make_inspection()
    top = ledger.add_category(inspection, title="党的建设方面")
    first = ledger.add_category(inspection, title="政治建设类", parent=top)
    second = ledger.add_category(inspection, title="作风建设类", parent=top)
    unit = DepartmentFactory()
    for number, category in ((1, first), (2, first), (3, second)):
        problem = ledger.add_problem(
            inspection, category=category, number=number, title=f"问题{number}"
        )
        add_measure(problem, "措施", unit)
    data = compose.compose(inspection)
    assert data["counts"]["categories"] == 1
    entry = data["feedback"]["categories"][0]
    assert [c["label"] + c["title"] for c in entry["children"]] == ["1.政治建设类", "2.作风建设类"]
    assert [p["label"] for c in entry["children"] for p in c["problems"]] == [
        "（1）",
        "（2）",
        "（3）",
    ]
    styles = [(b["style"], b["text"]) for b in compose.blocks(data)]
    assert ("h2", "（一）党的建设方面") in styles
    assert ("h3", "1.政治建设类") in styles
    assert ("h3", "（3）关于问题3问题整改落实情况。") in styles
    # The sub-categories are stated with their count (issue 14 item 8).
    assert "1个方面2类3个问题，已完成0个，正在推进3个" in data["opening"]


def test_the_period_and_title_read_like_the_seed():
    assert compose.cn_period(*map(_d, ("2019-09-23", "2019-12-25"))) == "2019年9月下旬至12月下旬"
    assert (
        compose.cn_period(*map(_d, ("2019-12-01", "2020-01-15"))) == "2019年12月上旬至2020年1月中旬"
    )
    assert compose.short_group("区委第三巡察组") == "区委巡察组"
    assert compose.problem_core("关于学习形式较为单一问题整改落实情况。") == "学习形式较为单一"


def _d(text):
    import datetime

    return datetime.date.fromisoformat(text)


def test_a_progress_text_ending_in_a_quotation_still_ends_as_a_sentence():
    assert compose._sentence("打通政务服务“最后一公里”") == "打通政务服务“最后一公里”。"
    assert compose._sentence("他说“已整改到位。”") == "他说“已整改到位。”"
