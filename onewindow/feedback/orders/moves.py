"""Building blocks the work-order services share: input, limits, numbers, the
conditional UPDATE with its timeline and audit event, and the clock.

Not for other apps: call the functions in services.py.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.audit import record
from onewindow.core.errors import Conflict, InvalidInput, NotFound
from onewindow.core.pii.freetext import sealed_update
from onewindow.core.workdays import services as clocks
from onewindow.core.workdays.calendar import get_calendar
from onewindow.core.workdays.constants import PauseKind

from ..constants import WorkOrderKind, WorkOrderSource
from ..models import Rating, WorkOrder, WorkOrderEvent
from . import workflow

NUMBER_PREFIX = "GD"
NUMBER_ATTEMPTS = 5
SUBJECT_MAX_LENGTH = 200
NAME_MAX_LENGTH = 50
EXTERNAL_MAX_LENGTH = 50
NOTE_MAX_LENGTH = 1000

# Sources a member of staff registers (the hotline's order, a petition, the box ...).
STAFF_SOURCES = (
    WorkOrderSource.HOTLINE,
    WorkOrderSource.PETITION,
    WorkOrderSource.SUGGESTION_BOX,
    WorkOrderSource.COMPLAINT_CALL,
    WorkOrderSource.CCTV_REQUEST,
)
# Sources the public reaches without staff (吐槽找茬, comments on a public report).
PUBLIC_SOURCES = (WorkOrderSource.ONLINE_COMPLAINT, WorkOrderSource.REPORT_FEEDBACK)


def conflict() -> Conflict:
    return Conflict(_("该工单已被他人处理，请刷新后重试"))


# -- input ------------------------------------------------------------------------------


def text(value, field: str, max_length: int, *, required_message=None) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(_("输入格式不正确"), field=field)
    value = value.replace("\x00", "").strip()
    if required_message and not value:
        raise InvalidInput(required_message, field=field)
    if len(value) > max_length:
        raise InvalidInput(_("不能超过%(n)s个字") % {"n": max_length}, field=field)
    return value


def department_of(value):
    from onewindow.org.models import Department

    if value is None or value == "":
        return None
    if isinstance(value, Department):
        found = value if value.is_active else None
    elif isinstance(value, int) and not isinstance(value, bool):
        found = Department.objects.filter(pk=value, is_active=True).first()
    elif isinstance(value, str) and value.strip().isdigit() and len(value) < 10:
        found = Department.objects.filter(pk=int(value), is_active=True).first()
    else:
        found = None
    if found is None:
        raise InvalidInput(_("承办单位不存在或已停用"), field="department")
    return found


def load(order) -> WorkOrder:
    """A fresh copy of ``order`` (an instance, pk or number): decisions use the stored state."""
    if isinstance(order, WorkOrder):
        query = {"pk": order.pk}
    elif isinstance(order, int) and not isinstance(order, bool):
        query = {"pk": order}
    else:
        number = str(order)
        if "\x00" in number:
            raise NotFound(_("未找到该工单"))
        query = {"number": number}
    found = (
        WorkOrder.objects.select_related("rating", "department", "clock").filter(**query).first()
    )
    if found is None:
        raise NotFound(_("未找到该工单"))
    return found


# -- limits ------------------------------------------------------------------------------


def limit_for(kind: str) -> tuple[str, int]:
    """("hours", n) or ("workdays", n) for ``kind`` from the settings."""
    if kind == WorkOrderKind.REMEDY:
        return "workdays", int(settings.FEEDBACK_REMEDY_WORKDAYS)
    limits = settings.FEEDBACK_WORK_ORDER_LIMITS
    unit, amount = limits.get(str(kind), limits.get("complaint", ("workdays", 13)))
    if unit not in ("hours", "workdays"):
        raise InvalidInput(_("工单时限配置不正确"))
    return unit, int(amount)


def end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def start_limit(kind: str, received_at: datetime) -> tuple[object, datetime]:
    """(clock or None, due_at) for an order of ``kind`` received at ``received_at``."""
    unit, amount = limit_for(kind)
    if unit == "hours":
        return None, received_at + timedelta(hours=amount)
    clock = clocks.start_clock(amount, timezone.localdate(received_at))
    return clock, end_of_day(clock.due_date)


def callback_due(order) -> date | None:
    """The last day to call the requester back: N working days after the reply."""
    if order.replied_at is None:
        return None
    return get_calendar().add_workdays(
        timezone.localdate(order.replied_at), int(settings.FEEDBACK_CALLBACK_WORKDAYS)
    )


# -- numbers -----------------------------------------------------------------------------


def next_number(today: date) -> str:
    """GD + yyyymmdd + a 5-digit sequence of the day (max + 1; a collision retries)."""
    prefix = f"{NUMBER_PREFIX}{today:%Y%m%d}"
    last = (
        WorkOrder.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last[len(prefix) :]) + 1 if last and last[len(prefix) :].isdigit() else 1
    return f"{prefix}{sequence:05d}"


def create(fields: dict) -> WorkOrder:
    """Insert with a fresh number; a number taken at the same moment takes the next one."""
    for _attempt in range(NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():  # a savepoint: the caller's transaction survives
                return WorkOrder.objects.create(
                    number=next_number(timezone.localdate(fields["received_at"])), **fields
                )
        except IntegrityError:
            continue
    raise Conflict(_("工单编号生成冲突，请稍后重试"))


# -- steps shared by every change ----------------------------------------------------------


def event(order, action: str, *, actor=None, note: str = "") -> WorkOrderEvent:
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return WorkOrderEvent.objects.create(order=order, action=action, actor=actor, note=note)


def audit(order, action: str, *, actor=None, before=None, after=None, request=None, obj=None):
    return record(
        f"feedback.order.{action}",
        actor=actor,
        obj=obj if obj is not None else order,
        before=before,
        after=after,
        request=request,
        summary=_("%(label)s %(number)s")
        % {"label": workflow.label(action), "number": order.number},
    )


def move(
    order: WorkOrder,
    row: workflow.Transition,
    *,
    actor,
    fields: dict | None = None,
    expect: dict | None = None,
    note: str = "",
    after: dict | None = None,
    request=None,
) -> WorkOrder:
    """Apply a workflow row by conditional UPDATE, then the timeline and the audit event."""
    fields = sealed_update(WorkOrder, fields or {})
    updated = WorkOrder.objects.filter(pk=order.pk, status=row.source, **(expect or {})).update(
        status=row.target, updated_at=timezone.now(), **fields
    )
    if not updated:
        raise conflict()
    event(order, row.action, actor=actor, note=note)
    audit(
        order,
        row.action,
        actor=actor,
        before={"status": row.source},
        after={"status": row.target, **(after or {})},
        request=request,
    )
    order.refresh_from_db()
    return order


def pause(order: WorkOrder) -> None:
    clock = order.clock
    if clock is not None and clock.stopped_on is None and clock.paused_since is None:
        clocks.pause_clock(clock, PauseKind.OTHER, max(timezone.localdate(), clock.started_on))


def resume(order: WorkOrder) -> None:
    clock = order.clock
    if clock is not None and clock.stopped_on is None and clock.paused_since is not None:
        clock = clocks.resume_clock(clock, max(timezone.localdate(), clock.paused_since))
        WorkOrder.objects.filter(pk=order.pk).update(due_at=end_of_day(clock.due_date))
        order.refresh_from_db()


def stop(order: WorkOrder) -> None:
    clock = order.clock
    if clock is not None and clock.stopped_on is None:
        clocks.stop_clock(clock, max(timezone.localdate(), clock.started_on))


def appeal_status(order: WorkOrder) -> str | None:
    if order.rating_id is None:
        return None
    return Rating.objects.filter(pk=order.rating_id).values_list("appeal_status", flat=True).first()
