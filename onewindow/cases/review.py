"""Department review: dispatch, parallel tasks, pauses, the decision; 容缺 promise expiry.

Imported through services.py. A case in review has one DepartmentTask per department,
all running in parallel; the case is decided when every task is decided (approved if all
approved, otherwise refused with every refusing department's reason). A pause on any task
(expert review, site inspection, 补正 …) pauses the case's clocks; they run again when no
task is paused. Task operations first lock the case row (a conditional UPDATE on it), then
change the task with its own conditional UPDATE, so two departments acting at the same
moment are serialised and the last one to decide is the one that decides the case.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.errors import Conflict, InvalidInput, NotFound
from onewindow.core.pii.freetext import sealed_update
from onewindow.core.workdays.constants import PauseKind
from onewindow.org.models import Department

from . import moves, workflow
from .constants import (
    OPEN_TASK_STATUSES,
    REASON_MAX_LENGTH,
    CaseStatus,
    Decision,
    PromiseStatus,
    TaskStatus,
)
from .models import Case, ConditionalPromise, DepartmentTask

# Pauses a department may start; 容缺 waiting never pauses (review goes on meanwhile).
TASK_PAUSE_KINDS = frozenset(PauseKind.values) - {PauseKind.CONDITIONAL}


def _departments(values) -> list[Department]:
    if values is None or isinstance(values, (str, bytes)):
        raise InvalidInput(_("请选择至少一个承办部门"), field="departments")
    ids = []
    for value in values:
        pk = value.pk if isinstance(value, Department) else value
        if isinstance(pk, str) and pk.strip().isdigit():
            pk = int(pk)
        if isinstance(pk, bool) or not isinstance(pk, int):
            raise InvalidInput(_("承办部门不正确"), field="departments")
        if pk not in ids:
            ids.append(pk)
    found = {d.pk: d for d in Department.objects.filter(pk__in=ids, is_active=True)}
    if len(found) != len(ids):
        raise InvalidInput(_("承办部门不存在或已停用"), field="departments")
    return [found[pk] for pk in ids]


@transaction.atomic
def dispatch(user, case, departments, *, request=None) -> list[DepartmentTask]:
    """分送: one task per department, reviewed in parallel."""
    case = moves.load_case(case)
    chosen = _departments(departments)
    row = workflow.check(case, "dispatch", user, {"departments": chosen})
    case = moves.move(
        case,
        row,
        actor=user,
        note="、".join(d.name for d in chosen),
        after={"departments": [d.code for d in chosen]},
        request=request,
    )
    # Each task carries the promised due date, so worklists sort on their own table.
    due = moves.promised_due(case)
    return DepartmentTask.objects.bulk_create(
        [DepartmentTask(case=case, department=d, due_on=due) for d in chosen]
    )


def _load_task(user, task) -> DepartmentTask:
    """The task if it belongs to the user's department; NotFound otherwise (no probing)."""
    pk = task.pk if isinstance(task, DepartmentTask) else task
    department_id = getattr(user, "department_id", None) if user is not None else None
    found = None
    if department_id is not None and isinstance(pk, int) and not isinstance(pk, bool):
        found = (
            DepartmentTask.objects.select_related("case", "department")
            .filter(pk=pk, department_id=department_id)
            .first()
        )
    if found is None:
        raise NotFound(_("未找到该审查任务，或您无权处理"))
    return found


def _move_task(task: DepartmentTask, row, fields: dict) -> None:
    updated = DepartmentTask.objects.filter(pk=task.pk, status=row.source).update(
        status=row.target, **sealed_update(DepartmentTask, fields)
    )
    if not updated:
        raise moves.conflict()


def _task_step(user, task, action: str, ctx: dict, fields: dict, *, note="", request=None):
    """Lock the case, check and apply a task row, write the timeline and the audit."""
    task = _load_task(user, task)
    case = task.case
    row = workflow.check(case, action, user, ctx, task=task)
    moves.lock_case(case, CaseStatus.IN_REVIEW)
    _move_task(task, row, fields)
    moves.event(case, f"task_{action}", actor=user, note=note, department=task.department)
    moves.audit(
        case,
        f"task_{action}",
        actor=user,
        obj=task,
        before={"task_status": row.source},
        after={"task_status": row.target, "department": task.department.code, **ctx_public(ctx)},
        request=request,
    )
    task.refresh_from_db()
    return task, case


def ctx_public(ctx: dict) -> dict:
    return {k: v for k, v in ctx.items() if k in ("reason", "kind")}


@transaction.atomic
def start_review(user, task, *, request=None) -> DepartmentTask:
    task, _case = _task_step(
        user, task, "start_review", {}, {"started_at": timezone.now()}, request=request
    )
    return task


