"""Every write of work orders (诉求/工单) and of bad ratings' remedy orders (差评整改).

Each function is atomic, checks the actor and the transition against ``workflow.py``,
changes the order with a conditional UPDATE (``filter(pk=..., status=expected)``; zero
rows is a ``Conflict``: someone acted first), writes the order's timeline
(``WorkOrderEvent``) and one audit event in the same transaction, and notifies after
commit (``notifications.py``).

Time limits (``settings.FEEDBACK_WORK_ORDER_LIMITS``): an hour limit sets ``due_at`` =
received + hours; a working-day limit starts a ``core.workdays`` clock and ``due_at`` is
the end of its due date. The clock pauses while the requester is being called back
(after the reply) and while an appeal of the rating waits for a ruling, resumes on a
return for redo or a rejected appeal, and stops when the order closes or is cancelled.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.core.errors import InvalidInput, PermissionDenied
from onewindow.core.pii import validators

from ..constants import (
    TEXT_MAX_LENGTH,
    CallbackResult,
    RatingLevel,
    WorkOrderKind,
    WorkOrderSource,
    WorkOrderStatus,
)
from ..models import Rating, WorkOrder
from . import moves, notifications, workflow
from .appeals import appeal_rating, decide_appeal  # noqa: F401  (re-exported)
from .moves import (  # noqa: F401  (re-exported for callers and forms)
    EXTERNAL_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    PUBLIC_SOURCES,
    STAFF_SOURCES,
    SUBJECT_MAX_LENGTH,
    callback_due,
    end_of_day,
    limit_for,
    load,
)


def _tell_unit_of_dispatch(order: WorkOrder) -> None:
    due = timezone.localtime(order.due_at).strftime("%Y-%m-%d %H:%M")
    if order.kind == WorkOrderKind.REMEDY:
        subject = gettext_lazy("新的差评整改工单")
        body = gettext_lazy(
            "收到差评整改工单%(number)s：%(title)s。请核实情况、回访评价人，并于%(due)s前整改答复。"
        )
    else:
        subject = gettext_lazy("新的诉求工单")
        body = gettext_lazy("收到%(source)s工单%(number)s：%(title)s。请于%(due)s前办理答复。")
    recipients = notifications.department_staff(order.department_id)
    notifications.send(
        recipients,
        order,
        event="feedback.order.dispatched",
        subject=subject,
        body=body,
        source=order.get_source_display(),
        due=due,
        title=order.subject,
    )


def _tell_supervisors_to_dispatch(order: WorkOrder) -> None:
    notifications.send(
        notifications.supervisors(),
        order,
        event="feedback.order.to_dispatch",
        subject=gettext_lazy("待分派的诉求工单"),
        body=gettext_lazy("工单%(number)s（%(source)s）尚未确定承办单位，请及时分派：%(title)s"),
        source=order.get_source_display(),
        title=order.subject,
    )


# -- opening orders ------------------------------------------------------------------------


def _open(
    *,
    source,
    kind,
    subject,
    content,
    requester_name,
    requester_phone,
    requester,
    is_real_name,
    department,
    case,
    window,
    external_number,
    actor,
    rating=None,
    request=None,
) -> WorkOrder:
    received_at = timezone.now()
    clock, due_at = moves.start_limit(kind, received_at)
    order = moves.create(
        {
            "source": source,
            "kind": kind,
            "subject": subject,
            "content": content,
            "requester_name": requester_name,
            "requester_phone": requester_phone,
            "requester": requester,
            "is_real_name": is_real_name,
            "external_number": external_number,
            "department": department,
            "status": WorkOrderStatus.DISPATCHED if department else WorkOrderStatus.RECEIVED,
            "case": case,
            "window": window,
            "rating": rating,
            "received_at": received_at,
            "clock": clock,
            "due_at": due_at,
            "created_by": actor if getattr(actor, "is_authenticated", False) else None,
        }
    )
    moves.event(order, "register", actor=actor, note=str(order.get_source_display()))
    after = {
        "number": order.number,
        "source": source,
        "kind": kind,
        "department": department.pk if department else None,
        "is_real_name": is_real_name,
        "rating": rating.pk if rating else None,
        "due_at": due_at.isoformat(),
    }
    moves.audit(order, "register", actor=actor, after=after, request=request)
    if department is not None:
        moves.event(order, "dispatch", actor=actor, note=department.name)
        _tell_unit_of_dispatch(order)
    else:
        _tell_supervisors_to_dispatch(order)
    return order


@transaction.atomic
def open_work_order(
    *,
    source,
    kind,
    subject,
    content,
    requester_name="",
    requester_phone="",
    requester=None,
    is_real_name=False,
    department=None,
    case=None,
    window=None,
    external_number="",
    actor=None,
    request=None,
) -> WorkOrder:
    """Register a hotline, petition, box, online, call, CCTV or report-feedback order.

    Staff sources need a registrar (window clerk or hall supervisor); the public sources
    (吐槽找茬, feedback on a public report) need no account. With a department the order
    is dispatched to it at once; without one it waits for a supervisor's dispatch.
    """
    if source not in (*STAFF_SOURCES, *PUBLIC_SOURCES):
        raise InvalidInput(_("诉求来源不正确"), field="source")
    if kind not in WorkOrderKind.values or kind == WorkOrderKind.REMEDY:
        raise InvalidInput(_("诉求类别不正确"), field="kind")
    if source in STAFF_SOURCES and not (
        workflow._signed_in(actor) and actor.has_role(*workflow.REGISTRAR_ROLES)
    ):
        raise PermissionDenied(_("只有窗口工作人员和大厅督查人员可以登记工单"))
    subject = moves.text(subject, "subject", SUBJECT_MAX_LENGTH, required_message=_("请填写标题"))
    content = moves.text(content, "content", TEXT_MAX_LENGTH, required_message=_("请填写诉求内容"))
    requester_name = moves.text(requester_name, "requester_name", NAME_MAX_LENGTH)
    external_number = moves.text(external_number, "external_number", EXTERNAL_MAX_LENGTH)
    phone = ""
    if requester_phone not in (None, ""):
        phone = validators.validate_phone(requester_phone, field="requester_phone")
    if requester is not None and not getattr(requester, "is_authenticated", False):
        requester = None
    is_real_name = bool(is_real_name)
    if is_real_name and not requester_name:
        raise InvalidInput(_("实名诉求请填写诉求人姓名"), field="requester_name")
    if is_real_name and not phone and requester is None:
        raise InvalidInput(_("实名诉求请填写联系电话，以便回访"), field="requester_phone")
    return _open(
        source=source,
        kind=kind,
        subject=subject,
        content=content,
        requester_name=requester_name,
        requester_phone=phone,
        requester=requester,
        is_real_name=is_real_name,
        department=moves.department_of(department),
        case=case,
        window=window,
        external_number=external_number,
        actor=actor,
        request=request,
    )


def _rating_department(rating: Rating):
    if rating.department_id is not None:
        return rating.department
    case = rating.case
    if case is not None:
        if case.item_version_id is not None:
            return case.item_version.item.department
        if case.bundle_id is not None:
            return case.bundle.lead_department
        if getattr(case, "industry_id", None) is not None:
            return case.industry.lead_department
    if rating.window_id is not None and rating.window.department_id is not None:
        return rating.window.department
    if rating.staff_id is not None and rating.staff.department_id is not None:
        return rating.staff.department
    return None


@transaction.atomic
def open_remedy_order(rating) -> WorkOrder:
    """差评整改: the remedy order of a bad rating (2 stars or less), opened at once.

    Runs inside the rating's transaction. The unit is the rated department (or the case's,
    the window's, the staff member's); it is told at once and has
    FEEDBACK_REMEDY_WORKDAYS working days. A rating already answered gets its order back.
    """
    if not isinstance(rating, Rating) or rating.pk is None:
        raise InvalidInput(_("评价不存在"))
    existing = WorkOrder.objects.filter(rating_id=rating.pk).first()
    if existing is not None:
        return existing
    if not rating.is_bad:
        raise InvalidInput(_("只有差评（不满意、非常不满意）才需整改"))
    rater = rating.rater
    real = bool(rating.is_real_name)
    # The person to call back: the signed-in rater, else the applicant of the rated case.
    person = rater or (rating.case.applicant if rating.case_id else None)
    name = ""
    phone = ""
    if real and person is not None:
        name = (getattr(person, "display_name", "") or str(person))[:NAME_MAX_LENGTH]
        phone = person.phone or ""
    where = rating.window.name if rating.window_id else ""
    if rating.case_id:
        where = rating.case.number
    subject = _("差评整改：%(level)s") % {"level": rating.get_level_display()}
    if where:
        subject += f"（{where}）"
    comment = (rating.comment or "").strip() or _("评价人未填写评价内容")
    content = _("%(channel)s，评价等级：%(level)s。评价内容：%(comment)s") % {
        "channel": rating.get_channel_display(),
        "level": rating.get_level_display(),
        "comment": comment,
    }
    return _open(
        source=WorkOrderSource.BAD_RATING,
        kind=WorkOrderKind.REMEDY,
        subject=subject[:SUBJECT_MAX_LENGTH],
        content=content[:TEXT_MAX_LENGTH],
        requester_name=name,
        requester_phone=phone,
        requester=person if real else rater,
        is_real_name=real,
        department=_rating_department(rating),
        case=rating.case,
        window=rating.window,
        external_number="",
        actor=None,
        rating=rating,
    )


# -- the loop ----------------------------------------------------------------------------


@transaction.atomic
def dispatch(order, department, actor, *, note="", request=None) -> WorkOrder:
    """分派 (or 改派 before anyone started): the unit is told at once."""
    order = moves.load(order)
    department = moves.department_of(department) if department not in (None, "") else None
    note = moves.text(note, "note", NOTE_MAX_LENGTH)
    row = workflow.check(order, "dispatch", actor, {"department": department})
    if order.department_id == department.pk:
        raise InvalidInput(_("该工单已由该单位承办"), field="department")
    order = moves.move(
        order,
        row,
        actor=actor,
        fields={"department": department},
        expect={"department_id": order.department_id},
        note=department.name + (f"：{note}" if note else ""),
        after={"department": department.pk},
        request=request,
    )
    _tell_unit_of_dispatch(order)
    return order


@transaction.atomic
def start(order, actor, *, request=None) -> WorkOrder:
    """开始办理: the handler takes the order."""
    order = moves.load(order)
    row = workflow.check(order, "start", actor)
    return moves.move(
        order,
        row,
        actor=actor,
        fields={"handler": actor},
        after={"handler": actor.pk},
        request=request,
    )


@transaction.atomic
def reply(order, text, actor, *, verification="", request=None) -> WorkOrder:
    """答复: what the unit found and did; the requester (with an account) is told."""
    order = moves.load(order)
    text = moves.text(text, "reply", TEXT_MAX_LENGTH)
    verification = moves.text(verification, "verification", TEXT_MAX_LENGTH)
    ctx = {"reply": text, "verification": verification, "appeal_status": moves.appeal_status(order)}
    row = workflow.check(order, "reply", actor, ctx)
    order = moves.move(
        order,
        row,
        actor=actor,
        fields={"reply": text, "verification": verification, "replied_at": timezone.now()},
        note=text,
        after={"replied": True},
        request=request,
    )
    moves.pause(order)  # the callback's time is not the unit's handling time
    if order.requester_id is not None:
        if order.kind == WorkOrderKind.REMEDY:
            subject = gettext_lazy("评价整改结果")
            body = gettext_lazy("您的评价已核实处理（工单%(number)s）。整改情况：%(reply)s")
        else:
            subject = gettext_lazy("诉求答复")
            body = gettext_lazy("您的诉求“%(title)s”（工单%(number)s）已答复：%(reply)s")
        notifications.send(
            [order.requester_id],
            order,
            event="feedback.order.replied",
            subject=subject,
            body=body,
            reply=text,
            title=order.subject,
        )
    return order


@transaction.atomic
def record_callback(order, result, note, actor, *, request=None) -> WorkOrder:
    """回访: the result of calling the requester (or rater) back after the reply."""
    order = moves.load(order)
    note = moves.text(note, "note", NOTE_MAX_LENGTH)
    row = workflow.check(order, "record_callback", actor, {"result": result})
    return moves.move(
        order,
        row,
        actor=actor,
        fields={
            "callback_at": timezone.now(),
            "callback_by": actor,
            "callback_result": result,
            "callback_note": note,
        },
        note=str(CallbackResult(result).label) + (f"：{note}" if note else ""),
        after={"callback_result": result},
        request=request,
    )


@transaction.atomic
def close(order, actor, *, note="", request=None) -> WorkOrder:
    """办结: refused without a callback record for real-name orders and remedies."""
    order = moves.load(order)
    note = moves.text(note, "note", NOTE_MAX_LENGTH)
    ctx = {
        "appeal_status": moves.appeal_status(order),
        "rating_is_real_name": bool(order.rating_id and order.rating.is_real_name),
    }
    row = workflow.check(order, "close", actor, ctx)
    order = moves.move(
        order,
        row,
        actor=actor,
        fields={"closed_at": timezone.now()},
        note=note,
        request=request,
    )
    moves.stop(order)
    return order


@transaction.atomic
def return_order(order, reason, actor, *, request=None) -> WorkOrder:
    """退回重办: the reply did not settle it; the unit's clock runs again."""
    order = moves.load(order)
    reason = moves.text(reason, "reason", NOTE_MAX_LENGTH)
    row = workflow.check(order, "return", actor, {"reason": reason})
    order = moves.move(
        order,
        row,
        actor=actor,
        fields={
            "callback_at": None,
            "callback_by": None,
            "callback_result": "",
            "callback_note": "",
        },
        note=reason,
        after={"reason": reason},
        request=request,
    )
    moves.resume(order)
    notifications.send(
        notifications.department_staff(order.department_id),
        order,
        event="feedback.order.returned",
        subject=gettext_lazy("工单退回重办"),
        body=gettext_lazy("工单%(number)s被退回重办。理由：%(reason)s"),
        reason=reason,
    )
    return order


