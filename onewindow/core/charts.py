"""Pieces of ECharts options shared by the statistics pages (drawn by static/js/charts.js
from json_script): the colours, the grid, counts with a rate beside them, and a ring."""

from django.utils.translation import gettext as _

GOOD, WARN, BAD = "#2f8f83", "#d98c1f", "#c0392b"


def grid(**extra) -> dict:
    return {"left": 16, "right": 24, "top": 48, "bottom": 16, "containLabel": True, **extra}


def counts_and_rate(
    labels, bars: list[dict], *, rate_name, rates, axis_name=None, axis_min=0, colour=None
) -> dict:
    """Counts per period as ``bars`` (left axis, 件) and a rate in percent as a line on the
    right axis, which is named ``axis_name`` (default: the line's name)."""
    line = {"name": rate_name, "type": "line", "yAxisIndex": 1, "connectNulls": True}
    if colour:
        line["itemStyle"] = {"color": colour}
    line["data"] = rates
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": grid(),
        "xAxis": {"type": "category", "data": labels},
        "yAxis": [
            {"type": "value", "name": _("件"), "minInterval": 1},
            {
                "type": "value",
                "name": axis_name or rate_name,
                "min": axis_min,
                "max": 100,
                "axisLabel": {"formatter": "{value}%"},
            },
        ],
        "series": [*bars, line],
    }


def ring(name, data: list[dict]) -> dict:
    """Shares of a whole, each slice labelled with its count and percentage."""
    return {
        "tooltip": {"trigger": "item"},
        "legend": {"bottom": 0},
        "series": [
            {
                "name": name,
                "type": "pie",
                "radius": ["40%", "68%"],
                "label": {"formatter": _("{b}\n{c}件（{d}%）")},
                "data": data,
            }
        ],
    }
