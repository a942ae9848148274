"""The published 好差评 figures: satisfaction, bad ratings and their remedies.

Definitions (shown on the page too):
- valid ratings: every rating in the period except those whose appeal a supervisor upheld
  (the rating stays in the database but leaves the published figures);
- satisfaction rate = (非常满意 + 满意 + 基本满意) / valid ratings;
- bad ratings: valid ratings of 2 stars or less;
- remedies (差评整改) of the period's bad ratings: closed on time when closed no later than
  their due time; the on-time rate counts them against the remedies that are closed or
  already past due (a remedy still inside its time limit is not yet judged).

Everything here is counted in SQL, by department and by month, and holds no personal data:
the public page shows counts, departments and dates only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.org.models import Department

from ..constants import (
    BAD_RATING_MAX_LEVEL,
    AppealStatus,
    RatingChannel,
    RatingLevel,
    WorkOrderKind,
    WorkOrderStatus,
)
from ..models import Rating, WorkOrder
from ..models.work_orders import OPEN_STATUSES

MONTHS_BY_DEFAULT = 12
RECENT_BAD_LIMIT = 20
NO_DEPARTMENT = 0  # the key of ratings that name no department


# -- the period -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Inclusive local dates; ``label`` is what the page prints."""

    start: date
    end: date
    label: str
    department_id: int | None = None

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        tz = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=tz),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz),
        )

    def months(self) -> list[date]:
        """The first day of every month the period touches, oldest first."""
        months, day = [], date(self.start.year, self.start.month, 1)
        while day <= self.end:
            months.append(day)
            day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return months


def recent_months(today: date | None = None, months: int = MONTHS_BY_DEFAULT) -> Period:
    """The last ``months`` whole or running months up to ``today``."""
    today = today or timezone.localdate()
    first = date(today.year, today.month, 1)
    for _n in range(months - 1):
        first = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    return Period(first, today, _("近%(n)s个月") % {"n": months})


def year_period(year: int, today: date | None = None) -> Period:
    today = today or timezone.localdate()
    end = min(date(year, 12, 31), today) if year == today.year else date(year, 12, 31)
    return Period(date(year, 1, 1), end, _("%(y)s年") % {"y": year})


def rating_years(today: date | None = None) -> list[int]:
    """Years from the first rating to this year, newest first (for the year menu)."""
    today = today or timezone.localdate()
    first = Rating.objects.order_by("created_at").values_list("created_at", flat=True).first()
    first_year = min(timezone.localtime(first).year, today.year) if first else today.year
    return list(range(today.year, first_year - 1, -1))


def public_departments() -> list[Department]:
    """Departments that have been rated (the department menu)."""
    ids = Rating.objects.filter(department__isnull=False).values("department").distinct()
    return list(Department.objects.filter(pk__in=ids).order_by("sort_order", "code"))


# -- figures ----------------------------------------------------------------------------------


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass
class Figures:
    ratings: int = 0  # valid ratings
    satisfied: int = 0
    bad: int = 0
    excluded: int = 0  # appeals upheld: left out of the figures
    remedies: int = 0
    remedies_closed: int = 0
    remedies_on_time: int = 0
    remedies_overdue: int = 0  # open and past due
    levels: dict[int, int] = field(default_factory=dict)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        """Per cent, two decimals; None without ratings."""
        return _percent(self.satisfied, self.ratings)

    @property
    def remedies_open(self) -> int:
        return self.remedies - self.remedies_closed

    @property
    def remedies_judged(self) -> int:
        return self.remedies_closed + self.remedies_overdue

    @property
    def remedy_on_time_rate(self) -> Decimal | None:
        return _percent(self.remedies_on_time, self.remedies_judged)


@dataclass
class Row:
    key: object
    label: str
    figures: Figures


@dataclass
class Report:
    period: Period
    department: Department | None
    total: Figures
    by_department: list[Row]
    by_month: list[Row]
    by_channel: list[Row]
    recent_bad: list[dict]


def valid_ratings(period: Period):
    """The period's ratings that count: appeals upheld are left out."""
    start, end = period.bounds
    qs = Rating.objects.filter(created_at__gte=start, created_at__lt=end).exclude(
        appeal_status=AppealStatus.UPHELD
    )
    if period.department_id:
        qs = qs.filter(department_id=period.department_id)
    return qs


def remedy_orders(period: Period):
    """Remedy orders of the period's counted bad ratings (cancelled ones left out)."""
    start, end = period.bounds
    qs = WorkOrder.objects.filter(
        kind=WorkOrderKind.REMEDY,
        rating__isnull=False,
        rating__created_at__gte=start,
        rating__created_at__lt=end,
    ).exclude(Q(status=WorkOrderStatus.CANCELLED) | Q(rating__appeal_status=AppealStatus.UPHELD))
    if period.department_id:
        qs = qs.filter(department_id=period.department_id)
    return qs


