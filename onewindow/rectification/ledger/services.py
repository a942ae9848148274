"""Every write of the rectification ledger (整改台账).

Each function is atomic, checks the actor (``actor=None`` is the system: imports, the demo,
the daily scan), validates its input with Chinese messages (nothing is saved when one
fails), changes a measure's state with a conditional UPDATE against workflow.py (zero
rows: Conflict), writes a LedgerEvent (the ledger's timeline) and an audit event in the
same transaction, and sends notifications after commit.

A problem closes by itself when all its measures are closed; a 回头看 reopens it.
The escalation of overdue measures is in escalation.py (re-exported: ``scan_overdue``).
"""

from __future__ import annotations

import calendar as _calendar
import secrets
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.constants import Role
from onewindow.core.audit import record
from onewindow.core.errors import Conflict, InvalidInput, PermissionDenied
from onewindow.core.files import removed_on_error, save_on_commit
from onewindow.core.notify import notify
from onewindow.core.pii.freetext import sealed_update

from .. import metrics
from ..constants import (
    REASON_MAX_LENGTH,
    REPORT_DUE_MONTHS,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    AccountabilitySource,
    Escalation,
    InspectionKind,
    LedgerAction,
    MeasureKind,
    MeasureStatus,
    OutputKind,
    ProblemStatus,
    TargetComparison,
)
from ..models import (
    Accountability,
    AccountabilityType,
    Category,
    Inspection,
    LedgerEvent,
    Measure,
    MeasureOutput,
    Problem,
    ProgressEvidence,
    ProgressUpdate,
)
from . import permissions, workflow

# -- helpers --------------------------------------------------------------------------------


def _fail(errors: dict[str, list[str]]) -> None:
    if errors:
        messages = [m for ms in errors.values() for m in ms]
        raise InvalidInput("；".join(messages), errors=errors)


def _text(errors, field, value, label, *, max_length, required=True) -> str:
    value = str(value or "").strip()
    if required and not value:
        errors.setdefault(field, []).append(_("请填写%(label)s") % {"label": label})
    elif len(value) > max_length:
        errors.setdefault(field, []).append(
            _("%(label)s不能超过 %(n)s 个字") % {"label": label, "n": max_length}
        )
    return value


def _date(errors, field, value, label, *, required=True) -> date | None:
    if value in (None, ""):
        if required:
            errors.setdefault(field, []).append(_("请填写%(label)s") % {"label": label})
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            errors.setdefault(field, []).append(_("%(label)s格式不正确") % {"label": label})
            return None
    if not isinstance(value, date):
        errors.setdefault(field, []).append(_("%(label)s格式不正确") % {"label": label})
        return None
    return value


def _require(allowed: bool, message=None) -> None:
    if not allowed:
        raise PermissionDenied(message)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def report_due_on(feedback_on: date) -> date:
    months = int(getattr(settings, "RECTIFICATION_REPORT_DUE_MONTHS", REPORT_DUE_MONTHS))
    return add_months(feedback_on, months)


def _event(problem, action, *, measure=None, actor=None, note="") -> LedgerEvent:
    return LedgerEvent.objects.create(
        problem=problem, measure=measure, action=action, actor=actor, note=note
    )


def leaders():
    from onewindow.accounts.models import User

    return User.objects.filter(is_active=True, role_grants__role=Role.LEADER).distinct()


def unit_staff(department_id):
    from onewindow.accounts.models import User

    return User.objects.filter(
        is_active=True,
        department_id=department_id,
        role_grants__role__in=permissions.UNIT_STAFF_ROLES,
    ).distinct()


def _notify_all(users, *, subject, body, event, obj) -> None:
    for user in users:
        notify(user, subject=subject, body=body, event=event, obj=obj)


def _lock_measure(measure) -> Measure:
    return Measure.objects.select_related("problem", "responsible_unit").get(pk=measure.pk)


