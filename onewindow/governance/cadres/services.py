"""Cadre selection (干部选拔任用) in the 条例's order; no step skipped.

动议 → 民主推荐 → 考察 (every candidate's personnel file checked: 凡提必审) → 征求组织人事
部门意见 → 党组会议决定 (a passed cadre item of a finalised 党组会议, so decided with the
two-thirds quorum) → 任前公示 of at least GOVERNANCE_NOTICE_WORKDAYS working days → 任职
(only after the notice's last working day has passed, with no objection open, and each
appointee had a 任前谈话) → 备案 within GOVERNANCE_CADRE_FILING_DAYS days.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.audit import record
from onewindow.core.errors import Conflict, InvalidInput
from onewindow.core.workdays.calendar import add_workdays, is_workday, next_workday

from .. import permissions
from ..common import day, require, text
from ..constants import (
    ItemKind,
    MeetingKind,
    MeetingStatus,
    Outcome,
    SelectionStep,
    TalkKind,
    filing_within_days,
    notice_workdays,
)
from ..models import AgendaItem, Candidate, Objection, Selection, SelectionRecord, Talk


def _manage(actor):
    require(permissions.manages_cadres(actor), _("只有人事干部可以办理干部选拔任用"))


@transaction.atomic
def start(actor, *, title, post_name, candidates=(), request=None) -> Selection:
    _manage(actor)
    selection = Selection.objects.create(
        title=text(title, "title", _("选拔名称"), 200),
        post_name=text(post_name, "post_name", _("拟任职务"), 200),
        created_by=actor,
    )
    Candidate.objects.bulk_create(
        [Candidate(selection=selection, person=p) for p in dict.fromkeys(candidates)]
    )
    record(
        "governance.selection_start",
        actor=actor,
        obj=selection,
        after={"title": selection.title, "candidates": len(candidates)},
        request=request,
    )
    return selection


@transaction.atomic
def check_file(actor, candidate, *, checked_on=None, request=None) -> Candidate:
    """凡提必审: the candidate's personnel file checked."""
    _manage(actor)
    checked_on = day(
        checked_on or timezone.localdate(), "checked_on", _("审核日期"), not_future=True
    )
    Candidate.objects.filter(pk=candidate.pk).update(file_checked_on=checked_on)
    candidate.refresh_from_db()
    record(
        "governance.file_check",
        actor=actor,
        obj=candidate.selection,
        after={"candidate": candidate.person_id, "checked_on": checked_on},
        request=request,
    )
    return candidate


def _decision(selection) -> AgendaItem | None:
    return (
        AgendaItem.objects.filter(
            selection=selection,
            kind=ItemKind.CADRE,
            outcome=Outcome.PASSED,
            meeting__kind=MeetingKind.PARTY_GROUP,
            meeting__status=MeetingStatus.FINAL,
        )
        .select_related("meeting")
        .first()
    )


def notice_end(starts_on, days: int):
    """The last working day of a notice of ``days`` working days starting on ``starts_on``
    (a start on a rest day counts from the next working day)."""
    first = starts_on if is_workday(starts_on) else next_workday(starts_on)
    return add_workdays(first, days - 1) if days > 1 else first