@transaction.atomic
def pause_task(user, task, kind, reason, *, request=None) -> DepartmentTask:
    """Pause for expert review, site inspection, hearing or 补正: the case's clocks stop."""
    if kind not in TASK_PAUSE_KINDS:
        raise InvalidInput(_("暂停原因不正确"), field="kind")
    reason = moves.clean_text(reason, "reason", REASON_MAX_LENGTH)
    label = PauseKind(kind).label
    task, case = _task_step(
        user,
        task,
        "pause",
        {"reason": reason, "kind": kind},
        {"pause_kind": kind, "pause_reason": reason},
        note=f"{label}：{reason}",
        request=request,
    )
    moves.pause_clocks(case, kind, moves.today())
    return task


@transaction.atomic
def resume_task(user, task, *, request=None) -> DepartmentTask:
    """End the pause; the clocks run again once no task of the case is paused."""
    task, case = _task_step(
        user, task, "resume", {}, {"pause_kind": "", "pause_reason": ""}, request=request
    )
    if not case.tasks.filter(status=TaskStatus.PAUSED).exists():
        moves.resume_clocks(case, moves.today())
    return task


@transaction.atomic
def decide_task(user, task, approve, reason="", *, request=None) -> DepartmentTask:
    """A department's approval or refusal (with reasons); the last one decides the case."""
    if not isinstance(approve, bool):
        raise InvalidInput(_("请选择同意或不同意"), field="approve")
    reason = moves.clean_text(reason, "reason", REASON_MAX_LENGTH)
    action = "approve" if approve else "refuse"
    task, case = _task_step(
        user,
        task,
        action,
        {"reason": reason},
        {"decided_by": user, "decided_at": timezone.now(), "reason": reason},
        note=reason,
        request=request,
    )
    if not case.tasks.filter(status__in=OPEN_TASK_STATUSES).exists():
        _decide_case(case, request=request)
    return task


def _decide_case(case: Case, *, request=None) -> Case:
    """Every task decided: approve if all approved, else refuse with the reasons."""
    case = moves.load_case(case)
    row = workflow.check(case, "decide", None)
    refusals = list(
        case.tasks.filter(status=TaskStatus.REFUSED).select_related("department").order_by("pk")
    )
    decision = Decision.REFUSED if refusals else Decision.APPROVED
    reason = "；".join(f"{t.department.name}：{t.reason}" for t in refusals)
    case = moves.move(
        case,
        row,
        actor=None,
        fields={"decision": decision, "decision_reason": reason, "decided_at": timezone.now()},
        note=f"{Decision(decision).label}" + (f"（{reason}）" if reason else ""),
        after={"decision": decision, "reason": reason},
        request=request,
    )
    moves.stop_clocks(case, moves.today())
    if decision == Decision.APPROVED:
        # The certificates and the delivery clock, in the decision's transaction.
        from .certificates import issue_for_decision

        issue_for_decision(case)
    return case


@transaction.atomic
def expire_broken_promises(today: date | None = None) -> int:
    """The daily scan: end the cases whose 容缺 promise date has passed.

    The promise is marked broken (the applicant is refused 容缺受理 from then on), open
    tasks are cancelled, the clocks stop. Returns the number of cases ended.
    """
    today = today or moves.today()
    due = ConditionalPromise.objects.filter(
        status=PromiseStatus.PENDING,
        promise_date__lt=today,
        case__status__in=workflow.sources("expire_promise"),
    ).values_list("pk", "case_id")
    ended = 0
    for promise_pk, case_pk in list(due):
        try:
            with transaction.atomic():
                _expire_one(promise_pk, case_pk, today)
        except (Conflict, _AlreadyKept):
            continue  # handled or kept at the same moment: nothing to end
        ended += 1
    return ended


class _AlreadyKept(Exception):
    pass


def _expire_one(promise_pk: int, case_pk: int, today: date) -> None:
    case = moves.load_case(case_pk)
    row = workflow.check(case, "expire_promise", None, {"today": today})
    broken = ConditionalPromise.objects.filter(pk=promise_pk, status=PromiseStatus.PENDING).update(
        status=PromiseStatus.BROKEN, closed_at=timezone.now()
    )
    if not broken:
        raise _AlreadyKept()
    case = moves.move(
        case,
        row,
        actor=None,
        fields={"concluded_at": timezone.now()},
        note=_("未在承诺期限内补齐容缺材料，办件终止"),
        after={"promise": "broken"},
    )
    case.tasks.filter(status__in=OPEN_TASK_STATUSES).update(
        status=TaskStatus.CANCELLED, pause_kind=""
    )
    moves.stop_clocks(case, today)
