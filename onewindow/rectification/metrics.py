"""Live figures a measure's target can be bound to (考核指标), computed from the platform.

``METRICS`` maps a code to ``Metric(label, unit, compute)``; ``compute(today)`` returns a
``Decimal`` or ``None`` (no data, or no source yet). The period is the trailing
``RECTIFICATION_METRIC_PERIOD_DAYS`` calendar days up to ``today`` (365 by default).

- ``construction_permit_within_3_workdays``: 施工许可 cases are those whose item (or one
  of whose bundle's items) is in the statistics category ``RECTIFICATION_PERMIT_CATEGORY``
  ("sgxk", 建筑工程施工许可证核发; cases/statistics_categories.py). The share, in %, of
  cases finished within ``RECTIFICATION_PERMIT_LIMIT_DAYS`` (3) working days, counted from
  the day of acceptance to the day of the decision (cases/startup.finished_days: the same
  day is 0). Counted: cases decided in the period, and cases still open whose working days
  from acceptance to today already exceed the limit (they run over; open cases still
  within the limit are not yet judged).
- ``startup_within_1_workday``: 企业开办 (cases/startup.build_report), in %.
- ``bundle_material_reduction``: materials saved by the published bundles (一件事) against
  doing their items one by one, in % (catalog bundle_savings summed over the bundles).
- ``patrols_per_day``: None until the hall supervision app exists.
- ``satisfaction_rate``: ratings of level 3 (基本满意) or better among the period's ratings,
  in %, leaving out ratings whose appeal was upheld.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import TargetComparison

PERCENT = "%"
HUNDRED = Decimal(100)


class Metric(NamedTuple):
    label: str
    unit: str
    compute: Callable[[date], Decimal | None]


def period_days() -> int:
    return int(getattr(settings, "RECTIFICATION_METRIC_PERIOD_DAYS", 365))


def permit_limit_days() -> int:
    return int(getattr(settings, "RECTIFICATION_PERMIT_LIMIT_DAYS", 3))


def permit_category() -> str:
    return str(getattr(settings, "RECTIFICATION_PERMIT_CATEGORY", "sgxk"))


def _percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _start(today: date) -> date:
    return today - timedelta(days=max(period_days() - 1, 0))


def _day(value) -> date:
    if hasattr(value, "hour"):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


# -- 施工许可 -------------------------------------------------------------------------------


def permit_cases():
    """Cases of the 施工许可 category, through their item or their bundle's items."""
    from onewindow.cases.models import Case

    code = permit_category()
    ids = Case.objects.filter(
        Q(item_version__item__report_categories__code=code)
        | Q(bundle__bundle_items__item__report_categories__code=code)
    ).values("pk")
    return Case.objects.filter(pk__in=ids, accepted_at__isnull=False).order_by()


def permit_figures(today: date) -> dict:
    """{"counted", "within", "over_decided", "over_open"} for the period ending ``today``."""
    from onewindow.cases.constants import CLOCKED_STATUSES, CaseStatus
    from onewindow.cases.statistics.report import Filters
    from onewindow.cases.statistics.startup import finished_days
    from onewindow.core.workdays.calendar import get_calendar

    limit = permit_limit_days()
    calendar = get_calendar()
    window = Filters(_start(today), today)
    cases = permit_cases()
    figures = {"counted": 0, "within": 0, "over_decided": 0, "over_open": 0}
    decided = (
        cases.filter(status__in=(CaseStatus.DECIDED, CaseStatus.CONCLUDED))
        .alias(finished_at=Coalesce("decided_at", "concluded_at"))
        .filter(window.within("finished_at"))
        .values(a=TruncDate("accepted_at"), f=TruncDate("finished_at"))
        .annotate(n=Count("pk"))
    )
    for row in decided:
        days = finished_days(_day(row["a"]), _day(row["f"]), calendar)
        figures["counted"] += row["n"]
        if days <= limit:
            figures["within"] += row["n"]
        else:
            figures["over_decided"] += row["n"]
    running = (
        cases.filter(status__in=CLOCKED_STATUSES)
        .values(a=TruncDate("accepted_at"))
        .annotate(n=Count("pk"))
    )
    for row in running:
        if finished_days(_day(row["a"]), today, calendar) > limit:
            figures["counted"] += row["n"]
            figures["over_open"] += row["n"]
    return figures


def construction_permit_share(today: date) -> Decimal | None:
    figures = permit_figures(today)
    return _percent(figures["within"], figures["counted"])


# -- the others --------------------------------------------------------------------------


def startup_share(today: date) -> Decimal | None:
    from onewindow.cases.statistics import startup
    from onewindow.cases.statistics.report import Filters, Period, Scope

    report = startup.build_report(Scope(), Filters(_start(today), today, period=Period.YEAR))
    return _percent(report.within, report.finished)