@transaction.atomic
def chase(order, reason, actor, *, request=None) -> WorkOrder:
    """督办: a supervisor or leader presses the unit; the unit is told."""
    order = moves.load(order)
    reason = moves.text(reason, "reason", NOTE_MAX_LENGTH)
    row = workflow.check(order, "chase", actor, {"reason": reason})
    order = moves.move(
        order, row, actor=actor, note=reason, after={"reason": reason}, request=request
    )
    recipients = notifications.department_staff(order.department_id) or notifications.supervisors()
    notifications.send(
        recipients,
        order,
        event="feedback.order.chased",
        subject=gettext_lazy("工单督办"),
        body=gettext_lazy("请加快办理工单%(number)s（%(title)s）。督办意见：%(reason)s"),
        reason=reason,
        title=order.subject,
    )
    return order


@transaction.atomic
def rate_handling(order, level, actor, *, request=None) -> WorkOrder:
    """The loop's last step: the requester's satisfaction with the handling."""
    order = moves.load(order)
    if isinstance(level, str) and level.strip().isdigit():
        level = int(level.strip())
    row = workflow.check(order, "rate_handling", actor, {"level": level})
    return moves.move(
        order,
        row,
        actor=actor,
        fields={"satisfaction": level},
        expect={"satisfaction__isnull": True},
        note=str(RatingLevel(level).label),
        after={"satisfaction": level},
        request=request,
    )


# -- the escalation scan -----------------------------------------------------------------


def scan_overdue(today: date | None = None) -> dict:
    """The daily escalation scan (escalation.py): reminder, warning, escalated, each once."""
    from .escalation import run_scan

    return run_scan(today)