SATISFIED = Q(level__gt=BAD_RATING_MAX_LEVEL)
CLOSED = Q(status=WorkOrderStatus.CLOSED)
# A working-day clock's due date moves by its pauses (the callback, an appeal), so the clock
# judges: stopped (closed) on or before its due date. An hour limit compares the moments.
CLOSED_ON_TIME = CLOSED & (
    Q(clock__isnull=False, clock__stopped_on__lte=F("clock__due_date"))
    | Q(clock__isnull=True, closed_at__lte=F("due_at"))
)


def overdue_q(now: datetime) -> Q:
    """Open and past due: a running clock past its due date, or an hour limit passed."""
    today = timezone.localdate(now)
    running = Q(clock__paused_since__isnull=True, clock__stopped_on__isnull=True)
    return Q(status__in=[s.value for s in OPEN_STATUSES]) & (
        (Q(clock__isnull=False) & running & Q(clock__due_date__lt=today))
        | Q(clock__isnull=True, due_at__lt=now)
    )


def closed_on_time(order) -> bool:
    """The Python twin of CLOSED_ON_TIME for one order (its clock loaded)."""
    if order.status != WorkOrderStatus.CLOSED:
        return False
    clock = order.clock
    if clock is not None:
        return clock.stopped_on is not None and clock.stopped_on <= clock.due_date
    return order.closed_at is not None and order.closed_at <= order.due_at


def is_overdue(order, now: datetime) -> bool:
    if order.status not in OPEN_STATUSES:
        return False
    clock = order.clock
    if clock is not None:
        running = clock.paused_since is None and clock.stopped_on is None
        return running and clock.due_date < timezone.localdate(now)
    return order.due_at < now


def _grouped(qs, keys: list, **counts) -> list[dict]:
    """``counts`` per distinct ``keys`` (one row for the whole set when there are none)."""
    if not keys:
        row = qs.aggregate(**counts)
        return [row] if row.get("n") else []
    return list(qs.values(*keys).annotate(**counts).order_by())


def _rating_counts(qs, keys: list) -> dict:
    out = {}
    rows = _grouped(
        qs,
        keys,
        n=Count("id"),
        ok=Count("id", filter=SATISFIED),
        **{f"l{level}": Count("id", filter=Q(level=level)) for level in RatingLevel.values},
    )
    for row in rows:
        key = tuple(row[k] for k in keys)
        out[key] = Figures(
            ratings=row["n"],
            satisfied=row["ok"],
            bad=row["n"] - row["ok"],
            levels={level: row[f"l{level}"] for level in RatingLevel.values},
        )
    return out


def _remedy_counts(qs, keys: list, now: datetime) -> dict:
    rows = _grouped(
        qs,
        keys,
        n=Count("id"),
        closed=Count("id", filter=CLOSED),
        on_time=Count("id", filter=CLOSED_ON_TIME),
        overdue=Count("id", filter=overdue_q(now)),
    )
    return {
        tuple(row[k] for k in keys): (row["n"], row["closed"], row["on_time"], row["overdue"])
        for row in rows
    }


def _excluded_counts(period: Period, keys: dict) -> dict:
    start, end = period.bounds
    qs = Rating.objects.filter(
        created_at__gte=start, created_at__lt=end, appeal_status=AppealStatus.UPHELD
    )
    if period.department_id:
        qs = qs.filter(department_id=period.department_id)
    rows = _grouped(qs.annotate(**keys), list(keys), n=Count("id"))
    return {tuple(r[k] for k in keys): r["n"] for r in rows}


def _figures(period: Period, rating_keys: dict, order_keys: dict, now: datetime) -> dict:
    """{key tuple: Figures}; ``rating_keys`` and ``order_keys`` name the same grouping
    (the order's through its rating where it must)."""
    figures = _rating_counts(valid_ratings(period).annotate(**rating_keys), list(rating_keys))
    orders = remedy_orders(period).annotate(**order_keys)
    for key, counts in _remedy_counts(orders, list(order_keys), now).items():
        f = figures.setdefault(key, Figures())
        f.remedies, f.remedies_closed, f.remedies_on_time, f.remedies_overdue = counts
    for key, n in _excluded_counts(period, rating_keys).items():
        figures.setdefault(key, Figures()).excluded = n
    return figures


def satisfaction(period: Period | None = None, *, now: datetime | None = None) -> Figures:
    """The period's totals (the last 12 months by default)."""
    period = period or recent_months()
    return _figures(period, {}, {}, now or timezone.now()).get((), Figures())


