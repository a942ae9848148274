"""第一议题, quorum from configuration, 三重一大 filing (breach listed), comments, minutes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from onewindow.core.errors import Conflict, InvalidInput, PermissionDenied
from onewindow.governance.constants import ItemKind, MeetingKind, MeetingStatus, Outcome
from onewindow.governance.meetings import services as meetings
from onewindow.governance.models import AgendaItem, Meeting

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _meeting(office, members, kind=MeetingKind.PARTY_GROUP):
    return meetings.create_meeting(
        office, kind=kind, title="党组会议", held_on=TODAY(), members=members
    )


def test_a_party_group_meeting_without_a_study_item_first_cannot_be_finalised(office, members):
    meeting = _meeting(office, members)
    item = meetings.add_item(office, meeting, title="研究年度预算", kind=ItemKind.ORDINARY)
    meetings.add_item(office, meeting, title="学习讲话精神", kind=ItemKind.STUDY)
    meetings.decide(office, item, decision="同意", votes_for=5)
    with pytest.raises(InvalidInput, match="第一议题"):
        meetings.finalise(office, meeting)
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.DRAFT


def test_other_meetings_need_no_first_topic(office, members):
    meeting = _meeting(office, members, kind=MeetingKind.DIRECTOR)
    item = meetings.add_item(office, meeting, title="研究年度预算", kind=ItemKind.ORDINARY)
    meetings.decide(office, item, decision="同意", votes_for=3)
    assert meetings.finalise(office, meeting).status == MeetingStatus.FINAL


def test_a_meeting_with_undecided_items_cannot_be_finalised(office, members):
    meeting = _meeting(office, members)
    meetings.add_item(office, meeting, title="学习", kind=ItemKind.STUDY)
    meetings.add_item(office, meeting, title="研究预算", kind=ItemKind.ORDINARY)
    with pytest.raises(InvalidInput, match="未作出决定"):
        meetings.finalise(office, meeting)


@pytest.mark.parametrize(
    ("kind", "present", "allowed"),
    [
        (ItemKind.ORDINARY, 3, True),  # 3 of 5: more than half
        (ItemKind.ORDINARY, 2, False),
        (ItemKind.CADRE, 4, True),  # 4 of 5: at least two thirds
        (ItemKind.CADRE, 3, False),  # 3 of 5 is more than half but less than two thirds
    ],
)
def test_quorum_more_than_half_and_two_thirds_for_cadres(office, members, kind, present, allowed):
    meeting = _meeting(office, members)
    meetings.set_attendance(office, meeting, [m.pk for m in members[:present]])
    item = meetings.add_item(office, meeting, title="议题", kind=kind)
    if item.is_sanzhong:
        meetings.file_item(office, item, filed_on=TODAY() - timedelta(days=5))
    if allowed:
        assert meetings.decide(office, item, decision="同意", votes_for=present).outcome == "passed"
    else:
        with pytest.raises(InvalidInput, match="出席人数不足"):
            meetings.decide(office, item, decision="同意", votes_for=present)
        assert AgendaItem.objects.get(pk=item.pk).outcome == Outcome.PENDING


def test_quorum_comes_from_configuration(settings, office, members):
    settings.GOVERNANCE_QUORUM = {"ordinary": (3, 4), "cadre": (4, 5)}
    meeting = _meeting(office, members)
    meetings.set_attendance(office, meeting, [m.pk for m in members[:3]])
    item = meetings.add_item(office, meeting, title="议题", kind=ItemKind.ORDINARY)
    with pytest.raises(InvalidInput, match="出席人数不足"):
        meetings.decide(office, item, decision="同意", votes_for=3)


def test_votes_beyond_those_present_are_refused(office, members):
    meeting = _meeting(office, members)
    meetings.set_attendance(office, meeting, [m.pk for m in members[:3]])
    item = meetings.add_item(office, meeting, title="议题", kind=ItemKind.ORDINARY)
    with pytest.raises(InvalidInput, match="不能超过出席人数"):
        meetings.decide(office, item, decision="同意", votes_for=3, votes_against=1)


def test_a_sanzhong_item_never_filed_cannot_be_decided(office, members):
    meeting = _meeting(office, members)
    item = meetings.add_item(office, meeting, title="购置设备12000元", kind=ItemKind.LARGE_SUM)
    assert item.is_sanzhong and item.filed_in_time is False
    with pytest.raises(InvalidInput, match="报备"):
        meetings.decide(office, item, decision="同意", votes_for=5)


def test_a_late_filing_stands_as_a_breach(settings, office, members):
    settings.GOVERNANCE_FILING_DAYS = 3
    meeting = _meeting(office, members)
    item = meetings.add_item(office, meeting, title="重大项目", kind=ItemKind.MAJOR_PROJECT)
    meetings.file_item(office, item, filed_on=TODAY() - timedelta(days=1))
    item = meetings.decide(office, item, decision="同意", votes_for=5)
    assert item.filed_in_time is False  # listed as a breach on the filings page
    on_time = meetings.add_item(office, meeting, title="重大决策", kind=ItemKind.MAJOR_DECISION)
    meetings.file_item(office, on_time, filed_on=TODAY() - timedelta(days=3))
    assert AgendaItem.objects.get(pk=on_time.pk).filed_in_time is True


def test_filing_twice_is_refused_and_plain_items_need_none(office, members):
    meeting = _meeting(office, members)
    item = meetings.add_item(office, meeting, title="重大决策", kind=ItemKind.MAJOR_DECISION)
    meetings.file_item(office, item)
    with pytest.raises(Conflict):
        meetings.file_item(office, item)
    plain = meetings.add_item(office, meeting, title="一般事项", kind=ItemKind.ORDINARY)
    with pytest.raises(InvalidInput):
        meetings.file_item(office, plain)


def test_only_the_discipline_officer_comments_on_filings(office, discipline, members):
    meeting = _meeting(office, members)
    item = meetings.add_item(office, meeting, title="重大决策", kind=ItemKind.MAJOR_DECISION)
    with pytest.raises(InvalidInput):
        meetings.comment_filing(discipline, item, "请补充材料")
    meetings.file_item(office, item)
    meetings.comment_filing(discipline, item, "已阅，无意见")
    assert item.comments.count() == 1
    with pytest.raises(PermissionDenied):
        meetings.comment_filing(office, item, "自己评论")


def test_a_finalised_meeting_does_not_change(office, members):
    meeting = _meeting(office, members, kind=MeetingKind.TOPICAL)
    meetings.finalise(office, meeting)
    with pytest.raises(Conflict):
        meetings.add_item(office, meeting, title="追加", kind=ItemKind.ORDINARY)


def test_only_the_office_and_party_group_arrange_meetings(clerk, members):
    with pytest.raises(PermissionDenied):
        meetings.create_meeting(
            clerk, kind=MeetingKind.PARTY_GROUP, title="会议", held_on=TODAY(), members=members
        )
