"""The allowed state changes of a case and of a department task, as data.

Each row says: from this status, this action leads to that status, done by this kind of
actor, provided these guards pass. Services look a row up with :func:`check` before they
write; nothing else decides whether a transition is allowed. Guards take the case and a
context dict the service fills (the materials it loaded, the reason, the promise date …)
and raise ``InvalidInput`` with a Chinese message.

Actors:
- ``applicant``: the case's applicant, or a window clerk for a case applied at the window;
- ``clerk``: window staff (Role.CLERK) — acceptance steps, dispatch, delivery;
- ``approver``: department staff (Role.APPROVER) of the task's department (tasks only);
- ``system``: no person (the daily scan; the case decision after the last task; instant
  approval, 秒批, when every rule of the item passes on submission).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.constants import Role
from onewindow.core.errors import Conflict, InvalidInput, PermissionDenied
from onewindow.core.workdays import clock as clock_math
from onewindow.core.workdays.calendar import get_calendar

from .constants import CaseStatus as S
from .constants import MaterialStatus, PromiseStatus
from .constants import TaskStatus as T

APPLICANT, CLERK, APPROVER, SYSTEM = "applicant", "clerk", "approver", "system"

Guard = Callable[[object, dict], None]


# -- guards ---------------------------------------------------------------------


def _unsupplied_required(ctx) -> set[int]:
    return {
        m.material_type_id
        for m in ctx["materials"]
        if m.required and m.status != MaterialStatus.SUPPLIED
    }


def materials_complete(case, ctx) -> None:
    if _unsupplied_required(ctx):
        raise InvalidInput(_("尚有必要材料未提交，请出具一次性告知书或办理容缺受理"))


def reason_given(case, ctx) -> None:
    if not (ctx.get("reason") or "").strip():
        raise InvalidInput(_("请填写理由"), field="reason")


def lists_every_missing(case, ctx) -> None:
    """一次性告知: the list is not empty, is the case's own, and leaves nothing out."""
    listed = ctx["missing"]
    known = {m.material_type_id for m in ctx["materials"]}
    if not listed:
        raise InvalidInput(_("请列明缺少的材料"), field="missing")
    if not listed <= known:
        raise InvalidInput(_("所列材料不属于本办件"), field="missing")
    left_out = _unsupplied_required(ctx) - listed
    if left_out:
        names = "、".join(m.name for m in ctx["materials"] if m.material_type_id in left_out)
        raise InvalidInput(
            _("须一次性告知全部缺少的材料，遗漏：%(names)s") % {"names": names}, field="missing"
        )


def only_conditional_missing(case, ctx) -> None:
    core = [
        m.name
        for m in ctx["materials"]
        if m.material_type_id in ctx["missing"] and not m.conditional_eligible
    ]
    if core:
        raise InvalidInput(
            _("以下材料不可容缺：%(names)s") % {"names": "、".join(core)}, field="missing"
        )


def promise_signed(case, ctx) -> None:
    if ctx.get("signed") is not True:
        raise InvalidInput(_("申请人须签署容缺受理承诺书"), field="signed")


def promise_date_within_limit(case, ctx) -> None:
    """Not before today, not later than the promised limit counted from today."""
    promise_date, today = ctx.get("promise_date"), ctx["today"]
    if promise_date is None or not hasattr(promise_date, "toordinal"):
        raise InvalidInput(_("请填写承诺补齐日期"), field="promise_date")
    latest = clock_math.due_date_for(
        get_calendar(), today, ctx["promised_limit"], settings.WORKDAYS_COUNT_FROM_NEXT_DAY
    )
    if promise_date < today:
        raise InvalidInput(_("承诺补齐日期不能早于今天"), field="promise_date")
    if promise_date > latest:
        raise InvalidInput(
            _("承诺补齐日期不能晚于承诺办结时限届满日（%(date)s）") % {"date": latest.isoformat()},
            field="promise_date",
        )


def no_broken_promise(case, ctx) -> None:
    from .models import ConditionalPromise

    broken = ConditionalPromise.objects.filter(
        applicant_id=case.applicant_id, status=PromiseStatus.BROKEN
    )
    if broken.exists():
        raise InvalidInput(_("该申请人有未履行容缺承诺的记录，不适用容缺受理"))


