"""ECharts options of the public page (drawn by static/js/charts.js from json_script)."""

from django.utils.translation import gettext as _

from onewindow.core.charts import BAD, GOOD, WARN, counts_and_rate, ring
from onewindow.core.charts import grid as _grid

from ..constants import RatingLevel

TOP_DEPARTMENTS = 20
LEVEL_COLOURS = {5: "#1a4f8b", 4: "#2f8f83", 3: "#4a90c2", 2: "#d98c1f", 1: "#c0392b"}


def _number(value):
    return None if value is None else float(value)


def month_option(report) -> dict:
    """Ratings per month (bars), bad ratings (bars) and the satisfaction rate (line)."""
    rows = report.by_month
    rates = [_number(r.figures.satisfaction_rate) for r in rows]
    low = min([r for r in rates if r is not None] or [100.0])
    return counts_and_rate(
        [r.label for r in rows],
        [
            {"name": _("评价数"), "type": "bar", "data": [r.figures.ratings for r in rows]},
            {
                "name": _("差评数"),
                "type": "bar",
                "data": [r.figures.bad for r in rows],
                "itemStyle": {"color": BAD},
            },
        ],
        rate_name=_("满意率"),
        rates=rates,
        axis_min=max(0, int(low) - 5) if low < 100 else 90,
        colour=GOOD,
    )


def department_option(report) -> dict:
    """Satisfaction rate by department (the most rated on top)."""
    rows = [r for r in report.by_department if r.figures.ratings][:TOP_DEPARTMENTS]
    rows = list(reversed(rows))
    rates = [_number(r.figures.satisfaction_rate) for r in rows]
    low = min([r for r in rates if r is not None] or [100.0])
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "grid": _grid(top=24),
        "xAxis": {
            "type": "value",
            "min": max(0, int(low) - 5) if low < 100 else 90,
            "max": 100,
            "axisLabel": {"formatter": "{value}%"},
        },
        "yAxis": {"type": "category", "data": [r.label for r in rows]},
        "series": [
            {
                "name": _("满意率"),
                "type": "bar",
                "label": {"show": True, "position": "right", "formatter": "{c}%"},
                "data": [
                    {
                        "value": rate,
                        "itemStyle": {"color": GOOD if not r.figures.bad else WARN},
                    }
                    for r, rate in zip(rows, rates, strict=True)
                ],
            }
        ],
    }


def level_option(report) -> dict:
    levels = report.total.levels
    return ring(
        _("评价等级"),
        [
            {
                "name": str(level.label),
                "value": levels.get(level.value, 0),
                "itemStyle": {"color": LEVEL_COLOURS[level.value]},
            }
            for level in sorted(RatingLevel, key=lambda x: -x.value)
            if levels.get(level.value)
        ],
    )


def remedy_option(report) -> dict:
    """Remedies by month: closed on time, closed late, still open."""
    rows = report.by_month
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 0},
        "grid": _grid(),
        "xAxis": {"type": "category", "data": [r.label for r in rows]},
        "yAxis": {"type": "value", "name": _("件"), "minInterval": 1},
        "series": [
            {
                "name": _("按期整改"),
                "type": "bar",
                "stack": "remedy",
                "itemStyle": {"color": GOOD},
                "data": [r.figures.remedies_on_time for r in rows],
            },
            {
                "name": _("逾期整改"),
                "type": "bar",
                "stack": "remedy",
                "itemStyle": {"color": WARN},
                "data": [r.figures.remedies_closed - r.figures.remedies_on_time for r in rows],
            },
            {
                "name": _("整改中"),
                "type": "bar",
                "stack": "remedy",
                "itemStyle": {"color": "#7f8c8d"},
                "data": [r.figures.remedies_open for r in rows],
            },
        ],
    }


def all_options(report) -> dict:
    return {
        "month": month_option(report),
        "department": department_option(report),
        "level": level_option(report),
        "remedy": remedy_option(report),
    }
