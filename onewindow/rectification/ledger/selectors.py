"""Every read of the ledger, scoped to the viewer (permissions.py).

Leaders, party members, discipline officers and supervisors see every inspection; staff
of a responsible unit see their unit's measures (and the problems those belong to);
anyone else gets NotFound (404). One inspection's ledger is read in a fixed number of
queries whatever its size (select_related / prefetch_related / aggregates).
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from onewindow.core.errors import NotFound

from .. import metrics
from ..constants import LedgerAction, MeasureStatus, ProblemStatus
from ..models import (
    Accountability,
    AccountabilityType,
    Category,
    Inspection,
    LedgerEvent,
    Measure,
    Problem,
    ProgressEvidence,
    ProgressUpdate,
)
from . import permissions, workflow

PER_PAGE = 30


def _id(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise NotFound() from None
    if not 0 < number < 2**31:
        raise NotFound()
    return number


def percent(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


# -- scope ------------------------------------------------------------------------------------


def visible_measures(user):
    qs = Measure.objects.select_related("problem", "problem__inspection", "responsible_unit")
    if permissions.sees_all(user):
        return qs
    unit = permissions.unit_of(user)
    if unit is None:
        return qs.none()
    return qs.filter(responsible_unit_id=unit)


def require_any_access(user) -> None:
    if not permissions.sees_all(user) and permissions.unit_of(user) is None:
        raise NotFound()


def inspections_page(user, page=1):
    """The inspections with their counts (leaders and the others who see everything)."""
    if not permissions.sees_all(user):
        return None
    qs = Inspection.objects.annotate(
        n_problems=Count("problems", distinct=True),
        n_problems_closed=Count(
            "problems", filter=Q(problems__status=ProblemStatus.CLOSED), distinct=True
        ),
        n_measures=Count("problems__measures", distinct=True),
        n_measures_closed=Count(
            "problems__measures",
            filter=Q(problems__measures__status=MeasureStatus.CLOSED),
            distinct=True,
        ),
    ).order_by("-feedback_on", "-pk")
    return Paginator(qs, PER_PAGE).get_page(page)


def unit_measures_page(user, page=1):
    """The measures of the viewer's unit (责任股室), open ones first."""
    unit = permissions.unit_of(user)
    if unit is None:
        return None
    qs = (
        visible_measures(user)
        .filter(responsible_unit_id=unit)
        .order_by("closed_at", "due_date", "pk")
    )
    return Paginator(qs, PER_PAGE).get_page(page)


def inspection_for(user, pk) -> Inspection:
    if not permissions.sees_all(user):
        raise NotFound()
    inspection = Inspection.objects.filter(pk=_id(pk)).first()
    if inspection is None:
        raise NotFound()
    return inspection


def problem_for(user, pk) -> Problem:
    problem = (
        Problem.objects.select_related("inspection", "category", "carried_over_from__inspection")
        .filter(pk=_id(pk))
        .first()
    )
    if problem is None:
        raise NotFound()
    if permissions.sees_all(user):
        return problem
    unit = permissions.unit_of(user)
    if unit is None or not problem.measures.filter(responsible_unit_id=unit).exists():
        raise NotFound()
    return problem


def measure_for(user, pk) -> Measure:
    measure = (
        Measure.objects.select_related(
            "problem",
            "problem__inspection",
            "problem__category",
            "responsible_unit",
            "accepted_by",
            "confirmed_by",
            "carried_over_from__problem__inspection",
        )
        .filter(pk=_id(pk))
        .first()
    )
    if measure is None or not permissions.may_see_measure(user, measure):
        raise NotFound()
    return measure


def evidence_for(user, pk) -> ProgressEvidence:
    evidence = ProgressEvidence.objects.select_related("update__measure").filter(pk=_id(pk)).first()
    if evidence is None or not permissions.may_see_measure(user, evidence.update.measure):
        raise NotFound()
    return evidence


# -- one measure, one problem -----------------------------------------------------------------


def measure_updates(measure):
    return list(
        ProgressUpdate.objects.filter(measure=measure)
        .select_related("author")
        .prefetch_related("evidence")
        .order_by("created_at", "pk")
    )


def events_of(problem=None, measure=None):
    qs = LedgerEvent.objects.select_related("actor", "measure")
    qs = qs.filter(measure=measure) if measure is not None else qs.filter(problem=problem)
    return list(qs.order_by("created_at", "pk"))


def problem_measures(problem):
    return list(problem.measures.select_related("responsible_unit").prefetch_related("outputs"))


def accountabilities(problem):
    return list(Accountability.objects.filter(problem=problem))


# -- the ledger of one inspection -------------------------------------------------------------


