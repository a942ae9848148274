"""The daily escalation of overdue measures (督办): reminder, warning, accountability notice.

A measure is overdue when today is past its due date and it is not done (accepted or
closed) and not 长期坚持. Its working days overdue are counted on the stored calendar
from the day after the due date through today (holidays and weekends do not count,
make-up working days do). Each threshold of ``RECTIFICATION_ESCALATION_WORKDAYS``
(default (0, 5, 10): past due at all, 5 and 10 working days) raises one level; each level
is raised once per measure (a conditional UPDATE on ``escalation``), so running the scan
twice a day, or on a holiday, raises nothing twice. A scan that missed days raises every
level it skipped, in order. Each raise writes a LedgerEvent and an audit event and
notifies the bureau's leaders and the responsible unit's staff.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.audit import record
from onewindow.core.workdays.calendar import get_calendar

from ..constants import Escalation, LedgerAction, MeasureKind
from ..models import LedgerEvent, Measure
from . import workflow

LEVELS = (Escalation.REMINDER, Escalation.WARNING, Escalation.ACCOUNTABILITY)
ACTIONS = {
    Escalation.REMINDER: LedgerAction.REMINDER,
    Escalation.WARNING: LedgerAction.WARNING,
    Escalation.ACCOUNTABILITY: LedgerAction.ACCOUNTABILITY,
}


def thresholds() -> tuple[int, ...]:
    values = getattr(settings, "RECTIFICATION_ESCALATION_WORKDAYS", (0, 5, 10))
    return tuple(int(v) for v in values)[: len(LEVELS)]


def workdays_overdue(due: date, today: date, calendar=None) -> int:
    calendar = calendar or get_calendar()
    return max(0, calendar.workdays_between(due, today))


def level_for(days_overdue: int) -> int:
    """The highest level whose threshold the measure has reached (0: none)."""
    level = Escalation.NONE
    for lvl, limit in zip(LEVELS, thresholds(), strict=False):
        if days_overdue >= limit:
            level = lvl
    return level


@dataclass
class ScanResult:
    raised: dict[int, int] = field(default_factory=lambda: {lvl: 0 for lvl in LEVELS})
    checked: int = 0

    @property
    def total(self) -> int:
        return sum(self.raised.values())


def overdue_measures(today: date):
    return (
        Measure.objects.filter(due_date__lt=today, escalation__lt=Escalation.ACCOUNTABILITY)
        .exclude(status__in=workflow.DONE)
        .exclude(kind=MeasureKind.ONGOING)
        .select_related("problem", "problem__inspection", "responsible_unit")
        .order_by("pk")
    )


def _raise(measure: Measure, level: int, days: int) -> bool:
    from .services import _notify_all, leaders, unit_staff

    with transaction.atomic():
        rows = Measure.objects.filter(pk=measure.pk, escalation=level - 1).update(escalation=level)
        if rows != 1:
            return False  # raised already (another scan) or moved on
        label = Escalation(level).label
        note = _("已逾期 %(d)s 个工作日（完成时限 %(due)s）：%(label)s") % {
            "d": days,
            "due": measure.due_date.isoformat(),
            "label": label,
        }
        LedgerEvent.objects.create(
            problem=measure.problem, measure=measure, action=ACTIONS[level], note=note
        )
        record(
            f"rectification.{ACTIONS[level]}",
            obj=measure,
            before={"escalation": level - 1},
            after={"escalation": level, "workdays_overdue": days},
            summary=str(note),
        )
        subject = _("巡察整改%(label)s：问题 %(n)s") % {"label": label, "n": measure.problem.number}
        body = _(
            "%(inspection)s 问题 %(n)s 的整改措施“%(m)s”"
            "（责任股室：%(unit)s，责任领导：%(leader)s）%(note)s"
        ) % {
            "inspection": measure.problem.inspection.title,
            "n": measure.problem.number,
            "m": measure.content[:40],
            "unit": measure.responsible_unit.name,
            "leader": measure.responsible_leader,
            "note": note,
        }
        recipients = list(leaders()) + list(unit_staff(measure.responsible_unit_id))
        _notify_all(
            {u.pk: u for u in recipients}.values(),
            subject=subject,
            body=body,
            event=f"rectification.{ACTIONS[level]}",
            obj=measure,
        )
    return True


def scan_overdue(today: date | None = None) -> ScanResult:
    today = today or timezone.localdate()
    calendar = get_calendar()
    result = ScanResult()
    for measure in overdue_measures(today).iterator(chunk_size=500):
        result.checked += 1
        days = workdays_overdue(measure.due_date, today, calendar)
        target = level_for(days)
        for level in range(measure.escalation + 1, target + 1):
            if _raise(measure, level, days):
                result.raised[level] += 1
    return result
