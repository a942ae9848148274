"""Case statistics (办件统计): by item, department, channel and period, and the bureau's
report categories (投资项目备案, 施工许可 …, as the seed's progress report counts them).

Definitions (the page and the Excel export say the same):
- 受理量 (received): cases accepted in the range (受理 or 容缺受理 at the window); a case
  decided with no acceptance step (秒批) counts at its decision.
- 办结量 (decided): cases whose decision (准予 or 不予许可) was made in the range.
- 按期办结 (on time): a decided case whose promised clock stopped on or before its stored due
  date (``stopped_on <= due_date``, pauses already moved the due date); a case without a
  clock (秒批) is on time. 超法定时限: the statutory clock stopped after its due date.
- 用时 (working days taken): the promised clock's elapsed working days at its stop, pauses
  excluded (core.workdays.clock.elapsed_workdays); 0 for a case without a clock.
- A case's department is its item's department, or its bundle's (industry's) lead department.

Counting is SQL aggregation: two scans of the filtered cases (received, decided), each
grouped by (item, bundle, industry, department, channel, period) with conditional counts;
every table is summed from those few rows. Working days are summed in SQL too
(core.workdays.sql.WorkdayOrdinal: the calendar's Mon–Fri count and its exceptions as
constants), so no case row reaches Python.

Who sees what: leaders, party-group members and hall supervisors see the whole bureau;
department staff (clerks, approvers, agents) see their own department's cases only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Case as SqlCase
from django.db.models import Count, F, IntegerField, Max, Q, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.accounts.constants import DEPARTMENT_ROLES, Role
from onewindow.catalog.models import Bundle, Industry, ServiceItem
from onewindow.core.errors import InvalidInput, PermissionDenied
from onewindow.core.workdays.calendar import WorkCalendar, get_calendar
from onewindow.core.workdays.sql import WorkdayOrdinal
from onewindow.org.models import Department

from ..constants import Channel, Decision
from ..models import Case
from . import categories as statistics_categories

# Roles that see every department's figures.
BUREAU_WIDE_ROLES = (Role.LEADER, Role.PARTY_MEMBER, Role.SUPERVISOR)
MAX_SPAN_DAYS = 366 * 10  # a range of at most ten years (120 months on a chart)


class Period:
    YEAR, QUARTER, MONTH = "year", "quarter", "month"
    CHOICES = (
        (YEAR, gettext_lazy("按年")),
        (QUARTER, gettext_lazy("按季度")),
        (MONTH, gettext_lazy("按月")),
    )
    VALUES = (YEAR, QUARTER, MONTH)


DEPARTMENT = Coalesce(
    "item_version__item__department_id",
    "bundle__lead_department_id",
    "industry__lead_department_id",
    output_field=IntegerField(),
)
RECEIVED_AT = Coalesce("accepted_at", "decided_at")
ON_TIME = Q(promised_clock__isnull=True) | Q(
    promised_clock__stopped_on__lte=F("promised_clock__due_date")
)
OVER_STATUTORY = Q(statutory_clock__stopped_on__gt=F("statutory_clock__due_date"))


# -- who sees what -------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """The cases a viewer's figures cover: the bureau, or one department."""

    department_id: int | None = None
    department_name: str = ""

    @property
    def bureau_wide(self) -> bool:
        return self.department_id is None


