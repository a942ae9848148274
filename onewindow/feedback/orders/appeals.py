"""Appeals of a remedy's bad rating (差评申诉): the unit appeals, a supervisor rules.

Re-exported by services.py, so callers import every work-order write from there.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.core.audit import record
from onewindow.core.errors import InvalidInput
from onewindow.core.pii.freetext import sealed_update

from ..constants import AppealStatus
from ..models import Rating, WorkOrder
from . import moves, notifications, workflow
from .moves import NOTE_MAX_LENGTH


@transaction.atomic
def appeal_rating(order, reason, actor, *, request=None) -> WorkOrder:
    """The unit says the rating was mistaken or malicious; a supervisor rules.

    The remedy's clock pauses until the ruling (the unit is not chased meanwhile).
    """
    order = moves.load(order)
    reason = moves.text(reason, "reason", NOTE_MAX_LENGTH)
    ctx = {"reason": reason, "appeal_status": moves.appeal_status(order)}
    row = workflow.check(order, "appeal", actor, ctx)
    updated = Rating.objects.filter(pk=order.rating_id, appeal_status=AppealStatus.NONE).update(
        **sealed_update(Rating, {"appeal_reason": reason}), appeal_status=AppealStatus.PENDING
    )
    if not updated:
        raise moves.conflict()
    record(
        "feedback.rating.appeal",
        actor=actor,
        obj=order.rating,
        before={"appeal_status": AppealStatus.NONE},
        after={"appeal_status": AppealStatus.PENDING, "order": order.number},
        request=request,
        summary=_("差评申诉 %(number)s") % {"number": order.number},
    )
    order = moves.move(
        order, row, actor=actor, note=reason, after={"reason": reason}, request=request
    )
    moves.pause(order)
    notifications.send(
        notifications.supervisors(),
        order,
        event="feedback.rating.appealed",
        subject=gettext_lazy("差评申诉待审核"),
        body=gettext_lazy("%(department)s对工单%(number)s的差评提出申诉：%(reason)s"),
        department=order.department.name if order.department_id else "",
        reason=reason,
    )
    return order


@transaction.atomic
def decide_appeal(order, upheld, ruling, actor, *, request=None) -> WorkOrder:
    """A supervisor's ruling. Upheld: the rating leaves the published figures and the
    remedy ends (cancelled). Rejected: the remedy goes on and its clock runs again."""
    order = moves.load(order)
    ruling = moves.text(ruling, "ruling", NOTE_MAX_LENGTH)
    action = "uphold_appeal" if upheld else "reject_appeal"
    ctx = {"reason": ruling, "appeal_status": moves.appeal_status(order)}
    try:
        row = workflow.check(order, action, actor, ctx)
    except InvalidInput as exc:
        if exc.field == "reason":
            raise InvalidInput(_("请填写审核意见"), field="ruling") from None
        raise
    status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
    now = timezone.now()
    updated = Rating.objects.filter(pk=order.rating_id, appeal_status=AppealStatus.PENDING).update(
        **sealed_update(Rating, {"appeal_ruling": ruling}),
        appeal_status=status,
        appeal_decided_by=actor,
        appeal_decided_at=now,
    )
    if not updated:
        raise moves.conflict()
    record(
        "feedback.rating.appeal_decided",
        actor=actor,
        obj=order.rating,
        before={"appeal_status": AppealStatus.PENDING},
        after={"appeal_status": status, "order": order.number},
        request=request,
        summary=_("差评申诉审核 %(number)s") % {"number": order.number},
    )
    fields = {"closed_at": now} if upheld else {}
    order = moves.move(
        order,
        row,
        actor=actor,
        fields=fields,
        note=ruling,
        after={"appeal": status},
        request=request,
    )
    if upheld:
        moves.stop(order)
    else:
        moves.resume(order)
    notifications.send(
        notifications.department_staff(order.department_id),
        order,
        event="feedback.rating.appeal_decided",
        subject=gettext_lazy("差评申诉审核结果"),
        body=gettext_lazy("工单%(number)s的差评申诉：%(result)s。审核意见：%(ruling)s"),
        result=AppealStatus(status).label,
        ruling=ruling,
    )
    return order
