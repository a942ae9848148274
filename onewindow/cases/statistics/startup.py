"""企业开办一窗通: how many business start-ups were finished within one working day.

The seed: "企业开办已经压减为2个环节，一个工作日内办结" — registration, seal, tax and bank in
one bundle (一件事, ``CASES_STARTUP_BUNDLE``, BUNDLE-QYKB in the demo). A case is finished
when it is decided (or concluded); the time taken is the number of working days from the
day of acceptance to the day it was finished, on the stored calendar (workdays_between:
finished the same day is 0, the next working day is 1, so a Friday acceptance finished on
Monday, or before a holiday and finished on the first day back, took 1). Within the limit
(``CASES_STARTUP_LIMIT_DAYS``, 1) means at most that many.

The counting is SQL: finished cases grouped by (acceptance day, finish day); each distinct
pair is measured once with the cached calendar. Scope as for statistics.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.catalog.models import Bundle
from onewindow.core.workdays.calendar import get_calendar

from ..constants import CASES_STARTUP_BUNDLE, CASES_STARTUP_LIMIT_DAYS, CaseStatus
from .report import Filters, Scope, period_label, period_start, periods, scoped_cases

FINISHED_STATUSES = (CaseStatus.DECIDED, CaseStatus.CONCLUDED)


def bundle_code() -> str:
    return getattr(settings, "CASES_STARTUP_BUNDLE", CASES_STARTUP_BUNDLE)


def limit_days() -> int:
    return int(getattr(settings, "CASES_STARTUP_LIMIT_DAYS", CASES_STARTUP_LIMIT_DAYS))


@dataclass
class Bucket:
    label: str
    count: int = 0
    within: bool = False


@dataclass
class PeriodShare:
    label: str
    finished: int = 0
    within: int = 0

    @property
    def share(self) -> float | None:
        return self.within / self.finished if self.finished else None

    @property
    def percent(self) -> float | None:
        return None if self.share is None else self.share * 100


@dataclass
class StartupReport:
    filters: Filters
    bundle: Bundle | None
    limit_days: int
    steps: list[str] = field(default_factory=list)
    finished: int = 0
    within: int = 0
    days_total: int = 0
    days_max: int | None = None
    in_progress: int = 0
    distribution: list[Bucket] = field(default_factory=list)
    by_period: list[PeriodShare] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        """Share finished within the limit, 0..1; None when nothing was finished."""
        return self.within / self.finished if self.finished else None

    @property
    def percent(self) -> float | None:
        return None if self.share is None else self.share * 100

    @property
    def average_days(self) -> float | None:
        return self.days_total / self.finished if self.finished else None


def _buckets() -> list[tuple[int, int | None, str]]:
    """(lowest, highest or None, label) of the distribution's columns."""
    return [
        (0, 0, _("当日办结")),
        (1, 1, _("1个工作日")),
        (2, 2, _("2个工作日")),
        (3, 5, _("3至5个工作日")),
        (6, None, _("5个工作日以上")),
    ]


def finished_days(accepted_on: date, finished_on: date, calendar=None) -> int:
    """Working days from the acceptance day to the finish day (0: the same day)."""
    calendar = calendar or get_calendar()
    return max(0, calendar.workdays_between(accepted_on, finished_on))


def build_report(scope: Scope, filters: Filters) -> StartupReport:
    code = bundle_code()
    bundle = Bundle.objects.filter(code=code).first()
    limit = limit_days()
    report = StartupReport(filters=filters, bundle=bundle, limit_days=limit)
    if bundle is None:
        return report
    report.steps = list(bundle.steps.order_by("order", "pk").values_list("name", flat=True))
    cases = scoped_cases(scope, filters).filter(bundle=bundle, accepted_at__isnull=False)
    finished = cases.filter(status__in=FINISHED_STATUSES).alias(
        finished_at=Coalesce("decided_at", "concluded_at")
    )
    rows = (
        finished.filter(filters.within("finished_at"))
        .values(a=TruncDate("accepted_at"), f=TruncDate("finished_at"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    calendar = get_calendar()
    per_days: Counter = Counter()
    per_period: dict[date, PeriodShare] = {
        start: PeriodShare(period_label(start, filters.period)) for start in periods(filters)
    }
    for row in rows:
        accepted_on, finished_on = _day(row["a"]), _day(row["f"])
        days = finished_days(accepted_on, finished_on, calendar)
        n = row["n"]
        per_days[days] += n
        report.finished += n
        report.days_total += days * n
        report.days_max = days if report.days_max is None else max(report.days_max, days)
        share = per_period.get(period_start(finished_on, filters.period))
        if share is not None:
            share.finished += n
        if days <= limit:
            report.within += n
            if share is not None:
                share.within += n
    for low, high, label in _buckets():
        count = sum(n for d, n in per_days.items() if d >= low and (high is None or d <= high))
        within = high is not None and high <= limit
        report.distribution.append(Bucket(label=label, count=count, within=within))
    report.by_period = list(per_period.values())
    report.in_progress = (
        cases.filter(filters.within("accepted_at"))
        .exclude(status__in=(*FINISHED_STATUSES, CaseStatus.TERMINATED))
        .count()
    )
    return report


def _day(value) -> date:
    if hasattr(value, "hour"):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value
