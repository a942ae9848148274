"""ECharts options of the supervision pages."""

from django.utils.translation import gettext as _

from onewindow.core.charts import BAD, GOOD, grid


def ranking(rows, *, name=None) -> dict:
    """Scores as horizontal bars, best at the top."""
    rows = list(rows)[:30]
    labels = [str(r["label"]) for r in rows][::-1]
    values = [float(r["score"]) for r in rows][::-1]
    return {
        "tooltip": {"trigger": "axis"},
        "grid": grid(left=8, top=16),
        "xAxis": {"type": "value", "min": 0, "max": 100},
        "yAxis": {"type": "category", "data": labels},
        "series": [
            {
                "name": name or _("得分"),
                "type": "bar",
                "data": values,
                "itemStyle": {"color": GOOD},
                "label": {"show": True, "position": "right"},
            }
        ],
    }


def waits(labels, minutes) -> dict:
    return {
        "tooltip": {"trigger": "axis"},
        "grid": grid(top=24),
        "xAxis": {"type": "category", "data": labels},
        "yAxis": {"type": "value", "name": _("分钟"), "minInterval": 1},
        "series": [
            {"name": _("平均等候"), "type": "bar", "data": minutes, "itemStyle": {"color": BAD}}
        ],
    }
