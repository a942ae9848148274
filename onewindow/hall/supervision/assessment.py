"""The quarterly quantified assessment (季度量化考核) and the yearly review.

Each hall window gets five component scores out of 100, each losing the configured points
per event in the quarter (HallRules.points_*): attendance (late and left early, absent),
patrol findings (patrols and the attendance check), ratings (the share of ratings that
are not bad), overdue cases taken in at the window, complaints about it, and the queue
(points_wait per minute the average wait of the tickets it called in the quarter, taken or
booked slot to called, exceeds wait_threshold_minutes). The score is
the weighted sum (weights add up to 100). A department's score is the mean of its
windows'. A supervisor computes (and recomputes until published) and publishes the
ranking to the district; the yearly review adds the published quarters.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Avg, Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.cases.models import Case
from onewindow.core.audit import record
from onewindow.core.errors import Conflict, InvalidInput
from onewindow.feedback.constants import WorkOrderKind
from onewindow.feedback.models import Rating, WorkOrder

from ..constants import COMPONENTS
from ..models import Assessment, AssessmentScore, AttendanceRecord, Finding, HallRules, Ticket
from ..queue.selectors import duration_seconds as wait_seconds
from . import common

CENT = Decimal("0.01")
WEIGHT_FIELDS = {
    "attendance": "weight_attendance",
    "patrol": "weight_patrol",
    "rating": "weight_rating",
    "overdue": "weight_overdue",
    "complaint": "weight_complaint",
    "queue": "weight_queue",
}
POINT_FIELDS = (
    "points_late",
    "points_absent",
    "points_finding",
    "points_overdue",
    "points_complaint",
    "points_wait",
)


@transaction.atomic
def update_rules(actor, *, request=None, **values) -> HallRules:
    """Change the hall's rules; the five weights must add up to 100."""
    common.require_supervisor(actor)
    rules = HallRules.objects.select_for_update().get(pk=common.rules().pk)
    before = {f: getattr(rules, f) for f in values}
    for field, value in values.items():
        try:
            setattr(rules, field, value)
            if field.startswith(("weight_", "points_", "patrols_", "idle_", "grace_", "wait_")):
                value = int(value)
                if value < 0:
                    raise ValueError
                setattr(rules, field, value)
        except (TypeError, ValueError) as exc:
            raise InvalidInput(_("请填写非负整数"), field=field) from exc
    total = sum(rules.weights().values())
    if total != 100:
        raise InvalidInput(
            _("各项权重之和应为100，现为%(total)s") % {"total": total}, field="weight_attendance"
        )
    if rules.patrols_per_day < 4:
        raise InvalidInput(_("每日巡查不少于4次"), field="patrols_per_day")
    if not (rules.morning_start < rules.morning_end <= rules.afternoon_start < rules.afternoon_end):
        raise InvalidInput(_("上下班时间先后顺序不对"), field="morning_start")
    rules.save()
    record(
        "hall.rules",
        actor=actor,
        obj=rules,
        before={k: str(v) for k, v in before.items()},
        after={k: str(getattr(rules, k)) for k in values},
        request=request,
    )
    return rules


def _left(points: int, count: int) -> Decimal:
    return Decimal(max(0, 100 - points * count))


def window_counts(start, end, today=None) -> dict[int, dict]:
    """Per window id: the quarter's events that cost points."""
    today = today or timezone.localdate()
    counts = defaultdict(
        lambda: {
            "late": 0,
            "absent": 0,
            "findings": 0,
            "ratings": 0,
            "bad_ratings": 0,
            "overdue": 0,
            "complaints": 0,
            "tickets": 0,
            "wait_minutes": 0.0,
        }
    )
    for row in (
        AttendanceRecord.objects.filter(day__range=(start, end), window__isnull=False)
        .values("window_id")
        .annotate(
            late=Count("pk", filter=Q(late=True)) + Count("pk", filter=Q(left_early=True)),
            absent=Count("pk", filter=Q(absent=True)),
        )
    ):
        counts[row["window_id"]]["late"] = row["late"]
        counts[row["window_id"]]["absent"] = row["absent"]
    for row in (
        Finding.objects.filter(found_at__date__range=(start, end))
        .values("window_id")
        .annotate(n=Count("pk"))
    ):
        counts[row["window_id"]]["findings"] = row["n"]
    for row in (
        Rating.objects.filter(created_at__date__range=(start, end), window__isnull=False)
        .values("window_id")
        .annotate(n=Count("pk"), bad=Count("pk", filter=Q(is_bad=True)))
    ):
        counts[row["window_id"]]["ratings"] = row["n"]
        counts[row["window_id"]]["bad_ratings"] = row["bad"]
    overdue = Case.objects.filter(
        window__isnull=False,
        promised_clock__due_date__range=(start, min(end, today)),
    ).filter(
        Q(promised_clock__stopped_on__gt=F("promised_clock__due_date"))
        | Q(promised_clock__stopped_on__isnull=True, promised_clock__due_date__lt=today)
    )
    for row in overdue.values("window_id").annotate(n=Count("pk")):
        counts[row["window_id"]]["overdue"] = row["n"]
    for row in (
        WorkOrder.objects.filter(
            kind=WorkOrderKind.COMPLAINT, created_at__date__range=(start, end), window__isnull=False
        )
        .values("window_id")
        .annotate(n=Count("pk"))
    ):
        counts[row["window_id"]]["complaints"] = row["n"]
    for row in (
        Ticket.objects.filter(
            service_date__range=(start, end), window__isnull=False, called_at__isnull=False
        )
        .values("window_id")
        .annotate(avg=Avg(F("called_at") - F("taken_at")), n=Count("pk"))
    ):
        counts[row["window_id"]]["tickets"] = row["n"]
        counts[row["window_id"]]["wait_minutes"] = round(wait_seconds(row["avg"]) / 60, 1)
    return counts


