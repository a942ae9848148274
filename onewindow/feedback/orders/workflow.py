"""The allowed state changes of a work order (诉求/工单), as data.

The closed loop: accept (registration), dispatch, handle (start), reply, chase (督办),
call back, close, rate. Each row says: from this status, this action leads to that
status, done by one of these kinds of actor, provided these guards pass. Services look a
row up with :func:`check` before they write; nothing else decides whether a transition
is allowed. Guards take the order and a context dict the service fills and raise
``InvalidInput`` with a Chinese message.

Actors:
- ``unit``: department staff (approvers and clerks) of the order's department — the
  handling unit: handles, replies, calls back, closes, appeals a bad rating;
- ``supervisor``: hall supervisors (大厅督查) — dispatch, return for redo, call back,
  close, rule on appeals;
- ``oversight``: supervisors and the bureau's leaders — chase (督办);
- ``requester``: the requester's own account — rates the handling;
- ``system``: no person (the daily escalation scan).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.accounts.constants import Role
from onewindow.core.errors import Conflict, InvalidInput, PermissionDenied

from ..constants import AppealStatus, CallbackResult, RatingLevel, WorkOrderKind
from ..constants import WorkOrderStatus as S

UNIT, SUPERVISOR, OVERSIGHT, REQUESTER, SYSTEM = (
    "unit",
    "supervisor",
    "oversight",
    "requester",
    "system",
)
# Department staff who handle their department's orders.
UNIT_ROLES = (Role.APPROVER, Role.CLERK)
OVERSIGHT_ROLES = (Role.SUPERVISOR, Role.LEADER)
# Who may register orders from the hotline, petitions, the box, calls and CCTV requests.
REGISTRAR_ROLES = (Role.CLERK, Role.SUPERVISOR)

Guard = Callable[[object, dict], None]


# -- guards ---------------------------------------------------------------------


def reason_given(order, ctx) -> None:
    if not (ctx.get("reason") or "").strip():
        raise InvalidInput(_("请填写理由"), field="reason")


def department_given(order, ctx) -> None:
    if ctx.get("department") is None:
        raise InvalidInput(_("请选择承办单位"), field="department")


def reply_given(order, ctx) -> None:
    if not (ctx.get("reply") or "").strip():
        raise InvalidInput(_("请填写答复内容"), field="reply")


def verification_given_for_remedy(order, ctx) -> None:
    """A remedy's reply says what the unit found (核实情况) as well as what it did."""
    if order.kind == WorkOrderKind.REMEDY and not (ctx.get("verification") or "").strip():
        raise InvalidInput(_("差评整改须填写核实情况"), field="verification")


def no_pending_appeal(order, ctx) -> None:
    if ctx.get("appeal_status") == AppealStatus.PENDING:
        raise InvalidInput(_("该差评的申诉正在审核中，请待督查人员作出审核意见后再办理"))


def callback_result_given(order, ctx) -> None:
    if ctx.get("result") not in CallbackResult.values:
        raise InvalidInput(_("请选择回访结果"), field="result")


def callback_recorded_if_required(order, ctx) -> None:
    """实名诉求 and every remedy of a real-name rating are called back before closing."""
    required = order.is_real_name or ctx.get("rating_is_real_name", False)
    if required and order.callback_at is None:
        if order.kind == WorkOrderKind.REMEDY:
            raise InvalidInput(_("实名差评须先回访评价人并登记回访记录，才能办结整改工单"))
        raise InvalidInput(_("实名诉求须先回访诉求人并登记回访记录，才能办结"))


def is_remedy_of_a_rating(order, ctx) -> None:
    if order.kind != WorkOrderKind.REMEDY or order.rating_id is None:
        raise InvalidInput(_("只有差评整改工单可以对差评提出申诉"))


def not_appealed_yet(order, ctx) -> None:
    if ctx.get("appeal_status") != AppealStatus.NONE:
        raise InvalidInput(_("该差评已提出过申诉，不能重复申诉"))


def appeal_pending(order, ctx) -> None:
    if ctx.get("appeal_status") != AppealStatus.PENDING:
        raise InvalidInput(_("该差评没有待审核的申诉"))


def level_valid(order, ctx) -> None:
    if ctx.get("level") not in RatingLevel.values:
        raise InvalidInput(_("请选择满意度评价"), field="level")


def not_rated_yet(order, ctx) -> None:
    if order.satisfaction is not None:
        raise InvalidInput(_("该工单已评价，不能重复评价"))


# -- the table ------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    source: str
    action: str
    target: str
    actors: tuple[str, ...]
    guards: tuple[Guard, ...] = ()


# Statuses in which the unit still owes a reply (the time limit runs).
HANDLING_STATUSES = (S.RECEIVED, S.DISPATCHED, S.HANDLING, S.RETURNED)
OPEN = (*HANDLING_STATUSES, S.REPLIED)
APPEALABLE = (S.DISPATCHED, S.HANDLING, S.RETURNED)

TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.RECEIVED, "dispatch", S.DISPATCHED, (SUPERVISOR,), (department_given,)),
    # 改派: a supervisor moves an order no one has started to another unit.
    Transition(S.DISPATCHED, "dispatch", S.DISPATCHED, (SUPERVISOR,), (department_given,)),
    Transition(S.DISPATCHED, "start", S.HANDLING, (UNIT,)),
    Transition(S.RETURNED, "start", S.HANDLING, (UNIT,)),
    Transition(
        S.HANDLING,
        "reply",
        S.REPLIED,
        (UNIT,),
        (reply_given, verification_given_for_remedy, no_pending_appeal),
    ),
    Transition(
        S.REPLIED, "record_callback", S.REPLIED, (UNIT, SUPERVISOR), (callback_result_given,)
    ),
    Transition(
        S.REPLIED,
        "close",
        S.CLOSED,
        (UNIT, SUPERVISOR),
        (callback_recorded_if_required, no_pending_appeal),
    ),
    # 退回重办: the reply did not answer the request (often a dissatisfied callback).
    Transition(S.REPLIED, "return", S.RETURNED, (SUPERVISOR,), (reason_given,)),
    Transition(
        S.CLOSED, "rate_handling", S.CLOSED, (REQUESTER, SUPERVISOR), (level_valid, not_rated_yet)
    ),
    *(Transition(s, "chase", s, (OVERSIGHT,), (reason_given,)) for s in OPEN),
    *(
        Transition(
            s,
            "appeal",
            s,
            (UNIT,),
            (is_remedy_of_a_rating, not_appealed_yet, reason_given),
        )
        for s in APPEALABLE
    ),
    # The supervisor's ruling: upheld ends the remedy (the rating leaves the published
    # figures); rejected lets the remedy go on where it was.
    *(
        Transition(s, "uphold_appeal", S.CANCELLED, (SUPERVISOR,), (appeal_pending, reason_given))
        for s in APPEALABLE
    ),
    *(
        Transition(s, "reject_appeal", s, (SUPERVISOR,), (appeal_pending, reason_given))
        for s in APPEALABLE
    ),
)

ACTIONS = frozenset(t.action for t in TRANSITIONS)
_INDEX = {(t.source, t.action): t for t in TRANSITIONS}

ACTION_LABELS = {
    "register": gettext_lazy("受理登记"),
    "dispatch": gettext_lazy("分派"),
    "start": gettext_lazy("开始办理"),
    "reply": gettext_lazy("答复"),
    "record_callback": gettext_lazy("回访"),
    "close": gettext_lazy("办结"),
    "return": gettext_lazy("退回重办"),
    "rate_handling": gettext_lazy("满意度评价"),
    "chase": gettext_lazy("督办"),
    "appeal": gettext_lazy("差评申诉"),
    "uphold_appeal": gettext_lazy("申诉成立"),
    "reject_appeal": gettext_lazy("申诉驳回"),
    "escalate": gettext_lazy("超期督办"),
}


def label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def find(source: str, action: str) -> Transition:
    """The row for ``action`` from ``source``; Conflict when the table forbids it."""
    row = _INDEX.get((source, action))
    if row is None:
        raise Conflict(_("工单当前状态不能执行此操作，请刷新后重试"))
    return row


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def is_unit(user, order) -> bool:
    return (
        _signed_in(user)
        and order.department_id is not None
        and user.department_id == order.department_id
        and user.has_role(*UNIT_ROLES)
    )


def may_act(row: Transition, user, order) -> bool:
    if SYSTEM in row.actors and user is None:
        return True
    if not _signed_in(user):
        return False
    for actor in row.actors:
        if actor == UNIT and is_unit(user, order):
            return True
        if actor == SUPERVISOR and user.has_role(Role.SUPERVISOR):
            return True
        if actor == OVERSIGHT and user.has_role(*OVERSIGHT_ROLES):
            return True
        if actor == REQUESTER and order.requester_id is not None and user.pk == order.requester_id:
            return True
    return False


def check(order, action: str, user, ctx: dict | None = None) -> Transition:
    """Validate ``action`` on ``order`` for ``user``: the row, or an error.

    Order: the state (Conflict), then the actor (PermissionDenied), then the guards
    (InvalidInput), so a stale page gets 409 before anything else.
    """
    row = find(order.status, action)
    if not may_act(row, user, order):
        raise PermissionDenied()
    ctx = dict(ctx or {})
    for guard in row.guards:
        guard(order, ctx)
    return row


def allowed_actions(order, user) -> list[str]:
    """The actions this user may start now (for pages; guards are checked on submit)."""
    return [
        t.action
        for t in TRANSITIONS
        if t.source == order.status and SYSTEM not in t.actors and may_act(t, user, order)
    ]
