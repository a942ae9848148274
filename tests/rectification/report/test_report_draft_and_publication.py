"""Leaders draft, edit and publish; publishing freezes the report; nothing is withdrawn."""

import pytest

from onewindow.core.audit.models import AuditEvent
from onewindow.core.errors import Conflict, InvalidInput, PermissionDenied
from onewindow.rectification.constants import ReportStatus
from onewindow.rectification.report import services

from .ledger_helpers import close_measure, read_docx


def test_a_leader_drafts_a_report_with_the_default_narrative(ledger, leader):
    inspection, _parts = ledger
    report = services.create_draft(inspection, actor=leader)
    assert report.status == ReportStatus.DRAFT
    assert report.title == "中共东营区行政审批服务局党组关于区委第三轮巡察整改进展情况的通报"
    assert "{已销号措施数}" in report.narrative["work_done"]
    assert report.narrative["contact_phone"] == "0546-8253386"
    assert AuditEvent.objects.filter(action="rectification.report.create").count() == 1


@pytest.mark.parametrize("role", ["discipline", "supervisor", "clerk"])
def test_only_leaders_and_party_members_draft(ledger, role, request):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        services.create_draft(ledger[0], actor=user)


def test_a_party_member_edits_the_narrative_and_the_edit_is_audited(ledger, party_member):
    inspection, parts = ledger
    report = services.create_draft(inspection, actor=party_member)
    problem = parts["problems"][2]
    clues = parts["categories"][2]
    services.edit_narrative(
        report,
        actor=party_member,
        title="关于巡察整改进展情况的通报",
        narrative={
            "work_done": "一是统一思想认识。目前，{已销号措施数}项整改措施已完成销号。",
            "problem_texts": {str(problem.pk): "涉及正在办理的事项，整改情况暂不公开。"},
            "category_notes": {str(clues.pk): "巡察期间，未收到问题线索和信访件。"},
        },
    )
    document = read_docx(services.build_docx(report))
    body = [p.text for p in document.paragraphs]
    assert body[0] == "关于巡察整改进展情况的通报"
    assert "一是统一思想认识。目前，2项整改措施已完成销号。" in body
    assert "涉及正在办理的事项，整改情况暂不公开。" in "".join(body)
    assert "党建工作要点" not in "".join(body)  # the replaced details are not shown
    assert body[body.index("3.关于谋划研究党建工作偏少问题整改落实情况。") + 1].startswith(
        "涉及正在办理的事项"
    )
    assert "巡察期间，未收到问题线索和信访件。" in body
    event = AuditEvent.objects.get(action="rectification.report.edit")
    assert event.before["title"].startswith("中共东营区")


def test_bad_narrative_is_refused_in_chinese_and_nothing_changes(ledger, leader):
    report = services.create_draft(ledger[0], actor=leader)
    with pytest.raises(InvalidInput) as exc:
        services.edit_narrative(report, actor=leader, title="", narrative={})
    assert exc.value.message == "请填写标题"
    with pytest.raises(InvalidInput) as exc:
        services.edit_narrative(
            report, actor=leader, title="标题", narrative={"work_done": "字" * 5001}
        )
    assert "不能超过5000个字" in exc.value.message
    with pytest.raises(InvalidInput) as exc:
        services.edit_narrative(
            report, actor=leader, title="标题", narrative={"problem_texts": {"999999": "x"}}
        )
    assert exc.value.message == "所填内容不属于本次巡察"
    report.refresh_from_db()
    assert report.title.startswith("中共东营区")


def test_publishing_freezes_the_report_against_later_ledger_changes(ledger, leader):
    inspection, parts = ledger
    report = services.create_draft(inspection, actor=leader)
    report = services.publish(report, actor=leader)
    assert report.status == ReportStatus.PUBLISHED
    assert report.slug and report.published_by == leader
    frozen = services.build_docx(report)
    assert "已完成1个，正在推进2个" in read_docx(frozen).paragraphs[1].text

    close_measure(parts["measures"]["1b"], leader)

    report.refresh_from_db()
    assert report.snapshot["counts"]["problems_closed"] == 1
    assert services.build_docx(report) == frozen
    # A new report says what the ledger says now.
    fresh = services.create_draft(inspection, actor=leader)
    assert "已完成2个，正在推进1个" in read_docx(services.build_docx(fresh)).paragraphs[1].text
    event = AuditEvent.objects.get(action="rectification.report.publish")
    assert event.after["counts"]["problems"] == 3


def test_a_published_report_cannot_be_edited_or_published_again(ledger, leader):
    report = services.publish(services.create_draft(ledger[0], actor=leader), actor=leader)
    with pytest.raises(Conflict) as exc:
        services.edit_narrative(report, actor=leader, title="改标题", narrative={})
    assert "请起草新的通报" in exc.value.message
    with pytest.raises(Conflict):
        services.publish(report, actor=leader)
    report.refresh_from_db()
    assert report.title != "改标题"
