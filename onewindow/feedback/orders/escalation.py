"""The escalation scan of work orders (超期督办), run daily by Celery beat.

For every order still owing a reply: reminder (提醒) on its last working day or in the last
quarter of an hour limit, warning (预警) once overdue, escalated (升级督办) when
FEEDBACK_ESCALATE_AFTER_WORKDAYS working days (or FEEDBACK_ESCALATE_AFTER_HOURS hours)
late. Each level is raised once per order by a conditional UPDATE on ``escalation``, with
an ``escalate`` timeline event, an audit event and notifications. Call it through
``services.scan_overdue``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.accounts.constants import Role
from onewindow.core.audit import record
from onewindow.core.workdays.calendar import get_calendar

from ..constants import EscalationLevel
from ..models import WorkOrder
from . import notifications, workflow
from .moves import end_of_day, event


def _target_level(order: WorkOrder, today: date, moment: datetime, calendar) -> int:
    """The escalation an open order has earned by now (0 when it is on time)."""
    clock = order.clock
    if clock is not None:
        if clock.paused_since is not None or clock.stopped_on is not None:
            return EscalationLevel.NONE
        if today > clock.due_date:
            late = calendar.workdays_between(clock.due_date, today)
            if late >= int(settings.FEEDBACK_ESCALATE_AFTER_WORKDAYS):
                return EscalationLevel.ESCALATED
            return EscalationLevel.WARNING
        if today >= clock.warn_red_on:
            return EscalationLevel.REMINDER
        return EscalationLevel.NONE
    if moment > order.due_at:
        if moment - order.due_at >= timedelta(hours=int(settings.FEEDBACK_ESCALATE_AFTER_HOURS)):
            return EscalationLevel.ESCALATED
        return EscalationLevel.WARNING
    if moment >= order.due_at - (order.due_at - order.received_at) / 4:
        return EscalationLevel.REMINDER
    return EscalationLevel.NONE


_ESCALATION_TEXT = {
    EscalationLevel.REMINDER: (
        gettext_lazy("工单即将到期提醒"),
        gettext_lazy("工单%(number)s（%(title)s）将于%(due)s到期，请抓紧办理答复。"),
    ),
    EscalationLevel.WARNING: (
        gettext_lazy("工单超期预警"),
        gettext_lazy("工单%(number)s（%(title)s）已超过办理期限（%(due)s），请立即办理。"),
    ),
    EscalationLevel.ESCALATED: (
        gettext_lazy("工单超期升级督办"),
        gettext_lazy("工单%(number)s（%(title)s）超期未办结（期限%(due)s），已升级督办。"),
    ),
}


def _escalate(order: WorkOrder, level: int) -> bool:
    with transaction.atomic():
        updated = WorkOrder.objects.filter(
            pk=order.pk, status=order.status, escalation__lt=level
        ).update(escalation=level, updated_at=timezone.now())
        if not updated:
            return False
        label = str(EscalationLevel(level).label)
        event(order, "escalate", note=label)
        record(
            "feedback.order.escalate",
            obj=order,
            before={"escalation": order.escalation},
            after={"escalation": level},
            summary=_("%(label)s %(number)s") % {"label": label, "number": order.number},
        )
        recipients = notifications.department_staff(order.department_id)
        if level >= EscalationLevel.WARNING or not recipients:
            recipients += notifications.supervisors()
        if level >= EscalationLevel.ESCALATED:
            recipients += notifications.users_with_role(Role.LEADER)
        subject, body = _ESCALATION_TEXT[level]
        notifications.send(
            recipients,
            order,
            event=f"feedback.order.escalation_{level}",
            subject=subject,
            body=body,
            title=order.subject,
            due=timezone.localtime(order.due_at).strftime("%Y-%m-%d %H:%M"),
        )
    return True


def run_scan(today: date | None = None) -> dict:
    """The daily scan: reminder (red: the last working day, or the last quarter of an hour
    limit), warning (overdue), escalated (FEEDBACK_ESCALATE_AFTER_* past the due date).

    Each level is raised once per order (a conditional UPDATE on ``escalation``); an order
    that jumps straight to a higher level gets only that one. Orders waiting for a
    callback or for an appeal's ruling (clock paused) are not chased. Safe to run again.
    """
    now = timezone.now()
    if today is None or today == timezone.localdate(now):
        today, moment = timezone.localdate(now), now
    else:
        moment = end_of_day(today)
    calendar = get_calendar()
    orders = (
        WorkOrder.objects.filter(
            status__in=workflow.HANDLING_STATUSES, escalation__lt=EscalationLevel.ESCALATED
        )
        .select_related("clock")
        .order_by("due_at", "pk")
    )
    counts = {"reminder": 0, "warning": 0, "escalated": 0}
    names = {
        EscalationLevel.REMINDER: "reminder",
        EscalationLevel.WARNING: "warning",
        EscalationLevel.ESCALATED: "escalated",
    }
    for order in orders.iterator(chunk_size=500):
        level = _target_level(order, today, moment, calendar)
        if level > order.escalation and _escalate(order, level):
            counts[names[level]] += 1
    return counts