@dataclass
class Node:
    category: Category
    depth: int = 0
    problems: list = field(default_factory=list)
    children: list = field(default_factory=list)
    measures: int = 0
    closed: int = 0

    @property
    def percent(self):
        return percent(self.closed, self.measures)


def _measure_queryset():
    return Measure.objects.select_related("responsible_unit").prefetch_related("outputs")


def ledger_tree(inspection, *, today: date | None = None) -> list[Node]:
    """Categories (nested) with their problems and measures, and progress per category.

    Each measure gets ``live`` = (value, met) when it is bound to a figure; each figure is
    computed once per page.
    """
    today = today or timezone.localdate()
    categories = list(Category.objects.filter(inspection=inspection).order_by("sort_order", "pk"))
    problems = list(
        Problem.objects.filter(inspection=inspection)
        .select_related("carried_over_from__inspection")
        .prefetch_related(Prefetch("measures", queryset=_measure_queryset()))
        .annotate(n_accountable=Count("accountabilities"))
        .order_by("number")
    )
    cache: dict = {}
    nodes = {c.pk: Node(category=c) for c in categories}
    for problem in problems:
        problem.measure_list = list(problem.measures.all())
        for measure in problem.measure_list:
            measure.live = metrics.live_figure(measure, today, cache=cache)
            measure.metric = metrics.METRICS.get(measure.target_metric)
            measure.overdue = measure.due_date < today and measure.status not in workflow.DONE
        problem.closed_count = sum(m.status == MeasureStatus.CLOSED for m in problem.measure_list)
        problem.percent = percent(problem.closed_count, len(problem.measure_list))
        node = nodes.get(problem.category_id)
        if node is not None:
            node.problems.append(problem)
    roots = []
    for category in categories:
        node = nodes[category.pk]
        parent = nodes.get(category.parent_id)
        (parent.children if parent else roots).append(node)

    def total(node: Node, depth: int) -> tuple[int, int]:
        node.depth = depth
        measures = sum(len(p.measure_list) for p in node.problems)
        closed = sum(p.closed_count for p in node.problems)
        for child in node.children:
            m, c = total(child, depth + 1)
            measures, closed = measures + m, closed + c
        node.measures, node.closed = measures, closed
        return measures, closed

    for root in roots:
        total(root, 0)
    return roots


def flatten(nodes: list[Node]) -> list[Node]:
    out = []
    for node in nodes:
        out.append(node)
        out.extend(flatten(node.children))
    return out


def ledger_counts(inspection) -> dict:
    """The counts the progress report states ("N个方面M个问题，已完成X个，正在推进Y个")."""
    problems = Problem.objects.filter(inspection=inspection).aggregate(
        total=Count("pk"), closed=Count("pk", filter=Q(status=ProblemStatus.CLOSED))
    )
    measures = Measure.objects.filter(problem__inspection=inspection).aggregate(
        total=Count("pk"), closed=Count("pk", filter=Q(status=MeasureStatus.CLOSED))
    )
    records = Accountability.objects.filter(problem__inspection=inspection)
    by_kind = {
        row["kind"]: row["n"]
        for row in records.values("kind").annotate(n=Count("pk")).order_by("kind")
    }
    # The counts by form as the office words them, in the office's order (a record whose
    # form was since removed from the list keeps its code as its name).
    names = dict(AccountabilityType.objects.values_list("code", "name"))
    order = list(AccountabilityType.objects.values_list("code", flat=True))
    by_form = [
        {"code": code, "name": names.get(code, code), "count": by_kind[code]}
        for code in sorted(by_kind, key=lambda c: (order.index(c) if c in order else len(order), c))
    ]
    categories = Category.objects.filter(inspection=inspection)
    return {
        "categories": categories.filter(parent=None).count(),
        "subcategories": categories.exclude(parent=None).count(),
        "problems": problems["total"],
        "problems_closed": problems["closed"],
        "problems_open": problems["total"] - problems["closed"],
        "measures": measures["total"],
        "measures_closed": measures["closed"],
        "people_held_to_account": records.values("person_name").distinct().count(),
        "accountability_by_kind": by_kind,
        "accountability_by_form": by_form,
    }


