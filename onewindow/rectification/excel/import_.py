"""Import a ledger workbook (整改台账) as a new inspection: all of it or nothing.

reading.py turns the workbook into a plan (labels, names and dates mapped, every cell
error collected by sheet, row and column). Here every row then goes through the ledger's
own services (create_inspection, add_category, add_problem, add_measure, add_output,
add_accountability) inside ONE transaction, so the import checks exactly what a form does;
their refusals are put on the row and column they are about and the next row goes on, so
that one upload shows every error. Any error at all rolls the whole transaction back:
nothing is saved. The states, progress lines and close-out times a workbook carries are
history (a ledger kept before the platform) and are set after the measures are created.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.core.audit import deferred, record
from onewindow.core.audit.constants import register_action_labels
from onewindow.core.errors import InvalidInput, PermissionDenied

from ..constants import LedgerAction, MeasureStatus
from ..ledger import permissions
from ..ledger import services as ledger
from ..models import Inspection, LedgerEvent, Measure, ProgressUpdate
from . import layout as L
from .reading import Plan, RowError, _Errors, read_plan

register_action_labels({"rectification.ledger_import": gettext_lazy("Excel 导入整改台账")})

# The services' field names -> the workbook column they come from.
_MEASURE_FIELDS = {"target_metric": "note", "target_comparison": "note", "target_value": "note"}
_INFO_ORDER = {str(t): i for i, t in enumerate(L.SHEET_TITLES)}


class ImportRefused(InvalidInput):
    """The workbook has errors; ``row_errors`` lists every one of them."""

    def __init__(self, row_errors: list[RowError]):
        self.row_errors = row_errors
        super().__init__(_("工作簿中有 %(n)s 处错误，未导入任何内容。") % {"n": len(row_errors)})


class _Rollback(Exception):
    pass


def import_ledger(file, actor, *, request=None) -> Inspection:
    """Create the workbook's inspection with its whole ledger in one transaction.

    Raises PermissionDenied unless the actor is a leader or party-group member,
    InvalidInput for an unsafe or unreadable file, ImportRefused (an InvalidInput) with
    every row error; in every refusal nothing is saved.
    """
    if not permissions.may_manage(actor):
        raise PermissionDenied(_("只有局领导和党组成员可以导入整改台账"))
    inspection, errors = _run(file, actor, request, keep=True)
    if errors:
        raise ImportRefused(errors)
    return inspection


def validate_only(file, actor=None) -> list[RowError]:
    """Every error of the workbook; nothing is kept, whatever the result."""
    return _run(file, actor, None, keep=False)[1]


def _run(file, actor, request, *, keep: bool):
    plan = read_plan(file)
    if not plan.sound:
        return None, _ordered(plan.errors.items)
    inspection = None
    try:
        with translation.override(L.WORKBOOK_LANGUAGE), transaction.atomic(), deferred():
            inspection = _Writer(plan, actor, request).write()
            if plan.errors.items or not keep:
                raise _Rollback
            record(
                "rectification.ledger_import",
                actor=actor,
                obj=inspection,
                request=request,
                after=_summary(plan),
                summary=_("Excel 导入整改台账：%(title)s，%(n)s 个问题")
                % {"title": inspection.title, "n": len(plan.problems)},
            )
    except _Rollback:
        inspection = None
    return inspection, _ordered(plan.errors.items)


def _summary(plan: Plan) -> dict:
    return {
        "categories": len(plan.categories),
        "problems": len(plan.problems),
        "measures": sum(len(p.measures) for p in plan.problems),
        "accountabilities": sum(len(p.accountabilities) for p in plan.problems),
    }


def _ordered(errors: list[RowError]) -> list[RowError]:
    return sorted(
        errors, key=lambda e: (_INFO_ORDER.get(e.sheet, -1), e.row, len(e.column), e.column)
    )


class _Writer:
    def __init__(self, plan: Plan, actor, request):
        self.plan = plan
        self.errors: _Errors = plan.errors
        self.actor = actor
        self.request = request
        self.now = timezone.now()

    def refused(self, exc: InvalidInput, sheet: L.Sheet, row: int, positions, reported, fields):
        """Put the services' messages on the row and the column each one is about."""
        by_field = exc.errors or {"__all__": [exc.message]}
        for name, messages in by_field.items():
            key = fields.get(name, name)
            if key in reported:
                continue
            column = next((c for c in sheet.columns if c.key == key), None)
            for message in messages:
                self.errors.add(
                    sheet.title,
                    row,
                    positions.get(key) if column else None,
                    column.header if column else "",
                    _("第%(row)s行：%(msg)s") % {"row": row, "msg": message},
                )

    def write(self) -> Inspection:
        info = self.plan.info
        try:
            inspection = ledger.create_inspection(
                **{k: info.get(k) for k in _INSPECTION_FIELDS},
                actor=self.actor,
                request=self.request,
            )
        except InvalidInput as exc:
            self._info_refused(exc)
            # The import is refused already; a stand-in inspection (rolled back with the
            # rest) lets the ledger's rows still be checked, so every error shows at once.
            day = timezone.localdate()
            inspection = Inspection.objects.create(
                title="-",
                round_name="-",
                inspection_group="-",
                inspected_unit="-",
                period_start=day,
                period_end=day,
                feedback_on=day,
                report_due_on=day,
            )
        if info.get("report_due_on"):
            Inspection.objects.filter(pk=inspection.pk).update(report_due_on=info["report_due_on"])
            inspection.report_due_on = info["report_due_on"]
        categories = {}
        for order, path in enumerate(self.plan.categories, start=1):
            categories[path] = ledger.add_category(
                inspection,
                title=path[-1],
                parent=categories[path[:1]] if len(path) == 2 else None,
                sort_order=order,
                actor=self.actor,
                request=self.request,
            )
        for problem_plan in self.plan.problems:
            self._problem(inspection, categories[problem_plan.category], problem_plan)
        return inspection

    def _info_refused(self, exc: InvalidInput) -> None:
        rows = self.plan.info_rows
        labels = {key: label for key, label, _k, _r in L.INFO_FIELDS}
        for name, messages in (exc.errors or {"__all__": [exc.message]}).items():
            if name in self.plan.info_reported:
                continue
            for message in messages:
                self.errors.add(L.INFO_TITLE, rows.get(name, 0), 1, labels.get(name, ""), message)

    def _problem(self, inspection, category, plan) -> None:
        try:
            problem = ledger.add_problem(
                inspection,
                category=category,
                number=plan.number,
                title=plan.title,
                description=plan.description,
                actor=self.actor,
                request=self.request,
            )
        except InvalidInput as exc:
            self.refused(exc, L.LEDGER, plan.row, plan.positions, set(), {})
            return
        measures = []
        for order, measure_plan in enumerate(plan.measures, start=1):
            measure = self._measure(problem, order, measure_plan)
            if measure is not None:
                measures.append(measure)
        for item in plan.accountabilities:
            try:
                ledger.add_accountability(
                    problem, **item.values, actor=self.actor, request=self.request
                )
            except InvalidInput as exc:
                self.refused(exc, L.ACCOUNTABILITY, item.row, item.positions, item.reported, {})
        if measures and all(m.status == MeasureStatus.CLOSED for m in measures):
            ledger._close_problem_if_done(problem, self.actor)

    def _measure(self, problem, order: int, plan) -> Measure | None:
        try:
            measure = ledger.add_measure(
                problem,
                content=plan.content,
                kind=plan.kind,
                responsible_leader=plan.responsible_leader,
                responsible_unit=plan.unit,
                due_date=plan.due_date,
                sort_order=order,
                **plan.target,
                actor=self.actor,
                request=self.request,
            )
        except InvalidInput as exc:
            self.refused(exc, L.LEDGER, plan.row, plan.positions, plan.reported, _MEASURE_FIELDS)
            return None
        for output in plan.outputs:
            try:
                ledger.add_output(measure, **output, actor=self.actor, request=self.request)
            except InvalidInput as exc:
                fields = dict.fromkeys(("kind", "title", "document_number", "issued_on"), "outputs")
                self.refused(exc, L.LEDGER, plan.row, plan.positions, plan.reported, fields)
        if plan.progress:
            ProgressUpdate.objects.bulk_create(
                [
                    ProgressUpdate(measure=measure, text=text, author=self.actor)
                    for text in plan.progress
                ]
            )
        if plan.status != MeasureStatus.PLANNED:
            self._set_status(measure, plan.status)
        return measure

    def _set_status(self, measure: Measure, status: str) -> None:
        """The state the workbook records (history kept before the platform)."""
        changes = {"status": status}
        if status == MeasureStatus.CLOSED:
            changes["closed_at"] = self.now
        Measure.objects.filter(pk=measure.pk, status=MeasureStatus.PLANNED).update(**changes)
        for name, value in changes.items():
            setattr(measure, name, value)
        LedgerEvent.objects.create(
            problem=measure.problem,
            measure=measure,
            action=LedgerAction.CLOSED if status == MeasureStatus.CLOSED else LedgerAction.PROGRESS,
            actor=self.actor,
            note=_("Excel 台账导入时的完成情况：%(status)s")
            % {"status": MeasureStatus(status).label},
        )


_INSPECTION_FIELDS = (
    "title",
    "round_name",
    "inspection_group",
    "inspected_unit",
    "period_start",
    "period_end",
    "feedback_on",
)

__all__ = ["ImportRefused", "RowError", "import_ledger", "read_plan", "validate_only"]
