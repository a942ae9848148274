"""Every count in the report comes from the ledger, and follows it when the ledger moves."""

from onewindow.rectification.constants import AccountabilityKind
from onewindow.rectification.ledger import services as ledger_services
from onewindow.rectification.ledger.selectors import ledger_counts
from onewindow.rectification.report import compose, services

from .ledger_helpers import close_measure, read_docx


def _opening(inspection) -> str:
    return read_docx(services.build_docx(inspection)).paragraphs[1].text


def test_counts_sentence_matches_the_ledger(ledger):
    inspection, _parts = ledger
    counts = ledger_counts(inspection)
    assert (counts["categories"], counts["problems"]) == (3, 3)
    assert (counts["problems_closed"], counts["problems_open"]) == (1, 2)
    assert (counts["measures"], counts["measures_closed"]) == (4, 2)
    assert "3个方面3个问题，已完成1个，正在推进2个" in _opening(inspection)


def test_closing_a_measure_changes_the_counts_in_a_new_report(ledger, leader):
    inspection, parts = ledger
    before = read_docx(services.build_docx(inspection))
    assert "已完成1个，正在推进2个" in before.paragraphs[1].text

    close_measure(parts["measures"]["1b"], leader)  # problem 1's last open measure

    after = read_docx(services.build_docx(inspection))
    assert "3个方面3个问题，已完成2个，正在推进1个" in after.paragraphs[1].text
    body = "\n".join(p.text for p in after.paragraphs)
    assert "目前，3项整改措施已完成销号" in body
    # The old file is what it was: a report is a document of its moment.
    assert "已完成1个，正在推进2个" in before.paragraphs[1].text


def test_a_follow_up_review_reopening_a_problem_counts_it_as_open_again(ledger, leader):
    inspection, parts = ledger
    ledger_services.reopen(parts["problems"][1], "回头看发现问题反弹", leader)
    assert "已完成0个，正在推进3个" in _opening(inspection)


def test_people_held_to_account_are_counted_by_person(ledger, leader):
    inspection, parts = ledger
    problem = parts["problems"][0]
    for kind in (AccountabilityKind.ADMONITION_TALK, AccountabilityKind.CRITICISM_NOTICE):
        ledger_services.add_accountability(
            problem, person_name="张某", kind=kind, decided_on="2020-05-01"
        )
    ledger_services.add_accountability(
        problem,
        person_name="赵某",
        kind=AccountabilityKind.ADMONITION_TALK,
        decided_on="2020-05-02",
    )
    opening = _opening(inspection)
    assert "追责问责2人（其中通报批评1人次、诫勉谈话2人次）" in opening


def test_each_problem_says_what_was_done_and_whether_it_is_done(ledger):
    inspection, _parts = ledger
    data = compose.compose(inspection)
    first, second = data["feedback"]["categories"][0]["problems"]
    assert first["paragraphs"][0]["text"].startswith("一是扎实推进民生服务改革")
    assert first["paragraphs"][1]["text"].startswith("二是对餐饮、便利店、药店")
    assert first["paragraphs"][-1]["text"].endswith("2项整改措施已完成1项，其余正在推进。")
    assert second["paragraphs"][-1]["text"].endswith("目前，该问题已整改完成。")
    third = data["feedback"]["categories"][1]["problems"][0]
    assert "《东营区行政审批服务局内部审计管理制度》" in "".join(
        p["text"] for p in third["paragraphs"]
    )


def test_placeholders_in_the_narrative_are_the_ledgers_numbers(ledger):
    inspection, _parts = ledger
    data = compose.compose(
        inspection,
        {"work_done": "共{问题数}个问题，{已销号措施数}项措施已销号，问责{问责人数}人。"},
    )
    assert data["work_done"]["paragraphs"][0]["text"] == "共3个问题，2项措施已销号，问责0人。"
