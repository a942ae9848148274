"""Reads of work orders, scoped to the viewer in SQL.

- Hall supervisors and the bureau's leaders see every order.
- Department staff (approvers and clerks) see their department's orders, and the orders
  they registered themselves (a clerk registers hotline orders for other units).
- A member of the public with an account sees the orders they raised (or rated into).
An order outside the viewer's scope is ``NotFound`` (404), never 403: no probing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.constants import Role
from onewindow.core.errors import NotFound, PermissionDenied
from onewindow.core.workdays import clock as clock_math
from onewindow.core.workdays.calendar import get_calendar
from onewindow.core.workdays.constants import WarningLevel

from ..constants import AppealStatus, WorkOrderKind, WorkOrderSource, WorkOrderStatus
from ..models import WorkOrder
from . import workflow
from .services import callback_due, limit_for

NUMBER_MAX_LENGTH = 32
SEARCH_MAX_LENGTH = 50

TAB_MINE, TAB_ALL, TAB_OVERDUE, TAB_SOURCE = "mine", "all", "overdue", "source"


def _signed_in(user) -> bool:
    return workflow._signed_in(user)


def sees_all(user) -> bool:
    return _signed_in(user) and user.has_role(*workflow.OVERSIGHT_ROLES)


def is_unit_staff(user) -> bool:
    return (
        _signed_in(user) and user.department_id is not None and user.has_role(*workflow.UNIT_ROLES)
    )


def may_register(user) -> bool:
    return _signed_in(user) and user.has_role(*workflow.REGISTRAR_ROLES)


def is_supervisor(user) -> bool:
    return _signed_in(user) and user.has_role(Role.SUPERVISOR)


def visible_orders(user):
    if not _signed_in(user):
        return WorkOrder.objects.none()
    if sees_all(user):
        return WorkOrder.objects.all()
    scope = Q(requester=user)
    if is_unit_staff(user):
        scope |= Q(department_id=user.department_id)
    if may_register(user):
        scope |= Q(created_by=user)
    return WorkOrder.objects.filter(scope)


def order_for(user, number) -> WorkOrder:
    number = str(number or "")
    if "\x00" in number or len(number) > NUMBER_MAX_LENGTH:
        raise NotFound()
    order = (
        visible_orders(user)
        .filter(number=number)
        .select_related(
            "department",
            "clock",
            "rating",
            "handler",
            "callback_by",
            "created_by",
            "case",
            "window",
        )
        .first()
    )
    if order is None:
        raise NotFound()
    return order


def timeline(order) -> list:
    events = list(order.events.select_related("actor").order_by("created_at", "pk"))
    for event in events:
        event.label = workflow.label(event.action)
    return events


# -- lists -------------------------------------------------------------------------------


def _warned(today, now) -> Q:
    """Open orders at yellow or worse now: working-day clocks by their stored dates, hour
    limits from the second half of the limit (the kind's current limit)."""
    running = Q(clock__paused_since__isnull=True, clock__stopped_on__isnull=True)
    q = Q(clock__isnull=False) & running & Q(clock__warn_yellow_on__lte=today)
    for kind in WorkOrderKind.values:
        unit, amount = limit_for(kind)
        if unit == "hours":
            q |= Q(clock__isnull=True, kind=kind, due_at__lte=now + timedelta(hours=amount / 2))
    return Q(status__in=workflow.HANDLING_STATUSES) & q


def _overdue_callbacks(today) -> Q:
    """Replied, not yet called back, and past the callback day (FEEDBACK_CALLBACK_WORKDAYS)."""
    calendar = get_calendar()
    # Replied on or before this day -> the callback day is before today.
    last_ok = today
    for _i in range(30):
        if calendar.add_workdays(last_ok, int(settings.FEEDBACK_CALLBACK_WORKDAYS)) < today:
            break
        last_ok -= timedelta(days=1)
    end = timezone.make_aware(datetime.combine(last_ok + timedelta(days=1), time.min))
    return Q(status=WorkOrderStatus.REPLIED, callback_at__isnull=True, replied_at__lt=end)


@dataclass
class Filters:
    tab: str = TAB_MINE
    status: str = ""
    kind: str = ""
    source: str = ""
    department: int | None = None
    q: str = ""


def clean_filters(user, params) -> Filters:
    tab = params.get("tab", "")
    tabs = {t for t, _label in tabs_for(user)}
    if tab not in tabs:
        tab = TAB_ALL if sees_all(user) else TAB_MINE
    status = params.get("status", "")
    kind = params.get("kind", "")
    source = params.get("source", "")
    raw = params.get("department", "")
    q = str(params.get("q", "")).replace("\x00", "").strip()[:SEARCH_MAX_LENGTH]
    return Filters(
        tab=tab,
        status=status if status in WorkOrderStatus.values else "",
        kind=kind if kind in WorkOrderKind.values else "",
        source=source if source in WorkOrderSource.values else "",
        department=int(raw) if sees_all(user) and raw.isdigit() and len(raw) < 10 else None,
        q=q,
    )


def tabs_for(user) -> list[tuple[str, str]]:
    tabs = []
    if sees_all(user):
        tabs.append((TAB_ALL, _("全部工单")))
    elif is_unit_staff(user):
        tabs.append((TAB_MINE, _("本单位工单")))
    else:
        tabs.append((TAB_MINE, _("我的诉求")))
    if sees_all(user) or is_unit_staff(user):
        tabs.append((TAB_OVERDUE, _("超期与预警")))
    tabs.append((TAB_SOURCE, _("按来源")))
    return tabs


def order_list(user, filters: Filters, now=None):
    now = now or timezone.now()
    today = timezone.localdate(now)
    orders = visible_orders(user)
    if filters.tab == TAB_MINE and is_unit_staff(user) and not sees_all(user):
        orders = orders.filter(department_id=user.department_id)
    elif filters.tab == TAB_OVERDUE:
        orders = orders.filter(_warned(today, now) | _overdue_callbacks(today))
    if filters.status:
        orders = orders.filter(status=filters.status)
    if filters.kind:
        orders = orders.filter(kind=filters.kind)
    if filters.source:
        orders = orders.filter(source=filters.source)
    if filters.department:
        orders = orders.filter(department_id=filters.department)
    if filters.q:
        orders = orders.filter(Q(number__iexact=filters.q) | Q(subject__icontains=filters.q))
    return orders.select_related("department", "clock").order_by("due_at", "pk")


def source_counts(user) -> list[tuple[str, str, int]]:
    from django.db.models import Count

    counts = dict(visible_orders(user).values_list("source").annotate(n=Count("pk")).order_by())
    return [(value, label, counts.get(value, 0)) for value, label in WorkOrderSource.choices]


def appeals_queue(user):
    """Remedy orders whose rating's appeal waits for a ruling (supervisors only)."""
    if not is_supervisor(user):
        raise PermissionDenied(_("仅大厅督查人员可以审核差评申诉"))
    return (
        WorkOrder.objects.filter(
            kind=WorkOrderKind.REMEDY, rating__appeal_status=AppealStatus.PENDING
        )
        .select_related("department", "rating", "clock")
        .order_by("updated_at", "pk")
    )


# -- the urgency badge -------------------------------------------------------------------


@dataclass
class Urgency:
    level: str
    label: str
    left_text: str = ""


LEVEL_LABELS = dict(WarningLevel.choices)


def _days_text(days: int) -> str:
    if days < 0:
        return _("超期 %(n)s 个工作日") % {"n": -days}
    return _("剩余 %(n)s 个工作日") % {"n": days}


def _minutes_text(minutes: int) -> str:
    hours, rest = divmod(abs(minutes), 60)
    if minutes < 0:
        return _("超期 %(h)s 小时 %(m)s 分") % {"h": hours, "m": rest}
    return _("剩余 %(h)s 小时 %(m)s 分") % {"h": hours, "m": rest}


def urgency(order, now=None) -> Urgency:
    """The order's warning level and what is left (working days, or hours for hour limits)."""
    now = now or timezone.now()
    if order.status == WorkOrderStatus.CLOSED:
        return Urgency(WarningLevel.STOPPED, _("已办结"))
    if order.status == WorkOrderStatus.CANCELLED:
        return Urgency(WarningLevel.STOPPED, _("已撤销"))
    if order.status == WorkOrderStatus.REPLIED:
        return Urgency(WarningLevel.PAUSED, _("待回访"))
    clock = order.clock if order.clock_id else None
    if clock is not None:
        today = timezone.localdate(now)
        level = clock_math.warning_level(clock, today)
        if level == WarningLevel.PAUSED:
            return Urgency(level, _("申诉审核中"))
        left = clock_math.workdays_left(clock, today)
        return Urgency(level, str(LEVEL_LABELS[level]), _days_text(left))
    left = order.due_at - now
    total = order.due_at - order.received_at
    seconds = left.total_seconds()
    minutes = int(seconds // 60) if seconds >= 0 else -int((-seconds + 59) // 60)
    if seconds < 0:
        level = WarningLevel.OVERDUE
    elif left <= total / 4:
        level = WarningLevel.RED
    elif left <= total / 2:
        level = WarningLevel.YELLOW
    else:
        level = WarningLevel.NORMAL
    return Urgency(level, str(LEVEL_LABELS[level]), _minutes_text(minutes))


def with_urgency(orders, now=None) -> list:
    now = now or timezone.now()
    rows = list(orders)
    for order in rows:
        order.urgency = urgency(order, now)
    return rows


def callback_due_of(order):
    return callback_due(order)
