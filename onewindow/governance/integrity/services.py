"""Integrity: talk records (with the copied-record check), risk points and their evaluation,
warning education.

- A talk record dated in the future is refused.
- A record whose content is nearly identical (GOVERNANCE_TALK_SIMILARITY, on character
  bigrams) to another record's is flagged for the discipline officer (the inspection found
  eight such records in 2017).
- A risk point's evaluation that changes its level starts the measures the new level
  requires (RISK_MEASURES), written on the risk point and in the audit log.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.audit import record
from onewindow.core.errors import InvalidInput

from .. import permissions
from ..common import day, require, text
from ..constants import RISK_MEASURES, RiskLevel, TalkKind, talk_similarity
from ..models import EducationSession, RiskEvaluation, RiskPoint, Talk

_NOISE = re.compile(r"[\s，。、；：！？,.;:!?“”\"'（）()《》\-—]+")


def _grams(content: str) -> set[str]:
    clean = _NOISE.sub("", content)
    return {clean[i : i + 2] for i in range(len(clean) - 1)} or {clean}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the character bigrams of two texts, punctuation ignored."""
    ga, gb = _grams(a), _grams(b)
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / len(ga | gb)


def most_similar(content: str, exclude_pk=None) -> tuple[Talk | None, float]:
    best, score = None, 0.0
    grams = _grams(content)
    for talk in Talk.objects.exclude(pk=exclude_pk).only("pk", "content"):
        other = _grams(str(talk.content))
        value = len(grams & other) / len(grams | other) if grams | other else 0.0
        if value > score:
            best, score = talk, value
    return best, score


@transaction.atomic
def record_talk(actor, *, kind, leader, subject, held_on, content, request=None) -> Talk:
    require(permissions.records_talks(actor), _("您不能登记谈话记录"))
    if kind not in TalkKind.values:
        raise InvalidInput(_("谈话类型不正确"), field="kind")
    if leader is None or subject is None:
        raise InvalidInput(_("请选择谈话人和谈话对象"), field="subject")
    if leader.pk == subject.pk:
        raise InvalidInput(_("谈话人和谈话对象不能是同一人"), field="subject")
    held_on = day(held_on, "held_on", _("谈话日期"), not_future=True)
    content = text(content, "content", _("谈话内容"), 5000)
    match, score = most_similar(content)
    flagged = match is not None and score >= talk_similarity()
    talk = Talk.objects.create(
        kind=kind,
        leader=leader,
        subject=subject,
        held_on=held_on,
        content=content,
        similar_to=match if flagged else None,
        similarity=Decimal(score).quantize(Decimal("0.001"), ROUND_HALF_UP) if flagged else None,
        recorded_by=actor,
    )
    record(
        "governance.talk_record",
        actor=actor,
        obj=talk,
        after={
            "kind": kind,
            "leader": leader.pk,
            "subject": subject.pk,
            "held_on": held_on,
            "similar_to": match.pk if flagged else None,
        },
        request=request,
    )
    return talk


@transaction.atomic
def add_risk_point(
    actor, *, post_name, process_name, description, level, controls, request=None
) -> RiskPoint:
    require(
        permissions.is_discipline(actor) or permissions.is_deputy(actor),
        _("只有党组成员或派驻纪检监察人员可以登记廉政风险点"),
    )
    if level not in RiskLevel.values:
        raise InvalidInput(_("风险等级不正确"), field="level")
    risk = RiskPoint.objects.create(
        post_name=text(post_name, "post_name", _("岗位"), 100),
        process_name=text(process_name, "process_name", _("环节"), 100),
        description=text(description, "description", _("风险描述"), 1000),
        level=level,
        controls=text(controls, "controls", _("防控措施"), 2000),
        measures=str(RISK_MEASURES[level]),
        evaluated_on=timezone.localdate(),
    )
    record("governance.risk_add", actor=actor, obj=risk, after={"level": level}, request=request)
    return risk


@transaction.atomic
def evaluate_risk(actor, risk, *, level, note="", request=None) -> RiskPoint:
    """监控测评: a changed level starts the measures the new level requires."""
    require(
        permissions.is_discipline(actor) or permissions.is_deputy(actor),
        _("只有党组成员或派驻纪检监察人员可以测评廉政风险点"),
    )
    if level not in RiskLevel.values:
        raise InvalidInput(_("风险等级不正确"), field="level")
    risk = RiskPoint.objects.select_for_update().get(pk=risk.pk)
    before = risk.level
    today = timezone.localdate()
    RiskEvaluation.objects.create(
        risk=risk,
        evaluated_on=today,
        level_before=before,
        level_after=level,
        note=text(note, "note", _("测评意见"), 1000, required=False),
        evaluated_by=actor,
    )
    risk.evaluated_on = today
    fields = ["evaluated_on"]
    if level != before:
        risk.level = level
        risk.measures = str(RISK_MEASURES[level])
        fields += ["level", "measures", "measures_sealed"]
    risk.save(update_fields=fields)
    record(
        "governance.risk_evaluate",
        actor=actor,
        obj=risk,
        before={"level": before},
        after={"level": level, "measures": str(risk.measures)},
        request=request,
    )
    return risk


@transaction.atomic
def record_education(actor, *, title, held_on, attendees=(), request=None) -> EducationSession:
    require(
        permissions.manages_study(actor) or permissions.is_discipline(actor),
        _("您不能登记警示教育"),
    )
    held_on = day(held_on, "held_on", _("日期"), not_future=True)
    session = EducationSession.objects.create(
        title=text(title, "title", _("主题"), 200), held_on=held_on, attendance=len(attendees)
    )
    session.attendees.set(attendees)
    record(
        "governance.education",
        actor=actor,
        obj=session,
        after={"held_on": held_on, "attendance": len(attendees)},
        request=request,
    )
    return session