def no_pending_promise(case, ctx) -> None:
    from .models import ConditionalPromise

    if ConditionalPromise.objects.filter(case=case, status=PromiseStatus.PENDING).exists():
        raise InvalidInput(_("容缺材料尚未补齐，不能作出准予许可决定"))


def notice_days() -> int:
    from .constants import CASES_ACCEPTANCE_NOTICE_DAYS

    return int(getattr(settings, "CASES_ACCEPTANCE_NOTICE_DAYS", CASES_ACCEPTANCE_NOTICE_DAYS))


def notice_period_over(case, today) -> bool:
    """行政许可法 Art. 32: N working days after submission (CASES_ACCEPTANCE_NOTICE_DAYS)
    without a notice, the application counts as accepted from the day it was received."""
    if case.submitted_at is None:
        return False
    days = notice_days()
    submitted = timezone.localtime(case.submitted_at).date()
    return get_calendar().add_workdays(submitted, days) < today


def within_notice_period(case, ctx) -> None:
    if notice_period_over(case, ctx["today"]):
        # 409: the law has already accepted the application (the daily scan records it).
        raise Conflict(
            _("提交已超过法定告知期限，依《行政许可法》第三十二条视为受理，不能再出具一次性告知书")
        )


def notice_period_passed(case, ctx) -> None:
    if not notice_period_over(case, ctx["today"]):
        raise InvalidInput(_("法定告知期限尚未届满，不能视为受理"))


def departments_given(case, ctx) -> None:
    if not ctx.get("departments"):
        raise InvalidInput(_("请选择至少一个承办部门"), field="departments")


# -- the tables -----------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    source: str
    action: str
    target: str
    actor: str
    guards: tuple[Guard, ...] = ()
    label: str = ""


CASE_TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.DRAFT, "submit", S.SUBMITTED, APPLICANT),
    Transition(S.SUBMITTED, "accept", S.ACCEPTED, CLERK, (materials_complete,)),
    Transition(S.SUBMITTED, "refuse", S.REFUSED, CLERK, (reason_given,)),
    Transition(
        S.SUBMITTED,
        "notify_deficiency",
        S.DEFICIENT,
        CLERK,
        (within_notice_period, lists_every_missing),
    ),
    # 行政许可法 Art. 32: no answer within the notice period, accepted by law (the daily scan).
    Transition(S.SUBMITTED, "deem_accept", S.ACCEPTED, SYSTEM, (notice_period_passed,)),
    Transition(S.DEFICIENT, "supplement", S.SUBMITTED, APPLICANT),
    Transition(
        S.SUBMITTED,
        "accept_conditionally",
        S.CONDITIONALLY_ACCEPTED,
        CLERK,
        (
            lists_every_missing,
            only_conditional_missing,
            promise_signed,
            promise_date_within_limit,
            no_broken_promise,
        ),
    ),
    Transition(S.CONDITIONALLY_ACCEPTED, "supply_promised", S.ACCEPTED, CLERK),
    # Review goes on meanwhile (容缺受理): the promise is still open in review.
    Transition(S.IN_REVIEW, "supply_promised", S.IN_REVIEW, CLERK),
    Transition(S.CONDITIONALLY_ACCEPTED, "expire_promise", S.TERMINATED, SYSTEM),
    Transition(S.IN_REVIEW, "expire_promise", S.TERMINATED, SYSTEM),
    Transition(S.ACCEPTED, "dispatch", S.IN_REVIEW, CLERK, (departments_given,)),
    Transition(S.CONDITIONALLY_ACCEPTED, "dispatch", S.IN_REVIEW, CLERK, (departments_given,)),
    Transition(S.IN_REVIEW, "decide", S.DECIDED, SYSTEM),
    # 秒批秒办: every rule of the item passed on submission; the system decides at once
    # (instant.py). A failed rule leaves the case SUBMITTED for a person.
    Transition(S.SUBMITTED, "instant_approve", S.DECIDED, SYSTEM),
    Transition(S.DECIDED, "conclude", S.CONCLUDED, CLERK),
    # 电子送达: the holder's receipt in the 站内信 delivers the decision and ends the case
    # (certificates/edelivery.py also checks that the user is the holder).
    Transition(S.DECIDED, "e_delivery_receipt", S.CONCLUDED, APPLICANT),
    # 退回窗口: a reviewing department sends the case back with its reasons (the clocks
    # pause); the window asks the applicant to correct, or dispatches it again.
    Transition(S.IN_REVIEW, "return_to_window", S.RETURNED, APPROVER, (reason_given,)),
    Transition(S.RETURNED, "request_correction", S.CORRECTING, CLERK, (reason_given,)),
    Transition(S.CORRECTING, "supplement", S.RETURNED, APPLICANT),
    Transition(S.RETURNED, "dispatch", S.IN_REVIEW, CLERK, (departments_given,)),
)

