"""Done when: from the demo data, the Word report holds the seed's 4 categories and 18
problems in the seed's order, its counts match the ledger, and they follow the ledger."""

import re

import pytest

from onewindow.accounts.models import User
from onewindow.rectification.constants import MeasureStatus, ProblemStatus
from onewindow.rectification.ledger.selectors import ledger_counts
from onewindow.rectification.report import compose, services

from ..demo_seed import SEED_CATEGORIES, SEED_PROBLEMS
from .ledger_helpers import close_measure, read_docx, texts

pytestmark = pytest.mark.django_db

PROBLEM_LEAD = re.compile(r"^(\d+)\.关于(.+)问题整改落实情况。$")


def _counts_in(document) -> tuple[int, ...]:
    match = re.search(
        r"(\d+)个方面(\d+)个问题，已完成(\d+)个，正在推进(\d+)个", document.paragraphs[1].text
    )
    assert match, document.paragraphs[1].text
    return tuple(int(n) for n in match.groups())


def test_the_demo_report_holds_the_seeds_categories_and_problems_in_order(demo_inspection):
    document = read_docx(services.build_docx(demo_inspection))
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


def test_the_demo_reports_counts_match_the_ledger(demo_inspection):
    counts = ledger_counts(demo_inspection)
    document = read_docx(services.build_docx(demo_inspection))
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


def test_closing_a_problems_last_measures_changes_the_counts_in_a_new_report(demo_inspection):
    leader = User.objects.get(username="leader")
    before = _counts_in(read_docx(services.build_docx(demo_inspection)))
    # An open problem whose open measures have no live-figure target (those need a reason).
    problem = next(
        p
        for p in demo_inspection.problems.filter(status=ProblemStatus.OPEN).order_by("number")
        if not p.measures.exclude(status=MeasureStatus.CLOSED).exclude(target_metric="").exists()
    )
    open_measures = list(problem.measures.exclude(status=MeasureStatus.CLOSED))
    for measure in open_measures:
        close_measure(measure, leader, "已按期完成整改。")

    after_document = read_docx(services.build_docx(demo_inspection))
    after = _counts_in(after_document)
    assert after == (4, 18, before[2] + 1, before[3] - 1)
    closed = 11 + len(open_measures)
    assert f"目前，{closed}项整改措施已完成销号" in "\n".join(texts(after_document))
    entry = next(
        p
        for c in compose.compose(demo_inspection)["feedback"]["categories"]
        for p in c["problems"]
        if p["number"] == problem.number
    )
    assert entry["status"] == "closed"
    assert entry["paragraphs"][-1]["text"].endswith("目前，该问题已整改完成。")