def _move(measure: Measure, action: str, target: str, **changes) -> Measure:
    """Conditional UPDATE from the transition's sources; Conflict when the row moved."""
    step = workflow.transition(action)
    current = Measure.objects.filter(pk=measure.pk).values_list("status", flat=True).first()
    if current is None:
        raise Conflict()
    if current not in step.sources:
        raise InvalidInput(step.refused)
    rows = Measure.objects.filter(pk=measure.pk, status=current).update(
        status=target, **sealed_update(Measure, changes)
    )
    if rows != 1:
        raise Conflict()
    return _lock_measure(measure)


# -- registering the ledger -------------------------------------------------------------------


@transaction.atomic
def create_inspection(
    *,
    title,
    round_name,
    inspection_group,
    inspected_unit,
    period_start,
    period_end,
    feedback_on,
    previous=None,
    kind=InspectionKind.XUNCHA,
    actor=None,
    request=None,
) -> Inspection:
    """One inspection round; the report is due REPORT_DUE_MONTHS (2) after the feedback."""
    if actor is not None:
        _require(permissions.may_manage(actor))
    errors: dict[str, list[str]] = {}
    title = _text(errors, "title", title, _("名称"), max_length=TITLE_MAX_LENGTH)
    round_name = _text(errors, "round_name", round_name, _("巡察轮次"), max_length=100)
    group = _text(errors, "inspection_group", inspection_group, _("巡察组"), max_length=100)
    unit = _text(errors, "inspected_unit", inspected_unit, _("被巡察单位"), max_length=100)
    start = _date(errors, "period_start", period_start, _("巡察开始日期"))
    end = _date(errors, "period_end", period_end, _("巡察结束日期"))
    feedback = _date(errors, "feedback_on", feedback_on, _("反馈日期"))
    if start and end and end < start:
        errors.setdefault("period_end", []).append(_("巡察结束日期不能早于开始日期"))
    if start and feedback and feedback < start:
        errors.setdefault("feedback_on", []).append(_("反馈日期不能早于巡察开始日期"))
    if kind not in InspectionKind.values:
        errors.setdefault("kind", []).append(_("请选择巡视或巡察"))
    if previous is not None and not isinstance(previous, Inspection):
        previous = Inspection.objects.filter(pk=previous).first()
        if previous is None:
            errors.setdefault("previous", []).append(_("上一轮巡察不存在"))
    _fail(errors)
    inspection = Inspection.objects.create(
        title=title,
        kind=kind,
        round_name=round_name,
        inspection_group=group,
        inspected_unit=unit,
        period_start=start,
        period_end=end,
        feedback_on=feedback,
        report_due_on=report_due_on(feedback),
        previous=previous,
    )
    record(
        "rectification.inspection_create",
        actor=actor,
        obj=inspection,
        after={"title": title, "feedback_on": feedback, "report_due_on": inspection.report_due_on},
        request=request,
        summary=title,
    )
    return inspection


@transaction.atomic
def add_category(
    inspection, *, title, parent=None, sort_order=None, actor=None, request=None
) -> Category:
    """A heading (方面) or, under ``parent``, a sub-category (类)."""
    if actor is not None:
        _require(permissions.may_manage(actor))
    errors: dict[str, list[str]] = {}
    title = _text(errors, "title", title, _("类别标题"), max_length=TITLE_MAX_LENGTH)
    if parent is not None and parent.inspection_id != inspection.pk:
        errors.setdefault("parent", []).append(_("上级类别不属于本次巡察"))
    _fail(errors)
    if sort_order is None:
        top = Category.objects.filter(inspection=inspection, parent=parent).aggregate(
            m=Max("sort_order")
        )["m"]
        sort_order = (top or 0) + 1
    category = Category.objects.create(
        inspection=inspection, parent=parent, title=title, sort_order=sort_order
    )
    record(
        "rectification.category_add",
        actor=actor,
        obj=category,
        after={"inspection": inspection.pk, "parent": getattr(parent, "pk", None), "title": title},
        request=request,
        summary=title,
    )
    return category