TASK_TRANSITIONS: tuple[Transition, ...] = (
    Transition(T.PENDING, "start_review", T.IN_REVIEW, APPROVER),
    Transition(T.IN_REVIEW, "pause", T.PAUSED, APPROVER, (reason_given,)),
    Transition(T.PAUSED, "resume", T.IN_REVIEW, APPROVER),
    # 承办 or 审核 agreed: the task stays in review at the next level (decision 0021).
    Transition(T.IN_REVIEW, "sign_off", T.IN_REVIEW, APPROVER),
    Transition(T.IN_REVIEW, "approve", T.APPROVED, APPROVER, (no_pending_promise,)),
    Transition(T.IN_REVIEW, "refuse", T.REFUSED, APPROVER, (reason_given,)),
    Transition(T.PENDING, "cancel", T.CANCELLED, SYSTEM),
    Transition(T.IN_REVIEW, "cancel", T.CANCELLED, SYSTEM),
    Transition(T.PAUSED, "cancel", T.CANCELLED, SYSTEM),
)

CASE_ACTIONS = frozenset(t.action for t in CASE_TRANSITIONS)
TASK_ACTIONS = frozenset(t.action for t in TASK_TRANSITIONS)


def _index(rows):
    return {(t.source, t.action): t for t in rows}


_CASE = _index(CASE_TRANSITIONS)
_TASK = _index(TASK_TRANSITIONS)


def find(source: str, action: str, *, task: bool = False) -> Transition:
    """The row for ``action`` from ``source``; Conflict when the table forbids it."""
    row = (_TASK if task else _CASE).get((source, action))
    if row is None:
        raise Conflict(_("当前状态不能执行此操作，请刷新后重试"))
    return row


def sources(action: str, *, task: bool = False) -> list[str]:
    """Every status from which ``action`` is allowed (for conditional UPDATEs)."""
    return [
        t.source for t in (TASK_TRANSITIONS if task else CASE_TRANSITIONS) if t.action == action
    ]


def may_act(row: Transition, user, case, department_id=None) -> bool:
    """Whether ``user`` is the kind of actor the row names (for this case or task)."""
    if row.actor == SYSTEM:
        return user is None
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if row.actor == APPLICANT:
        if user.pk == case.applicant_id:
            return True
        return case.channel == "window" and user.has_role(Role.CLERK)
    if row.actor == CLERK:
        return user.has_role(Role.CLERK)
    if row.actor == APPROVER:
        return user.has_role(Role.APPROVER) and user.department_id == department_id
    return False


def check(case, action: str, user, ctx: dict | None = None, *, task=None) -> Transition:
    """Validate ``action`` on ``case`` (or on ``task``) for ``user``: the row, or an error.

    Order: the state (Conflict), then the actor (PermissionDenied), then the guards
    (InvalidInput), so a stale page gets 409 before anything else.
    """
    source = task.status if task is not None else case.status
    row = find(source, action, task=task is not None)
    department_id = task.department_id if task is not None else None
    if not may_act(row, user, case, department_id):
        raise PermissionDenied()
    ctx = dict(ctx or {})
    ctx.setdefault("today", timezone.localdate())
    for guard in row.guards:
        guard(case, ctx)
    return row


def allowed_actions(case, user) -> list[str]:
    """The case actions this user may start now (for pages; guards are checked on submit)."""
    return [
        t.action
        for t in CASE_TRANSITIONS
        if t.source == case.status and t.actor != SYSTEM and may_act(t, user, case)
    ]
