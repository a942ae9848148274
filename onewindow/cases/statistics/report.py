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

Counting is SQL aggregation (GROUP BY) over the filtered cases. Working days need the
calendar, so the decided cases are grouped by their clock's (start, stop, paused days) in
SQL and each distinct combination is computed once in Python with the cached calendar.

Who sees what: leaders, party-group members and hall supervisors see the whole bureau;
department staff (clerks, approvers, agents) see their own department's cases only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, IntegerField, Q
from django.db.models.functions import Coalesce, Trunc
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.accounts.constants import DEPARTMENT_ROLES, Role
from onewindow.catalog.models import Bundle, Industry, ServiceItem
from onewindow.core.errors import InvalidInput, PermissionDenied
from onewindow.core.workdays.calendar import WorkCalendar, get_calendar
from onewindow.core.workdays.clock import count_base
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


def _key(row: dict, names) -> tuple:
    return tuple(row[n] for n in names)


def _grouped(qs, keys: dict, **aggregates) -> dict:
    """{key tuple: row} grouped by ``keys``; one row under () when there are no keys."""
    if not keys:
        return {(): qs.aggregate(**aggregates)}
    return {_key(r, keys): r for r in qs.values(**keys).annotate(**aggregates)}


def _received(qs, filters, keys: dict) -> dict:
    rows = _grouped(qs.filter(filters.within("received_at")), keys, n=Count("pk"))
    return {key: r["n"] for key, r in rows.items() if r["n"]}


def _decided(qs, filters, keys: dict) -> dict:
    rows = _grouped(
        qs.filter(filters.within("decided_at")),
        keys,
        n=Count("pk"),
        on_time=Count("pk", filter=ON_TIME),
        approved=Count("pk", filter=Q(decision=Decision.APPROVED)),
        over=Count("pk", filter=OVER_STATUTORY),
    )
    return {key: r for key, r in rows.items() if r["n"]}


class _Elapsed:
    """Elapsed working days per distinct clock (start, stop, paused, from-next-day)."""

    def __init__(self, calendar: WorkCalendar | None = None):
        self.calendar = calendar or get_calendar()
        self.memo: dict[tuple, int] = {}

    def __call__(self, started_on, stopped_on, paused, from_next_day) -> int:
        if started_on is None:
            return 0
        stopped_on = stopped_on or started_on
        key = (started_on, stopped_on, paused, from_next_day)
        days = self.memo.get(key)
        if days is None:
            base = count_base(started_on, bool(from_next_day))
            days = 0 if stopped_on <= base else self.calendar.workdays_between(base, stopped_on)
            days = max(0, days - (paused or 0))
            self.memo[key] = days
        return days


def _days(qs, filters, keys: dict, elapsed: _Elapsed) -> dict:
    rows = (
        qs.filter(filters.within("decided_at"))
        .values(
            **keys,
            d_start=F("promised_clock__started_on"),
            d_stop=F("promised_clock__stopped_on"),
            d_paused=F("promised_clock__paused_workdays"),
            d_next=F("promised_clock__count_from_next_day"),
        )
        .annotate(n=Count("pk"))
    )
    out: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    for r in rows:
        days = elapsed(r["d_start"], r["d_stop"], r["d_paused"], r["d_next"])
        out[_key(r, keys)].append((days, r["n"]))
    return out


def _figures(qs, filters, keys: dict, elapsed: _Elapsed, decided_keys: dict | None = None):
    """{key tuple: Figures}; ``decided_keys`` group the decided side differently (periods)."""
    decided_keys = decided_keys or keys
    result: dict[tuple, Figures] = defaultdict(Figures)
    for key, n in _received(qs, filters, keys).items():
        result[key].received = n
    for key, r in _decided(qs, filters, decided_keys).items():
        figures = result[key]
        figures.decided = r["n"]
        figures.on_time = r["on_time"]
        figures.approved = r["approved"]
        figures.over_statutory = r["over"]
    for key, pairs in _days(qs, filters, decided_keys, elapsed).items():
        for days, n in pairs:
            result[key].add_days(days, n)
    return result


def _sort(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (-r.figures.decided, -r.figures.received, r.label))


def _by_item(qs, filters, elapsed) -> list[Row]:
    keys = {
        "k_item": F("item_version__item_id"),
        "k_bundle": F("bundle_id"),
        "k_industry": F("industry_id"),
    }
    figures = _figures(qs, filters, keys, elapsed)
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


def _by_department(qs, filters, elapsed) -> list[Row]:
    figures = _figures(qs, filters, {"k_dept": F("k_department")}, elapsed)
    departments = Department.objects.in_bulk([k[0] for k in figures if k[0]])
    rows = [
        Row(key=d.pk, label=d.name, figures=value, code=d.code)
        for (pk,), value in figures.items()
        if (d := departments.get(pk)) is not None
    ]
    return _sort(rows)


def _by_channel(qs, filters, elapsed) -> list[Row]:
    figures = _figures(qs, filters, {"k_channel": F("channel")}, elapsed)
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


def _by_period(qs, filters, elapsed) -> list[Row]:
    tz = timezone.get_current_timezone()
    received = {"k_period": Trunc("received_at", filters.period, tzinfo=tz)}
    decided = {"k_period": Trunc("decided_at", filters.period, tzinfo=tz)}
    raw = _figures(qs, filters, received, elapsed, decided_keys=decided)
    figures: dict[date, Figures] = {}
    for (moment,), value in raw.items():
        day = _as_date(moment)
        if day is not None:
            figures[period_start(day, filters.period)] = value
    return [
        Row(
            key=start,
            label=period_label(start, filters.period),
            figures=figures.get(start, Figures()),
        )
        for start in periods(filters)
    ]


def _total(qs, filters, elapsed) -> Figures:
    return _figures(qs, filters, {}, elapsed).get((), Figures())


def build_report(scope: Scope, filters: Filters) -> Report:
    qs = scoped_cases(scope, filters)
    elapsed = _Elapsed()
    return Report(
        scope=scope,
        filters=filters,
        total=_total(qs, filters, elapsed),
        by_item=_by_item(qs, filters, elapsed),
        by_department=_by_department(qs, filters, elapsed),
        by_channel=_by_channel(qs, filters, elapsed),
        by_period=_by_period(qs, filters, elapsed),
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
