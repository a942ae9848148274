"""Study plan, sessions, 三会一课 and volunteer activities: recorded by the office."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from onewindow.core.audit import record
from onewindow.core.errors import InvalidInput

from .. import permissions
from ..common import count, day, require, text
from ..constants import PartyLifeKind, StudyKind
from ..models import PartyLifeMeeting, StudySession, StudyTopic, VolunteerActivity


def _manage(actor):
    require(permissions.manages_study(actor), _("只有办公室或党组成员可以登记学习活动"))


@transaction.atomic
def add_topic(actor, *, year, title, request=None) -> StudyTopic:
    _manage(actor)
    year = count(year, "year", _("年度"))
    last = StudyTopic.objects.filter(year=year).aggregate(m=Max("order"))["m"] or 0
    topic = StudyTopic.objects.create(
        year=year, order=last + 1, title=text(title, "title", _("学习专题"), 200)
    )
    record(
        "governance.study", actor=actor, obj=topic, after={"topic": topic.title}, request=request
    )
    return topic


@transaction.atomic
def record_session(
    actor, *, kind, title, held_on, attendance=0, topic=None, notes="", request=None
) -> StudySession:
    _manage(actor)
    if kind not in StudyKind.values:
        raise InvalidInput(_("学习形式不正确"), field="kind")
    session = StudySession.objects.create(
        kind=kind,
        topic=topic,
        title=text(title, "title", _("主题"), 200),
        held_on=day(held_on, "held_on", _("日期"), not_future=True),
        attendance=count(attendance, "attendance", _("参加人数")),
        notes=text(notes, "notes", _("学习记录"), 3000, required=False),
    )
    record("governance.study", actor=actor, obj=session, after={"kind": kind}, request=request)
    return session


@transaction.atomic
def record_party_life(actor, *, kind, title, held_on, attendance=0, request=None):
    _manage(actor)
    if kind not in PartyLifeKind.values:
        raise InvalidInput(_("类型不正确"), field="kind")
    row = PartyLifeMeeting.objects.create(
        kind=kind,
        title=text(title, "title", _("主题"), 200),
        held_on=day(held_on, "held_on", _("日期"), not_future=True),
        attendance=count(attendance, "attendance", _("参加人数")),
    )
    record("governance.study", actor=actor, obj=row, after={"kind": kind}, request=request)
    return row


@transaction.atomic
def record_volunteering(actor, *, title, held_on, participants=0, request=None):
    _manage(actor)
    row = VolunteerActivity.objects.create(
        title=text(title, "title", _("活动名称"), 200),
        held_on=day(held_on, "held_on", _("日期"), not_future=True),
        participants=count(participants, "participants", _("参加人数")),
    )
    record(
        "governance.study", actor=actor, obj=row, after={"volunteer": row.title}, request=request
    )
    return row
