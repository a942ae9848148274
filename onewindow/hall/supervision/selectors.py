"""Reads of hall supervision, already checked for the reader."""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from onewindow.accounts.constants import STAFF_ROLES
from onewindow.core.errors import NotFound
from onewindow.org.models import Window

from ..constants import NoticeStatus, PatrolStatus
from ..models import Assessment, AssessmentScore, AttendanceRecord, Finding, Notice, Patrol
from . import assessment as scoring
from . import common


def today_attendance(day: date) -> dict:
    rows = list(
        AttendanceRecord.objects.filter(day=day)
        .select_related("user", "window")
        .order_by("window__number", "user_id")
    )
    return {
        "rows": rows,
        "present": sum(1 for r in rows if r.clock_in),
        "late": sum(1 for r in rows if r.late),
        "left_early": sum(1 for r in rows if r.left_early),
        "absent": sum(1 for r in rows if r.absent),
    }


def patrols_of(day: date) -> list[Patrol]:
    return list(
        Patrol.objects.filter(day=day)
        .annotate(finding_count=Count("findings"))
        .select_related("supervisor")
        .order_by("planned_at")
    )


def patrol_counts(patrols) -> dict:
    done = sum(1 for p in patrols if p.status == PatrolStatus.DONE)
    return {"planned": len(patrols), "done": done, "due": len(patrols) - done}


def recent_findings(days: int = 14, limit: int = 20):
    since = timezone.now() - timedelta(days=days)
    return list(
        Finding.objects.filter(found_at__gte=since)
        .select_related("window", "staff", "patrol")
        .order_by("-found_at")[:limit]
    )


def window_findings(window, limit: int = 50):
    return list(window.findings.select_related("staff").order_by("-found_at")[:limit])


def window_attendance(window, limit: int = 60):
    return list(window.attendance.select_related("user").order_by("-day")[:limit])


def window_for(user, pk) -> Window:
    common.require_reader(user)
    return get_object_or_404(Window.objects.select_related("site", "department"), pk=pk)


def hall_windows():
    return list(common.hall_windows())


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def live_ranking(year: int, quarter: int, today=None) -> list[dict]:
    """The quarter's window scores as they stand (not saved): for the board."""
    start, end = common.quarter_bounds(year, quarter)
    rules = common.rules()
    counts = scoring.window_counts(start, end, today)
    rows = []
    for window in common.hall_windows():
        parts = scoring.components(rules, counts[window.pk])
        rows.append(
            {
                "key": window.number,
                "window": window,
                "score": scoring.weighted(rules.weights(), parts),
            }
        )
    scoring._rank(rows)
    return rows


def notices_for(user):
    common.require_reader(user)
    return Notice.objects.select_related("created_by").order_by("-year", "-period_start", "-issue")


def notice_for(user, pk) -> Notice:
    notice = Notice.objects.filter(pk=pk).first()
    if notice is None:
        raise NotFound()
    if notice.status == NoticeStatus.PUBLISHED and _staff(user):
        return notice
    common.require_reader(user)
    return notice


def _staff(user) -> bool:
    return common._active(user) and user.has_role(*STAFF_ROLES)


def assessments_for(user):
    if common.may_read(user):
        return Assessment.objects.all()
    if _staff(user):  # published to the district
        return Assessment.objects.filter(published_at__isnull=False)
    common.require_reader(user)
    return Assessment.objects.none()


def assessment_for(user, pk) -> Assessment:
    found = assessments_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def window_scores(assessment):
    return list(
        assessment.scores.filter(window__isnull=False)
        .select_related("window", "window__department")
        .order_by("rank", "window__number")
    )


def department_scores(assessment):
    return list(
        assessment.scores.filter(department__isnull=False)
        .select_related("department")
        .order_by("rank", "department__code")
    )


def yearly(user, year: int) -> list[dict]:
    """The yearly review: each window's published quarter scores and their sum."""
    rows: dict[int, dict] = {}
    scores = AssessmentScore.objects.filter(
        assessment__in=assessments_for(user).filter(year=year), window__isnull=False
    ).select_related("window", "assessment")
    for s in scores:
        row = rows.setdefault(
            s.window_id, {"window": s.window, "quarters": {}, "total": Decimal(0)}
        )
        row["quarters"][s.assessment.quarter] = s.score
        row["total"] += s.score
    out = sorted(rows.values(), key=lambda r: (-r["total"], r["window"].number))
    for i, row in enumerate(out):
        row["rank"] = i + 1
        row["cells"] = [row["quarters"].get(q) for q in (1, 2, 3, 4)]
    return out


def open_findings_count(days: int = 30) -> int:
    since = timezone.now() - timedelta(days=days)
    return Finding.objects.filter(found_at__gte=since).count()


def finding_kinds(start: date, end: date) -> list[dict]:
    return list(
        Finding.objects.filter(found_at__date__range=(start, end))
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )


def exceptions_in(start: date, end: date) -> int:
    return (
        AttendanceRecord.objects.filter(day__range=(start, end))
        .filter(Q(late=True) | Q(left_early=True) | Q(absent=True))
        .count()
    )