def _month_key(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return date(value.year, value.month, 1)
    return date(value.year, value.month, 1)


def by_month(period: Period, *, now: datetime | None = None) -> list[Row]:
    tz = timezone.get_current_timezone()
    raw = _figures(
        period,
        {"k_month": TruncMonth("created_at", tzinfo=tz)},
        {"k_month": TruncMonth("rating__created_at", tzinfo=tz)},
        now or timezone.now(),
    )
    figures = {_month_key(k[0]): v for k, v in raw.items()}
    return [
        Row(
            key=month,
            label=_("%(y)s年%(m)s月") % {"y": month.year, "m": month.month},
            figures=figures.get(month, Figures()),
        )
        for month in period.months()
    ]


def by_department(period: Period, *, now: datetime | None = None) -> list[Row]:
    """Departments with ratings or remedies, most ratings first."""
    raw = _figures(
        period,
        {"k_department": F("department_id")},
        {"k_department": F("department_id")},
        now or timezone.now(),
    )
    ids = [k[0] for k in raw if k[0]]
    departments = {d.pk: d for d in Department.objects.filter(pk__in=ids)}
    rows = []
    for (department_id,), figures in raw.items():
        department = departments.get(department_id)
        rows.append(
            Row(
                key=department.code if department else NO_DEPARTMENT,
                label=department.name if department else _("未指明部门"),
                figures=figures,
            )
        )
    rows.sort(key=lambda r: (-r.figures.ratings, -r.figures.remedies, str(r.label)))
    return rows


def by_channel(period: Period, *, now: datetime | None = None) -> list[Row]:
    raw = _figures(
        period,
        {"k_channel": F("channel")},
        {"k_channel": F("rating__channel")},
        now or timezone.now(),
    )
    return [
        Row(key=channel.value, label=str(channel.label), figures=raw.get((channel.value,)))
        for channel in RatingChannel
        if raw.get((channel.value,)) and raw[(channel.value,)].ratings
    ]


def recent_bad(period: Period, *, now: datetime | None = None, limit=RECENT_BAD_LIMIT) -> list:
    """The latest bad ratings and how their remedies stand: date, department, level, state.

    No rater, comment, staff or case number: only what may be published.
    """
    now = now or timezone.now()
    qs = (
        valid_ratings(period)
        .filter(is_bad=True)
        .select_related("department", "remedy_order__clock")
        .order_by("-created_at", "-id")[:limit]
    )
    rows = []
    for rating in qs:
        order = getattr(rating, "remedy_order", None)
        if order is None:
            state, tone = _("待核实"), "secondary"
        elif order.status == WorkOrderStatus.CLOSED:
            if closed_on_time(order):
                state, tone = _("已按期整改"), "success"
            else:
                state, tone = _("逾期整改"), "warning"
        elif order.status == WorkOrderStatus.CANCELLED:
            state, tone = _("已撤销"), "secondary"
        elif is_overdue(order, now):
            state, tone = _("整改逾期"), "danger"
        else:
            state, tone = _("整改中"), "info"
        rows.append(
            {
                "day": timezone.localtime(rating.created_at).date(),
                "department": rating.department.name if rating.department else _("未指明部门"),
                "level": rating.get_level_display(),
                "channel": rating.get_channel_display(),
                "state": state,
                "tone": tone,
                "due": _due_day(order),
            }
        )
    return rows


def _due_day(order) -> date | None:
    if order is None:
        return None
    if order.clock is not None:
        return order.clock.due_date
    return timezone.localtime(order.due_at).date()


def public_report(period: Period | None = None, *, now: datetime | None = None) -> Report:
    period = period or recent_months()
    now = now or timezone.now()
    department = (
        Department.objects.filter(pk=period.department_id).first() if period.department_id else None
    )
    return Report(
        period=period,
        department=department,
        total=satisfaction(period, now=now),
        by_department=by_department(period, now=now),
        by_month=by_month(period, now=now),
        by_channel=by_channel(period, now=now),
        recent_bad=recent_bad(period, now=now),
    )


def period_between(start: date, end: date, department_id: int | None = None) -> Period:
    """Any range of days (e.g. a KPI's period)."""
    label = _("%(a)s至%(b)s") % {"a": start.isoformat(), "b": end.isoformat()}
    return Period(start, end, label, department_id)


def satisfaction_rate(start: date, end: date, department_id: int | None = None):
    """The published satisfaction rate (per cent, two decimals) of a range, or None."""
    return satisfaction(period_between(start, end, department_id)).satisfaction_rate