def components(rules: HallRules, c: dict) -> dict[str, Decimal]:
    rating = (
        Decimal(100 * (c["ratings"] - c["bad_ratings"])) / c["ratings"]
        if c["ratings"]
        else Decimal(100)
    )
    return {
        "attendance": max(
            Decimal(0),
            100 - Decimal(rules.points_late * c["late"] + rules.points_absent * c["absent"]),
        ),
        "patrol": _left(rules.points_finding, c["findings"]),
        "rating": rating.quantize(CENT, ROUND_HALF_UP),
        "overdue": _left(rules.points_overdue, c["overdue"]),
        "complaint": _left(rules.points_complaint, c["complaints"]),
        "queue": queue_component(rules, c.get("wait_minutes") or 0),
    }


def queue_component(rules: HallRules, wait_minutes) -> Decimal:
    """100 less points_wait for each minute the average wait exceeds the threshold."""
    over = max(Decimal(0), Decimal(str(wait_minutes)) - rules.wait_threshold_minutes)
    return max(Decimal(0), 100 - rules.points_wait * over).quantize(CENT, ROUND_HALF_UP)


def weighted(weights: dict[str, int], parts: dict[str, Decimal]) -> Decimal:
    total = sum(Decimal(weights.get(key, 0)) * parts[key] for key, _label in COMPONENTS) / 100
    return total.quantize(CENT, ROUND_HALF_UP)


def _rank(rows: list[dict]) -> None:
    """Competition ranking (1, 2, 2, 4) by score, highest first."""
    rows.sort(key=lambda r: (-r["score"], r["key"]))
    for i, row in enumerate(rows):
        row["rank"] = rows[i - 1]["rank"] if i and row["score"] == rows[i - 1]["score"] else i + 1


@transaction.atomic
def compute(actor, year: int, quarter: int, *, request=None, today=None) -> Assessment:
    """Score every hall window and department for the quarter (again, until published)."""
    common.require_supervisor(actor)
    if not 1 <= int(quarter) <= 4:
        raise InvalidInput(_("季度应为1至4"), field="quarter")
    start, end = common.quarter_bounds(int(year), int(quarter))
    rules = common.rules()
    weights = rules.weights()
    assessment, _created = Assessment.objects.get_or_create(
        year=year, quarter=quarter, defaults={"weights": weights, "computed_at": timezone.now()}
    )
    if assessment.published_at is not None:
        raise Conflict(_("该季度考核已发布，不能重新评分"))
    Assessment.objects.filter(pk=assessment.pk).update(weights=weights, computed_at=timezone.now())
    assessment.scores.all().delete()
    counts = window_counts(start, end, today)
    windows, departments = [], defaultdict(list)
    for window in common.hall_windows():
        c = counts[window.pk]
        parts = components(rules, c)
        score = weighted(weights, parts)
        windows.append(
            {"key": window.number, "window": window, "parts": parts, "counts": c, "score": score}
        )
        if window.department_id:
            departments[window.department].append(score)
    _rank(windows)
    depts = [
        {
            "key": d.code,
            "department": d,
            "score": (sum(s) / len(s)).quantize(CENT, ROUND_HALF_UP),
            "windows": len(s),
        }
        for d, s in departments.items()
    ]
    _rank(depts)
    AssessmentScore.objects.bulk_create(
        [
            AssessmentScore(
                assessment=assessment,
                window=r["window"],
                components={k: str(v) for k, v in r["parts"].items()},
                counts=r["counts"],
                score=r["score"],
                rank=r["rank"],
            )
            for r in windows
        ]
        + [
            AssessmentScore(
                assessment=assessment,
                department=r["department"],
                counts={"windows": r["windows"]},
                score=r["score"],
                rank=r["rank"],
            )
            for r in depts
        ]
    )
    record(
        "hall.assessment",
        actor=actor,
        obj=assessment,
        after={"weights": weights, "windows": len(windows), "departments": len(depts)},
        request=request,
    )
    assessment.refresh_from_db()
    return assessment


@transaction.atomic
def publish(actor, assessment, *, request=None) -> Assessment:
    common.require_supervisor(actor)
    updated = Assessment.objects.filter(pk=assessment.pk, published_at__isnull=True).update(
        published_at=timezone.now()
    )
    if not updated:
        raise Conflict(_("该季度考核已发布"))
    assessment.refresh_from_db()
    record("hall.assessment_publish", actor=actor, obj=assessment, request=request)
    return assessment