def progress_over_time(inspection) -> list[dict]:
    """Measures and problems closed, day by day, from the ledger's timeline (LedgerEvent):
    +1 at each close-out, −1 at each 回头看 reopening. Starts at the feedback date with 0."""
    total = Measure.objects.filter(problem__inspection=inspection).count()
    events = (
        LedgerEvent.objects.filter(
            problem__inspection=inspection,
            action__in=(LedgerAction.CLOSED, LedgerAction.REOPENED),
        )
        .values_list("created_at", "action", "measure_id")
        .order_by("created_at", "pk")
    )
    changes: OrderedDict[date, Counter] = OrderedDict()
    for moment, action, measure_id in events:
        day = timezone.localtime(moment).date()
        step = 1 if action == LedgerAction.CLOSED else -1
        key = "measures" if measure_id else "problems"
        changes.setdefault(day, Counter())[key] += step
    series = [{"day": inspection.feedback_on, "measures": 0, "problems": 0, "percent": 0.0}]
    measures = problems = 0
    for day, counter in changes.items():
        measures += counter["measures"]
        problems += counter["problems"]
        point = {
            "day": day,
            "measures": measures,
            "problems": problems,
            "percent": percent(measures, total) or 0.0,
        }
        if day <= series[-1]["day"]:
            series[-1] = {**point, "day": max(day, series[-1]["day"])}
        else:
            series.append(point)
    return series


def progress_chart(inspection, series=None) -> dict:
    """The ECharts option of the progress-over-time chart."""
    series = series if series is not None else progress_over_time(inspection)
    days = [p["day"].isoformat() for p in series]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": ["已销号措施", "已完成问题", "措施完成率(%)"]},
        "grid": {"left": 48, "right": 56, "bottom": 40, "top": 48},
        "xAxis": {"type": "category", "data": days},
        "yAxis": [
            {"type": "value", "name": "个", "minInterval": 1},
            {"type": "value", "name": "%", "min": 0, "max": 100},
        ],
        "series": [
            {
                "name": "已销号措施",
                "type": "line",
                "step": "end",
                "data": [p["measures"] for p in series],
            },
            {
                "name": "已完成问题",
                "type": "line",
                "step": "end",
                "data": [p["problems"] for p in series],
            },
            {
                "name": "措施完成率(%)",
                "type": "line",
                "yAxisIndex": 1,
                "data": [p["percent"] for p in series],
            },
        ],
    }


# -- views by unit and by leader; the three lists ---------------------------------------------


def _grouped(inspection, key_fields):
    today = timezone.localdate()
    return (
        Measure.objects.filter(problem__inspection=inspection)
        .values(*key_fields)
        .annotate(
            total=Count("pk"),
            closed=Count("pk", filter=Q(status=MeasureStatus.CLOSED)),
            overdue=Count(
                "pk",
                filter=Q(due_date__lt=today) & ~Q(status__in=workflow.DONE),
            ),
        )
        .order_by(*key_fields)
    )


def by_unit(inspection) -> list[dict]:
    rows = list(_grouped(inspection, ["responsible_unit_id", "responsible_unit__name"]))
    for row in rows:
        row["label"] = row["responsible_unit__name"]
        row["percent"] = percent(row["closed"], row["total"])
    return rows


def by_leader(inspection) -> list[dict]:
    rows = list(_grouped(inspection, ["responsible_leader"]))
    for row in rows:
        row["label"] = row["responsible_leader"]
        row["percent"] = percent(row["closed"], row["total"])
    return rows


def task_list(inspection):
    """任务清单 / 责任清单: every measure with its problem, in the feedback's order."""
    today = timezone.localdate()
    rows = list(
        Measure.objects.filter(problem__inspection=inspection)
        .select_related("problem", "problem__category", "responsible_unit")
        .order_by("problem__number", "sort_order", "pk")
    )
    for measure in rows:
        measure.overdue = measure.due_date < today and measure.status not in workflow.DONE
    return rows


def problem_list(inspection):
    """问题清单: every problem with its category and measures closed / total."""
    return list(
        Problem.objects.filter(inspection=inspection)
        .select_related("category", "category__parent")
        .annotate(
            n_measures=Count("measures", distinct=True),
            n_closed=Count(
                "measures", filter=Q(measures__status=MeasureStatus.CLOSED), distinct=True
            ),
            n_accountable=Count("accountabilities", distinct=True),
        )
        .order_by("number")
    )


def grouped_tasks(tasks, key) -> list[tuple[str, list]]:
    groups: OrderedDict[str, list] = OrderedDict()
    for measure in sorted(tasks, key=lambda m: (key(m), m.problem.number, m.sort_order)):
        groups.setdefault(key(measure), []).append(measure)
    return list(groups.items())


def earlier_problems(inspection):
    """Problems of other, earlier inspections (for carrying over: 新官要理旧账)."""
    return (
        Problem.objects.exclude(inspection=inspection)
        .filter(inspection__feedback_on__lte=inspection.feedback_on)
        .exclude(status=ProblemStatus.CLOSED)
        .select_related("inspection")
        .order_by("-inspection__feedback_on", "number")
    )