def bundle_material_reduction(today: date) -> Decimal | None:
    from onewindow.catalog import selectors as catalog_selectors

    separately = merged = 0
    bundles = catalog_selectors.published_bundles()
    for _bundle, savings in catalog_selectors.bundles_with_savings(bundles):
        separately += savings["materials_separately"]
        merged += savings["materials_merged"]
    return _percent(separately - merged, separately)


def patrols_per_day(today: date) -> Decimal | None:
    return None  # the hall supervision app (巡查) does not exist yet


def satisfaction_rate(today: date) -> Decimal | None:
    from onewindow.cases.statistics.report import Filters
    from onewindow.feedback.constants import AppealStatus
    from onewindow.feedback.models import Rating

    window = Filters(_start(today), today)
    counts = (
        Rating.objects.filter(window.within("created_at"))
        .exclude(appeal_status=AppealStatus.UPHELD)
        .aggregate(total=Count("pk"), good=Count("pk", filter=Q(level__gte=3)))
    )
    return _percent(counts["good"], counts["total"])


METRICS: dict[str, Metric] = {
    "construction_permit_within_3_workdays": Metric(
        _("施工许可3个工作日内办结率"), PERCENT, construction_permit_share
    ),
    "startup_within_1_workday": Metric(_("企业开办1个工作日内办结率"), PERCENT, startup_share),
    "bundle_material_reduction": Metric(
        _("一链办理申请材料压减比例"), PERCENT, bundle_material_reduction
    ),
    "patrols_per_day": Metric(_("每日巡查次数"), _("次"), patrols_per_day),
    "satisfaction_rate": Metric(_("好差评满意率"), PERCENT, satisfaction_rate),
}


def _governance(name):
    def compute(today):
        from onewindow.governance import metrics as governance_metrics

        return getattr(governance_metrics, name)(today)

    return compute


# Party-group governance (governance/metrics.py): live figures from its registers.
METRICS.update(
    {
        "gov_sanzhong_filed": Metric(
            _("“三重一大”事项会前报备率"), PERCENT, _governance("sanzhong_filed_share")
        ),
        "gov_first_topic": Metric(
            _("党组会议落实“第一议题”比例"), PERCENT, _governance("first_topic_share")
        ),
        "gov_key_post_talks": Metric(
            _("重点岗位人员年内廉政谈话达标率"), PERCENT, _governance("key_post_talks_share")
        ),
        "gov_reconciliations": Metric(
            _("本半年固定资产对账次数"), _("次"), _governance("reconciliations_this_half_year")
        ),
        "gov_large_spending_decided": Metric(
            _("大额支出经党组会议研究比例"), PERCENT, _governance("large_spending_decided_share")
        ),
        "gov_milestones_performed": Metric(
            _("合同履约节点按约履行率"), PERCENT, _governance("milestones_performed_share")
        ),
        "gov_assets_entered": Metric(
            _("新购资产按时入账率"), PERCENT, _governance("assets_entered_in_time_share")
        ),
        "gov_copied_talks": Metric(_("雷同谈话记录数"), _("份"), _governance("copied_talks")),
        "gov_study_sessions": Metric(
            _("中心组专题学习次数"), _("次"), _governance("study_sessions")
        ),
        "gov_education_sessions": Metric(
            _("廉政警示教育次数"), _("次"), _governance("education_sessions")
        ),
        "gov_volunteer_activities": Metric(
            _("党员志愿服务活动次数"), _("次"), _governance("volunteer_activities")
        ),
        "gov_cadres_filed": Metric(
            _("干部任用按时备案率"), PERCENT, _governance("cadres_filed_in_time_share")
        ),
    }
)


def choices() -> list[tuple[str, str]]:
    return [(code, str(metric.label)) for code, metric in METRICS.items()]


def compute(code: str, today: date | None = None) -> Decimal | None:
    metric = METRICS.get(code)
    if metric is None:
        return None
    return metric.compute(today or timezone.localdate())


def is_met(value: Decimal | None, comparison: str, target: Decimal | None) -> bool | None:
    if value is None or target is None:
        return None
    if comparison == TargetComparison.AT_MOST:
        return value <= target
    return value >= target


def live_figure(measure, today: date | None = None, *, cache: dict | None = None):
    """(value, met) of the measure's bound figure; (None, None) when it has none.

    ``cache`` ({code: value}) lets a page compute each figure once for many measures.
    """
    code = measure.target_metric
    if not code or code not in METRICS:
        return None, None
    if cache is not None and code in cache:
        value = cache[code]
    else:
        value = compute(code, today)
        if cache is not None:
            cache[code] = value
    return value, is_met(value, measure.target_comparison, measure.target_value)