@transaction.atomic
def advance(actor, selection, step, *, done_on=None, note="", notice_days=None, request=None):
    """Record ``step`` done on ``done_on``: refused unless it is the next one and its
    conditions hold."""
    _manage(actor)
    selection = Selection.objects.select_for_update().get(pk=selection.pk)
    try:
        step = SelectionStep(int(step))
    except (TypeError, ValueError):
        raise InvalidInput(_("环节不正确"), field="step") from None
    expected = selection.next_step
    if expected is None:
        raise Conflict(_("选拔任用程序已全部完成"))
    if step != expected:
        raise InvalidInput(
            _("不能跳过环节：下一环节应为“%(next)s”") % {"next": expected.label}, field="step"
        )
    done_on = day(done_on or timezone.localdate(), "done_on", _("日期"), not_future=True)
    last = selection.records.order_by("-step").first()
    if last is not None and done_on < last.done_on:
        raise InvalidInput(
            _("日期不能早于上一环节（%(d)s）") % {"d": last.done_on}, field="done_on"
        )
    note = text(note, "note", _("情况"), 2000, required=False)
    fields = {"step": int(step)}
    candidates = list(selection.candidates.filter(chosen=True))
    if step == SelectionStep.INSPECTION:
        if not candidates:
            raise InvalidInput(_("没有人选，不能考察"))
        unchecked = [c for c in candidates if c.file_checked_on is None]
        if unchecked:
            raise InvalidInput(
                _("凡提必审：还有 %(n)s 名人选的人事档案未审核") % {"n": len(unchecked)}
            )
    elif step == SelectionStep.DECISION:
        item = _decision(selection)
        if item is None:
            raise InvalidInput(
                _("须经党组会议（到会成员不少于三分之二）讨论通过，并在会议定稿后才能记录本环节")
            )
        if done_on < item.meeting.held_on:
            raise InvalidInput(_("日期不能早于党组会议召开日期"), field="done_on")
    elif step == SelectionStep.NOTICE:
        rule = notice_workdays()
        try:
            days = int(notice_days if notice_days not in (None, "") else rule)
        except (TypeError, ValueError):
            raise InvalidInput(_("公示期必须是整数"), field="notice_days") from None
        if days < rule:
            raise InvalidInput(
                _("公示期不得少于 %(n)s 个工作日") % {"n": rule}, field="notice_days"
            )
        fields.update(
            notice_starts_on=done_on, notice_workdays=days, notice_ends_on=notice_end(done_on, days)
        )
    elif step == SelectionStep.APPOINTMENT:
        if done_on <= selection.notice_ends_on:
            raise InvalidInput(
                _("公示期至 %(d)s 结束，公示期满后才能任职") % {"d": selection.notice_ends_on},
                field="done_on",
            )
        if selection.objections.filter(resolved_on__isnull=True).exists():
            raise InvalidInput(_("公示期间反映的问题尚未核查办结，不能任职"))
        people = [c.person_id for c in candidates]
        talked = set(
            Talk.objects.filter(
                kind=TalkKind.PRE_APPOINTMENT, subject_id__in=people, held_on__lte=done_on
            ).values_list("subject_id", flat=True)
        )
        if set(people) - talked:
            raise InvalidInput(_("新任职干部须在任职前进行任前谈话"))
        fields["appointed_on"] = done_on
    elif step == SelectionStep.FILING:
        limit = selection.appointed_on + timedelta(days=filing_within_days())
        if done_on > limit:
            raise InvalidInput(
                _("应在任职后 %(n)s 日内（%(d)s 前）备案，已超期：请如实说明并报组织人事部门")
                % {"n": filing_within_days(), "d": limit},
                field="done_on",
            )
        fields["filed_on"] = done_on
    Selection.objects.filter(pk=selection.pk, step=selection.step).update(**fields)
    SelectionRecord.objects.create(
        selection=selection, step=int(step), done_on=done_on, note=note, done_by=actor
    )
    selection.refresh_from_db()
    record(
        "governance.selection_step",
        actor=actor,
        obj=selection,
        after={
            "step": int(step),
            "done_on": done_on,
            **{k: v for k, v in fields.items() if k != "step"},
        },
        request=request,
    )
    return selection


@transaction.atomic
def raise_objection(actor, selection, *, content, raised_on=None, request=None) -> Objection:
    _manage(actor)
    if selection.step != SelectionStep.NOTICE:
        raise InvalidInput(_("只能在公示期间登记反映的问题"))
    raised_on = day(raised_on or timezone.localdate(), "raised_on", _("反映日期"), not_future=True)
    objection = Objection.objects.create(
        selection=selection,
        raised_on=raised_on,
        content=text(content, "content", _("反映内容"), 2000),
    )
    record(
        "governance.objection",
        actor=actor,
        obj=selection,
        after={"objection": objection.pk, "raised_on": raised_on},
        request=request,
    )
    return objection


@transaction.atomic
def resolve_objection(actor, objection, *, resolution, resolved_on=None, request=None):
    _manage(actor)
    resolution = text(resolution, "resolution", _("核查结果"), 2000)
    resolved_on = day(
        resolved_on or timezone.localdate(), "resolved_on", _("办结日期"), not_future=True
    )
    if not Objection.objects.filter(pk=objection.pk, resolved_on__isnull=True).exists():
        raise Conflict(_("该问题已办结"))
    objection.resolution = resolution
    objection.resolved_on = resolved_on
    objection.save(update_fields=["resolution", "resolution_sealed", "resolved_on"])
    record(
        "governance.objection_resolve",
        actor=actor,
        obj=objection.selection,
        after={"objection": objection.pk, "resolved_on": resolved_on},
        request=request,
    )
    return objection