def scope_for(user) -> Scope:
    """The viewer's scope; PermissionDenied for anyone who may not see statistics."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDenied(_("请先登录"))
    if user.has_role(*BUREAU_WIDE_ROLES):
        return Scope()
    if user.has_role(*DEPARTMENT_ROLES) and user.department_id:
        return Scope(user.department_id, user.department.name)
    raise PermissionDenied(_("办件统计仅向局领导、党组成员、大厅督查人员和部门工作人员开放"))


# -- what is counted ---------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    start: date
    end: date  # inclusive
    period: str = Period.MONTH
    channel: str = ""
    department_id: int | None = None

    def __post_init__(self):
        if self.end < self.start:
            raise InvalidInput(_("结束日期不能早于开始日期"), field="end")
        if (self.end - self.start).days > MAX_SPAN_DAYS:
            raise InvalidInput(_("统计区间不能超过十年"), field="end")
        if self.period not in Period.VALUES:
            raise InvalidInput(_("统计周期不正确"), field="period")
        if self.channel and self.channel not in Channel.values:
            raise InvalidInput(_("申请渠道不正确"), field="channel")

    @classmethod
    def for_year(cls, year: int, **kwargs) -> Filters:
        return cls(date(year, 1, 1), date(year, 12, 31), **kwargs)

    @property
    def label(self) -> str:
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31):
            if self.start.year == self.end.year:
                return _("%(y)s年") % {"y": self.start.year}
            return _("%(a)s年至%(b)s年") % {"a": self.start.year, "b": self.end.year}
        return _("%(a)s 至 %(b)s") % {"a": self.start.isoformat(), "b": self.end.isoformat()}

    def bounds(self) -> tuple[datetime, datetime]:
        """[start 00:00, the day after end 00:00) in the local time zone."""
        tz = timezone.get_current_timezone()
        lo = datetime.combine(self.start, time.min, tzinfo=tz)
        hi = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz)
        return lo, hi

    def within(self, name) -> Q:
        lo, hi = self.bounds()
        return Q(**{f"{name}__gte": lo, f"{name}__lt": hi})


@dataclass
class Figures:
    received: int = 0
    decided: int = 0
    on_time: int = 0
    approved: int = 0
    over_statutory: int = 0
    days_total: int = 0
    days_max: int | None = None

    @property
    def late(self) -> int:
        return self.decided - self.on_time

    @property
    def refused(self) -> int:
        return self.decided - self.approved

    @property
    def on_time_rate(self) -> float | None:
        """Share of decided cases decided on time, 0..1; None when nothing was decided."""
        return self.on_time / self.decided if self.decided else None

    @property
    def on_time_percent(self) -> float | None:
        rate = self.on_time_rate
        return None if rate is None else rate * 100

    @property
    def average_days(self) -> float | None:
        return self.days_total / self.decided if self.decided else None

    def add_days(self, days: int, n: int) -> None:
        self.days_total += days * n
        self.days_max = days if self.days_max is None else max(self.days_max, days)


@dataclass
class Row:
    key: object
    label: str
    figures: Figures = field(default_factory=Figures)
    code: str = ""
    department: str = ""


@dataclass
class Report:
    scope: Scope
    filters: Filters
    total: Figures
    by_item: list[Row]
    by_department: list[Row]
    by_channel: list[Row]
    by_period: list[Row]
    categories: list[statistics_categories.CategoryRow]

    @property
    def online_percent(self) -> float | None:
        """Share of received cases applied online, in percent."""
        online = next((r for r in self.by_channel if r.key == Channel.ONLINE), None)
        received = self.total.received
        return online.figures.received * 100 / received if online and received else None


# -- the queries ---------------------------------------------------------------------------


def scoped_cases(scope: Scope, filters: Filters):
    """The cases the figures cover, before the date conditions."""
    qs = Case.objects.alias(k_department=DEPARTMENT, received_at=RECEIVED_AT)
    if scope.department_id is not None:
        qs = qs.filter(k_department=scope.department_id)
    if filters.department_id is not None:
        qs = qs.filter(k_department=filters.department_id)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    return qs.order_by()


# The finest grouping both queries use; every table of the report is a sum of its rows.
ITEM_KEYS = ("k_item", "k_bundle", "k_industry")


def _fine_keys(moment: str, filters: Filters) -> dict:
    tz = timezone.get_current_timezone()
    return {
        "k_item": F("item_version__item_id"),
        "k_bundle": F("bundle_id"),
        "k_industry": F("industry_id"),
        "k_dept": F("k_department"),
        "k_channel": F("channel"),
        # Local year and month (integers: no time-zone conversion per row in Python); the
        # period (month, quarter, year) is derived from them.
        "k_year": ExtractYear(moment, tzinfo=tz),
        "k_month": ExtractMonth(moment, tzinfo=tz),
    }


def elapsed_days(calendar: WorkCalendar):
    """The promised clock's working days at its stop, pauses excluded, in SQL: the same
    as clock.elapsed_workdays (max(0, workdays_between(base, stop) - paused)); 0 without a
    clock. A stop on or before the base gives W(stop) - W(base) <= 0, hence 0 as well."""
    start = F("promised_clock__started_on")
    stop = Coalesce("promised_clock__stopped_on", "promised_clock__started_on")
    back = SqlCase(When(promised_clock__count_from_next_day=False, then=Value(1)), default=Value(0))
    counted = (
        WorkdayOrdinal(stop, Value(0), calendar)
        - WorkdayOrdinal(start, back, calendar)
        - F("promised_clock__paused_workdays")
    )
    return Coalesce(Greatest(counted, Value(0)), Value(0), output_field=IntegerField())


def _rows(qs, filters: Filters, calendar: WorkCalendar) -> tuple[list[dict], list[dict]]:
    """(received rows, decided rows), each grouped by _fine_keys: two scans of the cases."""
    received = list(
        qs.filter(filters.within("received_at"))
        .values(**_fine_keys("received_at", filters))
        .annotate(n=Count("pk"))
    )
    days = elapsed_days(calendar)
    decided = list(
        qs.filter(filters.within("decided_at"))
        .values(**_fine_keys("decided_at", filters))
        .annotate(
            n=Count("pk"),
            on_time=Count("pk", filter=ON_TIME),
            approved=Count("pk", filter=Q(decision=Decision.APPROVED)),
            over=Count("pk", filter=OVER_STATUTORY),
            days_total=Sum(days),
            days_max=Max(days),
        )
    )
    return received, decided


def _figures(rows, key) -> dict[tuple, Figures]:
    """{key(row): Figures} summed over the fine rows."""
    received, decided = rows
    result: dict[tuple, Figures] = defaultdict(Figures)
    for r in received:
        result[key(r)].received += r["n"]
    for r in decided:
        if not r["n"]:
            continue
        figures = result[key(r)]
        figures.decided += r["n"]
        figures.on_time += r["on_time"]
        figures.approved += r["approved"]
        figures.over_statutory += r["over"]
        figures.days_total += r["days_total"] or 0
        most = r["days_max"] or 0
        figures.days_max = most if figures.days_max is None else max(figures.days_max, most)
    return result


def _sort(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (-r.figures.decided, -r.figures.received, r.label))


def _by_item(rows) -> list[Row]:
    figures = _figures(rows, lambda r: (r["k_item"], r["k_bundle"], r["k_industry"]))
    item_ids = {k[0] for k in figures if k[0]}
    bundle_ids = {k[1] for k in figures if k[1] and not k[0]}
    industry_ids = {k[2] for k in figures if k[2] and not k[0]}
    items = ServiceItem.objects.select_related("department").in_bulk(item_ids)
    bundles = Bundle.objects.select_related("lead_department").in_bulk(bundle_ids)
    industries = Industry.objects.select_related("lead_department").in_bulk(industry_ids)
    rows = []
    for (item_id, bundle_id, industry_id), value in figures.items():
        if item_id:
            obj, kind = items.get(item_id), ""
            department = obj.department if obj else None
        elif bundle_id:
            obj, kind = bundles.get(bundle_id), _("一件事")
            department = obj.lead_department if obj else None
        else:
            obj, kind = industries.get(industry_id), _("一业一证")
            department = obj.lead_department if obj else None
        if obj is None:
            continue
        label = f"{obj.name}（{kind}）" if kind else obj.name
        rows.append(
            Row(
                key=(item_id, bundle_id, industry_id),
                label=label,
                figures=value,
                code=obj.code,
                department=department.name if department else "",
            )
        )
    return _sort(rows)


def _by_department(rows) -> list[Row]:
    figures = _figures(rows, lambda r: (r["k_dept"],))
    departments = Department.objects.in_bulk([k[0] for k in figures if k[0]])
    rows = [
        Row(key=d.pk, label=d.name, figures=value, code=d.code)
        for (pk,), value in figures.items()
        if (d := departments.get(pk)) is not None
    ]
    return _sort(rows)


def _by_channel(rows) -> list[Row]:
    figures = _figures(rows, lambda r: (r["k_channel"],))
    return [
        Row(key=value, label=str(label), figures=figures.get((value,), Figures()))
        for value, label in Channel.choices
    ]


def period_start(day: date, period: str) -> date:
    if period == Period.YEAR:
        return date(day.year, 1, 1)
    if period == Period.QUARTER:
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, day.month, 1)


def period_label(start: date, period: str) -> str:
    if period == Period.YEAR:
        return _("%(y)s年") % {"y": start.year}
    if period == Period.QUARTER:
        return _("%(y)s年第%(q)s季度") % {"y": start.year, "q": (start.month - 1) // 3 + 1}
    return _("%(y)s年%(m)s月") % {"y": start.year, "m": start.month}


def periods(filters: Filters) -> list[date]:
    """The start of every period the range touches, in order."""
    starts, day = [], period_start(filters.start, filters.period)
    while day <= filters.end:
        starts.append(day)
        step = {Period.YEAR: 12, Period.QUARTER: 3, Period.MONTH: 1}[filters.period]
        month = day.month - 1 + step
        day = date(day.year + month // 12, month % 12 + 1, 1)
    return starts


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _by_period(rows, filters) -> list[Row]:
    def key(r):
        if r["k_year"] is None:
            return (None,)
        return (period_start(date(r["k_year"], r["k_month"], 1), filters.period),)

    figures = {start: value for (start,), value in _figures(rows, key).items() if start}
    return [
        Row(
            key=start,
            label=period_label(start, filters.period),
            figures=figures.get(start, Figures()),
        )
        for start in periods(filters)
    ]


def _total(rows) -> Figures:
    return _figures(rows, lambda r: ()).get((), Figures())


def build_report(scope: Scope, filters: Filters) -> Report:
    qs = scoped_cases(scope, filters)
    rows = _rows(qs, filters, get_calendar())
    return Report(
        scope=scope,
        filters=filters,
        total=_total(rows),
        by_item=_by_item(rows),
        by_department=_by_department(rows),
        by_channel=_by_channel(rows),
        by_period=_by_period(rows, filters),
        categories=statistics_categories.categories(qs, filters),
    )


def report_for(user, filters: Filters) -> Report:
    """The report as ``user`` may see it (their department only, for department staff)."""
    return build_report(scope_for(user), filters)


def years_with_cases() -> list[int]:
    """The years from the first submission to this year, newest first (for the year menu)."""
    first = (
        Case.objects.filter(submitted_at__isnull=False)
        .order_by("submitted_at")
        .values_list("submitted_at", flat=True)
        .first()
    )
    this_year = timezone.localdate().year
    first_year = min(_as_date(first).year, this_year) if first else this_year
    return list(range(this_year, first_year - 1, -1))


def department_choices(scope: Scope) -> list[Department]:
    if not scope.bureau_wide:
        return []
    return list(Department.objects.filter(is_active=True).order_by("sort_order", "code"))


def filter_notes(filters: Filters) -> list[str]:
    """The channel and department a report is narrowed to, for its heading."""
    notes = []
    if filters.channel:
        notes.append(str(Channel(filters.channel).label))
    if filters.department_id:
        department = Department.objects.filter(pk=filters.department_id).first()
        if department is not None:
            notes.append(department.name)
    return notes
