"""A party-group meeting that decides, built through the services as the office does it."""

from datetime import timedelta

from django.utils import timezone

from onewindow.governance.constants import ItemKind, MeetingKind
from onewindow.governance.meetings import services as meetings


def decided_meeting(
    office,
    members,
    *,
    kind,
    title,
    expenditure=None,
    selection=None,
    held_on=None,
    filed_days_before=5,
    present=None,
    study_first=True,
):
    held_on = held_on or timezone.localdate()
    meeting = meetings.create_meeting(
        office, kind=MeetingKind.PARTY_GROUP, title="党组会议", held_on=held_on, members=members
    )
    if present is not None:
        meetings.set_attendance(office, meeting, [m.pk for m in members[:present]])
    if study_first:
        meetings.add_item(
            office, meeting, title="学习习近平总书记重要讲话精神", kind=ItemKind.STUDY
        )
    item = meetings.add_item(
        office, meeting, title=title, kind=kind, expenditure=expenditure, selection=selection
    )
    if filed_days_before is not None:
        meetings.file_item(office, item, filed_on=held_on - timedelta(days=filed_days_before))
    meetings.decide(office, item, decision="同意", votes_for=present or len(members))
    meetings.finalise(office, meeting, minutes="会议研究了上述事项。")
    return meeting, item
