"""ECharts options of the statistics pages (drawn by static/js/charts.js from json_script)."""

from django.utils.translation import gettext as _

from onewindow.core.charts import GOOD, WARN, counts_and_rate, ring
from onewindow.core.charts import grid as _grid

TOP_DEPARTMENTS = 15


def _percent(value) -> float | None:
    return None if value is None else round(value * 100, 1)


def period_option(report) -> dict:
    """Received and decided per period (bars) and the on-time rate (line, right axis)."""
    rows = report.by_period
    return counts_and_rate(
        [r.label for r in rows],
        [
            {"name": _("受理量"), "type": "bar", "data": [r.figures.received for r in rows]},
            {"name": _("办结量"), "type": "bar", "data": [r.figures.decided for r in rows]},
        ],
        rate_name=_("按期办结率"),
        rates=[_percent(r.figures.on_time_rate) for r in rows],
    )


def department_option(report) -> dict:
    """The departments with the most decided cases, largest on top."""
    rows = [r for r in report.by_department if r.figures.decided or r.figures.received]
    rows = list(reversed(rows[:TOP_DEPARTMENTS]))
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 0},
        "grid": _grid(),
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "data": [r.label for r in rows]},
        "series": [
            {"name": _("受理量"), "type": "bar", "data": [r.figures.received for r in rows]},
            {
                "name": _("按期办结"),
                "type": "bar",
                "stack": "decided",
                "data": [r.figures.on_time for r in rows],
                "itemStyle": {"color": GOOD},
            },
            {
                "name": _("超期办结"),
                "type": "bar",
                "stack": "decided",
                "data": [r.figures.late for r in rows],
                "itemStyle": {"color": WARN},
            },
        ],
    }


def channel_option(report) -> dict:
    return ring(
        _("申请渠道"),
        [{"name": r.label, "value": r.figures.received} for r in report.by_channel],
    )


def category_option(report) -> dict:
    rows = report.categories
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "grid": _grid(top=24, bottom=8),
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "data": [r.name for r in reversed(rows)], "inverse": False},
        "series": [
            {
                "name": _("办结数量"),
                "type": "bar",
                "data": [r.units for r in reversed(rows)],
                "label": {"show": True, "position": "right"},
            }
        ],
    }


def startup_distribution_option(startup) -> dict:
    """Finished start-ups by working days taken; columns within the limit in green."""
    buckets = startup.distribution
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "grid": _grid(top=24),
        "xAxis": {"type": "category", "data": [b.label for b in buckets]},
        "yAxis": {"type": "value", "minInterval": 1, "name": _("件")},
        "series": [
            {
                "name": _("办结件数"),
                "type": "bar",
                "label": {"show": True, "position": "top"},
                "data": [
                    {"value": b.count, "itemStyle": {"color": GOOD if b.within else WARN}}
                    for b in buckets
                ],
            }
        ],
    }


def startup_trend_option(startup) -> dict:
    rows = startup.by_period
    return counts_and_rate(
        [r.label for r in rows],
        [{"name": _("办结件数"), "type": "bar", "data": [r.finished for r in rows]}],
        rate_name=_("时限内办结率"),
        rates=[_percent(r.share) for r in rows],
        axis_name=_("%(n)s个工作日内办结率") % {"n": startup.limit_days},
        colour=GOOD,
    )