@transaction.atomic
def add_problem(
    inspection,
    *,
    category,
    number,
    title,
    description="",
    carried_over_from=None,
    actor=None,
    request=None,
) -> Problem:
    """A problem, numbered in the feedback's order (unique within the inspection).

    ``carried_over_from``: a problem of an earlier round's ledger (新官要理旧账).
    """
    if actor is not None:
        _require(permissions.may_manage(actor))
    errors: dict[str, list[str]] = {}
    title = _text(errors, "title", title, _("问题"), max_length=TITLE_MAX_LENGTH)
    description = _text(
        errors,
        "description",
        description,
        _("问题表现"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
    )
    if category is None:
        errors.setdefault("category", []).append(_("请选择问题类别"))
    elif category.inspection_id != inspection.pk:
        errors.setdefault("category", []).append(_("问题类别不属于本次巡察"))
    try:
        number = int(number)
        if number < 1:
            raise ValueError
    except (TypeError, ValueError):
        errors.setdefault("number", []).append(_("问题序号须为正整数"))
        number = None
    if number and Problem.objects.filter(inspection=inspection, number=number).exists():
        errors.setdefault("number", []).append(
            _("问题序号 %(n)s 已被使用，请检查反馈意见中的顺序") % {"n": number}
        )
    if carried_over_from is not None and carried_over_from.inspection_id == inspection.pk:
        errors.setdefault("carried_over_from", []).append(_("遗留问题须来自上一轮巡察"))
    _fail(errors)
    try:
        with transaction.atomic():
            problem = Problem.objects.create(
                inspection=inspection,
                category=category,
                number=number,
                title=title,
                description=description,
                carried_over_from=carried_over_from,
            )
    except IntegrityError as exc:  # the same number taken at the same moment
        raise InvalidInput(
            _("问题序号 %(n)s 已被使用，请检查反馈意见中的顺序") % {"n": number}, field="number"
        ) from exc
    _event(problem, LedgerAction.CREATED, actor=actor)
    if carried_over_from is not None:
        _event(
            problem,
            LedgerAction.CARRIED_OVER,
            actor=actor,
            note=_("上轮遗留问题：%(p)s") % {"p": carried_over_from},
        )
    record(
        "rectification.problem_add",
        actor=actor,
        obj=problem,
        after={
            "inspection": inspection.pk,
            "category": category.pk,
            "number": number,
            "title": title,
            "carried_over_from": getattr(carried_over_from, "pk", None),
        },
        request=request,
        summary=str(problem),
    )
    return problem


def _target(errors, target_metric, target_comparison, target_value):
    code = str(target_metric or "").strip()
    if not code:
        return "", "", None
    if code not in metrics.METRICS:
        errors.setdefault("target_metric", []).append(_("考核指标不存在"))
        return "", "", None
    comparison = target_comparison or TargetComparison.AT_LEAST
    if comparison not in TargetComparison.values:
        errors.setdefault("target_comparison", []).append(_("达标条件不正确"))
    try:
        value = Decimal(str(target_value)) if target_value not in (None, "") else None
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        errors.setdefault("target_value", []).append(_("绑定考核指标时须填写目标值"))
        value = None
    elif abs(value) >= Decimal("1e10"):
        errors.setdefault("target_value", []).append(_("目标值过大"))
    return code, comparison, value


@transaction.atomic
def add_measure(
    problem,
    *,
    content,
    kind,
    responsible_leader,
    responsible_unit,
    due_date,
    sort_order=None,
    target_metric="",
    target_comparison="",
    target_value=None,
    carried_over_from=None,
    actor=None,
    request=None,
) -> Measure:
    """A measure with its content, responsible leader and unit, due date and kind;
    optionally a target bound to a live figure (metrics.METRICS)."""
    if actor is not None:
        _require(permissions.may_manage(actor))
    errors: dict[str, list[str]] = {}
    content = _text(errors, "content", content, _("整改措施"), max_length=TEXT_MAX_LENGTH)
    if kind not in MeasureKind.values:
        errors.setdefault("kind", []).append(_("请选择整改类型（立行立改、限期整改或长期坚持）"))
    leader = _text(errors, "responsible_leader", responsible_leader, _("责任领导"), max_length=100)
    if responsible_unit is None:
        errors.setdefault("responsible_unit", []).append(_("请填写责任股室"))
    due = _date(errors, "due_date", due_date, _("完成时限"))
    code, comparison, value = _target(errors, target_metric, target_comparison, target_value)
    current = Problem.objects.filter(pk=problem.pk).values_list("status", flat=True).first()
    if current == ProblemStatus.CLOSED:
        errors.setdefault("__all__", []).append(
            _("该问题已销号，须先在回头看中重新打开才能增加措施")
        )
    if carried_over_from is not None and (
        carried_over_from.problem.inspection_id == problem.inspection_id
    ):
        errors.setdefault("carried_over_from", []).append(_("遗留措施须来自上一轮巡察"))
    _fail(errors)
    if sort_order is None:
        top = problem.measures.aggregate(m=Max("sort_order"))["m"]
        sort_order = (top or 0) + 1
    measure = Measure.objects.create(
        problem=problem,
        sort_order=sort_order,
        content=content,
        kind=kind,
        responsible_leader=leader,
        responsible_unit=responsible_unit,
        due_date=due,
        target_metric=code,
        target_comparison=comparison,
        target_value=value,
        carried_over_from=carried_over_from,
    )
    _event(problem, LedgerAction.CREATED, measure=measure, actor=actor)
    if carried_over_from is not None:
        _event(
            problem,
            LedgerAction.CARRIED_OVER,
            measure=measure,
            actor=actor,
            note=_("上轮遗留措施：%(m)s") % {"m": carried_over_from},
        )
    record(
        "rectification.measure_add",
        actor=actor,
        obj=measure,
        after={
            "problem": problem.pk,
            "kind": kind,
            "unit": responsible_unit.pk,
            "leader": leader,
            "due_date": due,
            "target": [code, comparison, value] if code else None,
        },
        request=request,
        summary=content[:60],
    )
    return measure


@transaction.atomic
def carry_over(problem, into_inspection, *, category, number, actor=None, request=None):
    """Bring an earlier round's problem and its unfinished measures into ``into_inspection``
    (新官要理旧账): a new problem pointing at the old one, each open measure copied."""
    new = add_problem(
        into_inspection,
        category=category,
        number=number,
        title=problem.title,
        description=problem.description,
        carried_over_from=problem,
        actor=actor,
        request=request,
    )
    for old in problem.measures.select_related("responsible_unit").exclude(
        status__in=workflow.DONE
    ):
        add_measure(
            new,
            content=old.content,
            kind=old.kind,
            responsible_leader=old.responsible_leader,
            responsible_unit=old.responsible_unit,
            due_date=old.due_date,
            target_metric=old.target_metric,
            target_comparison=old.target_comparison,
            target_value=old.target_value,
            carried_over_from=old,
            actor=actor,
            request=request,
        )
    return new


# -- progress ---------------------------------------------------------------------------------


def max_evidence_files() -> int:
    return int(getattr(settings, "RECTIFICATION_EVIDENCE_MAX_FILES", 10))


def _check_files(files) -> list:
    from onewindow.cases.intake import uploads

    files = [f for f in (files or []) if f]
    if len(files) > max_evidence_files():
        raise InvalidInput(
            _("每次报送最多上传 %(n)s 个佐证材料。") % {"n": max_evidence_files()},
            field="files",
        )
    checked = []
    for uploaded in files:
        try:
            checked.append(uploads.check_file(uploaded))
        except InvalidInput as exc:
            name = uploads.clean_name(getattr(uploaded, "name", ""))
            raise InvalidInput(f"{name}：{exc.message}", field="files") from exc
    return checked


def report_progress(measure, text, files, actor, *, request=None) -> ProgressUpdate:
    """The unit reports what was done, with evidence files (PDF, images, Office, OFD)."""
    _require(permissions.may_report(actor, measure))
    errors: dict[str, list[str]] = {}
    text = _text(errors, "text", text, _("进展情况"), max_length=TEXT_MAX_LENGTH)
    _fail(errors)
    checked = _check_files(files)
    with removed_on_error() as written, transaction.atomic():
        measure = _move(measure, "progress", MeasureStatus.IN_PROGRESS)
        update = ProgressUpdate.objects.create(measure=measure, text=text, author=actor)
        for upload in checked:
            evidence = ProgressEvidence(
                update=update,
                original_name=upload.name,
                content_type=upload.content_type,
                size=upload.size,
                sha256=upload.sha256,
            )
            save_on_commit(evidence.file, upload.data, written=written)
            evidence.save()
        _event(
            measure.problem,
            LedgerAction.PROGRESS,
            measure=measure,
            actor=actor,
            note=text[:500],
        )
        record(
            "rectification.progress",
            actor=actor,
            obj=measure,
            after={
                "update": update.pk,
                "files": [{"name": u.name, "sha256": u.sha256, "size": u.size} for u in checked],
            },
            request=request,
            summary=text[:60],
        )
    return update


def _since_reopening(measure):
    last = (
        LedgerEvent.objects.filter(measure=measure, action=LedgerAction.REOPENED)
        .order_by("-created_at", "-pk")
        .values_list("created_at", flat=True)
        .first()
    )
    evidence = ProgressEvidence.objects.filter(update__measure=measure)
    return evidence.filter(update__created_at__gt=last) if last else evidence


def require_evidence(measure) -> None:
    if not _since_reopening(measure).exists():
        raise InvalidInput(_("销号须有佐证材料：请先报送整改进展并上传佐证材料。"), field="files")


@transaction.atomic
def submit_close_out(measure, actor, note="", *, request=None) -> Measure:
    """The unit asks for close-out (申请销号); refused without evidence."""
    _require(permissions.may_report(actor, measure))
    note = str(note or "").strip()[:REASON_MAX_LENGTH]
    require_evidence(measure)
    measure = _move(measure, "submit", MeasureStatus.SUBMITTED)
    _event(measure.problem, LedgerAction.SUBMITTED, measure=measure, actor=actor, note=note)
    record("rectification.submit", actor=actor, obj=measure, after={"note": note}, request=request)
    _notify_all(
        leaders(),
        subject=_("整改措施申请销号"),
        body=_("问题 %(p)s 的整改措施“%(m)s”已申请销号，请验收。")
        % {"p": measure.problem.number, "m": measure.content[:40]},
        event="rectification.submitted",
        obj=measure,
    )
    return measure


def confirmation_required() -> bool:
    return bool(getattr(settings, "RECTIFICATION_REQUIRE_CONFIRMATION", False))


def _figure_text(measure, value) -> str:
    metric = metrics.METRICS[measure.target_metric]
    shown = "—" if value is None else f"{value}{metric.unit}"
    condition = TargetComparison(measure.target_comparison or TargetComparison.AT_LEAST).label
    return _("%(label)s当前为 %(value)s，目标%(cond)s %(target)s%(unit)s") % {
        "label": metric.label,
        "value": shown,
        "cond": condition,
        "target": measure.target_value,
        "unit": metric.unit,
    }


@transaction.atomic
def accept_close_out(measure, actor, note="", target_unmet_reason="", *, request=None) -> Measure:
    """A leader accepts the close-out (领导验收). Closed at once, or after the inspection
    office's confirmation when RECTIFICATION_REQUIRE_CONFIRMATION is on.

    A measure bound to a live figure that is not met (or has no data) closes only with a
    recorded ``target_unmet_reason``.
    """
    _require(permissions.may_accept(actor), _("只有局领导或党组成员才能验收销号"))
    note = str(note or "").strip()
    reason = str(target_unmet_reason or "").strip()
    if len(note) > TEXT_MAX_LENGTH:
        raise InvalidInput(_("验收意见过长"), field="note")
    if len(reason) > REASON_MAX_LENGTH:
        raise InvalidInput(
            _("未达标销号理由不能超过 %(n)s 个字") % {"n": REASON_MAX_LENGTH},
            field="target_unmet_reason",
        )
    measure = _lock_measure(measure)
    if not workflow.allowed("accept", measure.status):
        raise InvalidInput(workflow.transition("accept").refused)
    require_evidence(measure)
    value, met = metrics.live_figure(measure)
    figure = _figure_text(measure, value) if measure.target_metric else ""
    if measure.target_metric and met is not True and not reason:
        if met is None:
            message = _("%(figure)s，暂无数据可核验；销号须填写未达标（无法核验）理由。")
        else:
            message = _("%(figure)s，尚未达标；销号须填写未达标理由。")
        raise InvalidInput(message % {"figure": figure}, field="target_unmet_reason")
    if met is True:
        reason = ""
    now = timezone.now()
    close = not confirmation_required()
    target = MeasureStatus.CLOSED if close else MeasureStatus.ACCEPTED
    measure = _move(
        measure,
        "accept",
        target,
        accepted_by=actor,
        accepted_at=now,
        acceptance_note=note,
        target_unmet_reason=reason,
        closed_at=now if close else None,
    )
    event_note = "；".join(x for x in (note, figure, reason and _("未达标理由：") + reason) if x)
    _event(measure.problem, LedgerAction.ACCEPTED, measure=measure, actor=actor, note=event_note)
    if close:
        _event(measure.problem, LedgerAction.CLOSED, measure=measure, actor=actor)
    record(
        "rectification.accept",
        actor=actor,
        obj=measure,
        before={"status": MeasureStatus.SUBMITTED},
        after={
            "status": target,
            "note": note,
            "live_figure": value,
            "met": met,
            "target_unmet_reason": reason,
        },
        request=request,
    )
    if close:
        _close_problem_if_done(measure.problem, actor)
    return measure


@transaction.atomic
def return_close_out(measure, actor, reason, *, request=None) -> Measure:
    """A leader sends a close-out request back to the unit (退回), with reasons."""
    _require(permissions.may_accept(actor), _("只有局领导或党组成员才能退回销号申请"))
    errors: dict[str, list[str]] = {}
    reason = _text(errors, "reason", reason, _("退回理由"), max_length=REASON_MAX_LENGTH)
    _fail(errors)
    measure = _move(measure, "return", MeasureStatus.IN_PROGRESS)
    _event(measure.problem, LedgerAction.REJECTED, measure=measure, actor=actor, note=reason)
    record(
        "rectification.return", actor=actor, obj=measure, after={"reason": reason}, request=request
    )
    _notify_all(
        unit_staff(measure.responsible_unit_id),
        subject=_("销号申请被退回"),
        body=_("整改措施“%(m)s”的销号申请被退回：%(r)s") % {"m": measure.content[:40], "r": reason},
        event="rectification.returned",
        obj=measure,
    )
    return measure


@transaction.atomic
def confirm_close_out(measure, actor, note="", *, request=None) -> Measure:
    """The inspection office (派驻纪检监察组) confirms an accepted close-out."""
    _require(permissions.may_confirm(actor), _("只有巡察办才能确认销号"))
    note = str(note or "").strip()[:TEXT_MAX_LENGTH]
    measure = _lock_measure(measure)
    if measure.status == MeasureStatus.CLOSED and measure.confirmed_by_id:
        raise InvalidInput(_("该措施的销号已确认"))
    was_closed = measure.status == MeasureStatus.CLOSED
    now = timezone.now()
    changes = {"confirmed_by": actor, "confirmed_at": now}
    if not was_closed:
        changes["closed_at"] = now
    measure = _move(measure, "confirm", MeasureStatus.CLOSED, **changes)
    _event(measure.problem, LedgerAction.CONFIRMED, measure=measure, actor=actor, note=note)
    if not was_closed:
        _event(measure.problem, LedgerAction.CLOSED, measure=measure, actor=actor)
    record("rectification.confirm", actor=actor, obj=measure, after={"note": note}, request=request)
    _close_problem_if_done(measure.problem, actor)
    return measure


def _close_problem_if_done(problem, actor) -> bool:
    statuses = list(problem.measures.values_list("status", flat=True))
    if not statuses or any(s != MeasureStatus.CLOSED for s in statuses):
        return False
    rows = (
        Problem.objects.filter(pk=problem.pk)
        .exclude(status=ProblemStatus.CLOSED)
        .update(status=ProblemStatus.CLOSED, closed_at=timezone.now())
    )
    if rows:
        _event(problem, LedgerAction.CLOSED, actor=actor, note=_("全部整改措施已销号"))
        record(
            "rectification.problem_close",
            actor=actor,
            obj=problem,
            after={"status": ProblemStatus.CLOSED},
        )
    return bool(rows)


# -- 回头看 ------------------------------------------------------------------------------------


def _reopen_measure(measure, reason, actor, due_date, request) -> Measure:
    changes = {
        "escalation": Escalation.NONE,
        "closed_at": None,
        "accepted_by": None,
        "accepted_at": None,
        "confirmed_by": None,
        "confirmed_at": None,
    }
    if due_date is not None:
        changes["due_date"] = due_date
    before = {"status": measure.status, "due_date": measure.due_date}
    measure = _move(measure, "reopen", MeasureStatus.REOPENED, **changes)
    _event(measure.problem, LedgerAction.REOPENED, measure=measure, actor=actor, note=reason)
    record(
        "rectification.reopen",
        actor=actor,
        obj=measure,
        before=before,
        after={"status": MeasureStatus.REOPENED, "reason": reason, "due_date": measure.due_date},
        request=request,
    )
    return measure


@transaction.atomic
def reopen(problem_or_measure, reason, actor, *, due_date=None, request=None):
    """A follow-up review (回头看) reopens a closed problem (with its closed measures) or a
    closed measure (and its problem), with reasons; ``due_date`` sets a new deadline."""
    _require(permissions.may_reopen(actor), _("只有局领导、党组成员或巡察办才能在回头看中重新打开"))
    errors: dict[str, list[str]] = {}
    reason = _text(errors, "reason", reason, _("重新打开的理由"), max_length=REASON_MAX_LENGTH)
    due = _date(errors, "due_date", due_date, _("新的完成时限"), required=False)
    _fail(errors)
    if isinstance(problem_or_measure, Measure):
        measure = _reopen_measure(_lock_measure(problem_or_measure), reason, actor, due, request)
        problem = measure.problem
        if problem.status == ProblemStatus.CLOSED:
            Problem.objects.filter(pk=problem.pk, status=ProblemStatus.CLOSED).update(
                status=ProblemStatus.REOPENED, closed_at=None
            )
            _event(problem, LedgerAction.REOPENED, actor=actor, note=reason)
        return measure
    problem = problem_or_measure
    rows = Problem.objects.filter(pk=problem.pk, status=ProblemStatus.CLOSED).update(
        status=ProblemStatus.REOPENED, closed_at=None
    )
    if rows != 1:
        raise InvalidInput(_("只有已销号的问题才能在回头看中重新打开"))
    _event(problem, LedgerAction.REOPENED, actor=actor, note=reason)
    record(
        "rectification.problem_reopen",
        actor=actor,
        obj=problem,
        after={"reason": reason},
        request=request,
    )
    for measure in problem.measures.filter(status__in=workflow.DONE):
        _reopen_measure(measure, reason, actor, due, request)
    problem.refresh_from_db()
    return problem


# -- outputs and accountability ---------------------------------------------------------------


@transaction.atomic
def add_output(
    measure, *, kind, title, document_number="", issued_on=None, actor=None, request=None
) -> MeasureOutput:
    """A rule (制度) or document a measure produced."""
    if actor is not None:
        _require(permissions.may_report(actor, measure))
    errors: dict[str, list[str]] = {}
    if kind not in OutputKind.values:
        errors.setdefault("kind", []).append(_("请选择成果类型"))
    title = _text(errors, "title", title, _("成果名称"), max_length=TITLE_MAX_LENGTH)
    number = _text(
        errors, "document_number", document_number, _("文号"), max_length=100, required=False
    )
    issued = _date(errors, "issued_on", issued_on, _("印发日期"), required=False)
    _fail(errors)
    output = MeasureOutput.objects.create(
        measure=measure, kind=kind, title=title, document_number=number, issued_on=issued
    )
    record(
        "rectification.output_add",
        actor=actor,
        obj=output,
        after={"measure": measure.pk, "kind": kind, "title": title},
        request=request,
        summary=title,
    )
    return output


def accountability_types(*, active_only=True):
    """The office's list of forms (问责方式), in its order."""
    qs = AccountabilityType.objects.all()
    return qs.filter(active=True) if active_only else qs


@transaction.atomic
def add_accountability(
    problem,
    *,
    person_name,
    kind,
    decided_on,
    position="",
    document_number="",
    note="",
    actor=None,
    request=None,
) -> Accountability:
    """A person held to account for a problem, in one of the office's forms (通报批评,
    诫勉谈话, 第一种形态, ...), with the decision's date and document."""
    if actor is not None:
        _require(permissions.may_hold_to_account(actor))
    errors: dict[str, list[str]] = {}
    name = _text(errors, "person_name", person_name, _("被问责人"), max_length=50)
    position = _text(errors, "position", position, _("职务"), max_length=100, required=False)
    if not accountability_types().filter(code=kind).exists():
        errors.setdefault("kind", []).append(_("请选择问责方式"))
    decided = _date(errors, "decided_on", decided_on, _("问责日期"))
    if decided and decided > timezone.localdate():
        errors.setdefault("decided_on", []).append(_("问责日期不能晚于今天"))
    document = _text(
        errors, "document_number", document_number, _("决定文号"), max_length=100, required=False
    )
    note = _text(errors, "note", note, _("说明"), max_length=TEXT_MAX_LENGTH, required=False)
    _fail(errors)
    row = Accountability.objects.create(
        problem=problem,
        person_name=name,
        position=position,
        kind=kind,
        decided_on=decided,
        document_number=document,
        note=note,
    )
    record(
        "rectification.accountability_add",
        actor=actor,
        obj=row,
        after={"problem": problem.pk, "kind": kind, "decided_on": decided},
        request=request,
    )
    return row


@transaction.atomic
def add_accountability_type(actor, *, name, request=None) -> AccountabilityType:
    """The office (or a leader, the discipline officer) adds a form in its own words."""
    _require(permissions.may_edit_accountability_types(actor))
    errors: dict[str, list[str]] = {}
    name = _text(errors, "name", name, _("问责方式名称"), max_length=50)
    if name and AccountabilityType.objects.filter(name=name).exists():
        errors.setdefault("name", []).append(_("已有同名的问责方式"))
    _fail(errors)
    last = AccountabilityType.objects.order_by("-sort_order").first()
    row = AccountabilityType.objects.create(
        code=f"bureau_{secrets.token_hex(4)}",
        name=name,
        source=AccountabilitySource.BUREAU,
        sort_order=(last.sort_order if last else 0) + 10,
    )
    record(
        "rectification.accountability_type_add",
        actor=actor,
        obj=row,
        after={"code": row.code, "name": name},
        request=request,
        summary=name,
    )
    return row


@transaction.atomic
def rename_accountability_type(actor, row, *, name, active=True, request=None):
    """Word a form as the office does (the report's counts use the new name)."""
    _require(permissions.may_edit_accountability_types(actor))
    errors: dict[str, list[str]] = {}
    name = _text(errors, "name", name, _("问责方式名称"), max_length=50)
    if name and AccountabilityType.objects.filter(name=name).exclude(pk=row.pk).exists():
        errors.setdefault("name", []).append(_("已有同名的问责方式"))
    _fail(errors)
    before = {"name": row.name, "active": row.active}
    row.name, row.active = name, bool(active)
    row.save(update_fields=["name", "active"])
    record(
        "rectification.accountability_type_change",
        actor=actor,
        obj=row,
        before=before,
        after={"name": name, "active": row.active},
        request=request,
        summary=name,
    )
    return row


def scan_overdue(today=None):
    """The daily escalation of overdue measures (see escalation.py)."""
    from .escalation import scan_overdue as _scan

    return _scan(today)
