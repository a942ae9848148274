"""Meetings: agenda, attendance, 三重一大 filing, decisions with quorum, finalising.

Rules (RULES.md "Governance", docs/governance.md):
- a 党组会议 whose first item is not a study item (第一议题) cannot be finalised;
- a decision needs quorum: more than half of the members present for ordinary items, at
  least two thirds for cadre appointments (GOVERNANCE_QUORUM); without it, refused;
- a 三重一大 item is filed with the discipline group GOVERNANCE_FILING_DAYS days before the
  meeting; a decision on an item never filed is refused, one filed late stands as a breach
  (it is listed, never silently accepted);
- a finalised meeting does not change.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.audit import record
from onewindow.core.errors import Conflict, InvalidInput

from .. import permissions
from ..common import count, day, require, text
from ..constants import ItemKind, MeetingKind, MeetingStatus, Outcome, quorum
from ..models import AgendaItem, Attendance, FilingComment, Meeting


def _lock(meeting) -> Meeting:
    fresh = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if fresh.status != MeetingStatus.DRAFT:
        raise Conflict(_("会议已定稿，不能再修改"))
    return fresh


@transaction.atomic
def create_meeting(actor, *, kind, title, held_on, members=(), place="", request=None):
    require(permissions.manages_meetings(actor), _("只有办公室或党组成员可以安排会议"))
    if kind not in MeetingKind.values:
        raise InvalidInput(_("会议类型不正确"), field="kind")
    title = text(title, "title", _("会议名称"), 200)
    held_on = day(held_on, "held_on", _("召开日期"))
    meeting = Meeting.objects.create(
        kind=kind, title=title, held_on=held_on, place=place, created_by=actor
    )
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, person=p, present=True) for p in dict.fromkeys(members)]
    )
    record(
        "governance.meeting_create",
        actor=actor,
        obj=meeting,
        after={"kind": kind, "title": title, "held_on": held_on, "members": len(members)},
        request=request,
    )
    return meeting


@transaction.atomic
def set_attendance(actor, meeting, present_ids, *, request=None) -> Meeting:
    """Mark which members are present (the others are absent)."""
    require(permissions.manages_meetings(actor), _("只有办公室或党组成员可以登记出席"))
    meeting = _lock(meeting)
    present_ids = {int(i) for i in present_ids}
    rows = list(meeting.attendance.all())
    for row in rows:
        row.present = row.person_id in present_ids
    Attendance.objects.bulk_update(rows, ["present"])
    record(
        "governance.attendance",
        actor=actor,
        obj=meeting,
        after={"present": sorted(present_ids & {r.person_id for r in rows}), "members": len(rows)},
        request=request,
    )
    return meeting


@transaction.atomic
def add_item(actor, meeting, *, title, kind, expenditure=None, selection=None, request=None):
    require(permissions.manages_meetings(actor), _("只有办公室或党组成员可以安排议题"))
    meeting = _lock(meeting)
    if kind not in ItemKind.values:
        raise InvalidInput(_("议题类型不正确"), field="kind")
    title = text(title, "title", _("议题"), 300)
    if expenditure is not None and kind != ItemKind.LARGE_SUM:
        raise InvalidInput(_("关联支出的议题应为“大额资金使用”"), field="kind")
    if selection is not None and kind != ItemKind.CADRE:
        raise InvalidInput(_("关联干部选拔的议题应为“重要干部任免”"), field="kind")
    last = meeting.items.aggregate(m=Max("order"))["m"] or 0
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=last + 1,
        title=title,
        kind=kind,
        expenditure=expenditure,
        selection=selection,
    )
    record(
        "governance.item_add",
        actor=actor,
        obj=item,
        after={"meeting": meeting.pk, "order": item.order, "kind": kind, "title": title},
        request=request,
    )
    return item


@transaction.atomic
def file_item(actor, item, *, filed_on=None, request=None) -> AgendaItem:
    """File a 三重一大 item with the resident discipline group (会前报备)."""
    require(permissions.manages_meetings(actor), _("只有办公室或党组成员可以报备"))
    item = AgendaItem.objects.select_related("meeting").select_for_update().get(pk=item.pk)
    if not item.is_sanzhong:
        raise InvalidInput(_("只有“三重一大”事项需要报备"))
    filed_on = day(filed_on or timezone.localdate(), "filed_on", _("报备日期"), not_future=True)
    updated = AgendaItem.objects.filter(pk=item.pk, filed_on__isnull=True).update(
        filed_on=filed_on, filed_by=actor
    )
    if not updated:
        raise Conflict(_("该事项已报备"))
    item.refresh_from_db()
    record(
        "governance.item_file",
        actor=actor,
        obj=item,
        after={"filed_on": filed_on, "in_time": item.filed_in_time},
        request=request,
    )
    return item


@transaction.atomic
def comment_filing(actor, item, comment, *, request=None) -> FilingComment:
    require(permissions.is_discipline(actor), _("只有派驻纪检监察人员可以提出报备意见"))
    item = AgendaItem.objects.select_related("meeting").get(pk=item.pk)
    if not item.is_sanzhong or item.filed_on is None:
        raise InvalidInput(_("该事项尚未报备"))
    comment = text(comment, "text", _("意见"), 2000)
    row = FilingComment.objects.create(item=item, author=actor, text=comment)
    record(
        "governance.filing_comment", actor=actor, obj=item, after={"text": comment}, request=request
    )
    return row


def has_quorum(kind: str, present: int, members: int) -> bool:
    num, den = quorum(kind)
    if members <= 0:
        return False
    if kind == ItemKind.CADRE:
        return present * den >= members * num
    return present * den > members * num


@transaction.atomic
def decide(actor, item, *, decision, votes_for, votes_against=0, votes_abstain=0, request=None):
    """Record the decision and vote on an item; quorum and filing are checked here."""
    require(permissions.manages_meetings(actor), _("只有办公室或党组成员可以记录决定"))
    item = AgendaItem.objects.select_related("meeting").select_for_update().get(pk=item.pk)
    meeting = _lock(item.meeting)
    if item.outcome != Outcome.PENDING:
        raise Conflict(_("该议题已表决"))
    decision = text(decision, "decision", _("决定"), 2000)
    votes = [
        count(votes_for, "votes_for", _("赞成票")),
        count(votes_against, "votes_against", _("反对票")),
        count(votes_abstain, "votes_abstain", _("弃权票")),
    ]
    members = meeting.attendance.count()
    present = meeting.attendance.filter(present=True).count()
    if not has_quorum(item.kind, present, members):
        num, den = quorum(item.kind)
        rule = (_("不少于%(n)s/%(d)s") if item.kind == ItemKind.CADRE else _("超过%(n)s/%(d)s")) % {
            "n": num,
            "d": den,
        }
        raise InvalidInput(
            _(
                "出席人数不足：应到 %(m)s 人，实到 %(p)s 人，"
                "本议题须%(rule)s的成员到会，不能作出决定"
            )
            % {"m": members, "p": present, "rule": rule}
        )
    if sum(votes) > present:
        raise InvalidInput(_("表决票数不能超过出席人数"), field="votes_for")
    if item.is_sanzhong and item.filed_on is None:
        raise InvalidInput(_("“三重一大”事项须会前向派驻纪检监察组报备，未报备不能作出决定"))
    if item.is_sanzhong and item.filed_on > meeting.held_on:
        raise InvalidInput(_("报备日期晚于会议日期，不能作出决定"))
    outcome = Outcome.PASSED if votes[0] * 2 > members else Outcome.REJECTED
    updated = AgendaItem.objects.filter(pk=item.pk, outcome=Outcome.PENDING).update(
        decision=decision,
        votes_for=votes[0],
        votes_against=votes[1],
        votes_abstain=votes[2],
        present_count=present,
        member_count=members,
        outcome=outcome,
        decided_at=timezone.now(),
    )
    if not updated:
        raise Conflict(_("该议题已表决"))
    item.refresh_from_db()
    record(
        "governance.item_decide",
        actor=actor,
        obj=item,
        after={
            "outcome": outcome,
            "votes": votes,
            "present": present,
            "members": members,
            "filed_in_time": item.filed_in_time,
        },
        request=request,
    )
    return item


def first_item_is_study(meeting) -> bool:
    first = meeting.items.order_by("order").first()
    return first is not None and first.kind == ItemKind.STUDY


@transaction.atomic
def finalise(actor, meeting, *, minutes="", request=None) -> Meeting:
    require(permissions.manages_meetings(actor), _("只有办公室或党组成员可以定稿会议纪要"))
    meeting = _lock(meeting)
    if meeting.kind == MeetingKind.PARTY_GROUP and not first_item_is_study(meeting):
        raise InvalidInput(_("党组会议的第一议题应为学习议题（“第一议题”制度），不能定稿"))
    if meeting.items.filter(outcome=Outcome.PENDING).exclude(kind=ItemKind.STUDY).exists():
        raise InvalidInput(_("还有议题未作出决定，不能定稿"))
    minutes = text(minutes, "minutes", _("会议纪要"), 5000, required=False)
    updated = Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.DRAFT).update(
        status=MeetingStatus.FINAL, finalised_at=timezone.now()
    )
    if not updated:
        raise Conflict(_("会议已定稿"))
    meeting.refresh_from_db()
    if minutes:
        meeting.minutes = minutes
        meeting.save(update_fields=["minutes", "minutes_sealed"])
    record(
        "governance.meeting_finalise",
        actor=actor,
        obj=meeting,
        after={"status": MeetingStatus.FINAL},
        request=request,
    )
    return meeting
