"""ECharts options for the org pages (rendered by static/js/charts.js, no inline script)."""

from django.utils.translation import gettext as _


def town_network_option(towns) -> dict:
    """A grouped bar chart: what each town centre has under it."""
    towns = list(towns)
    series = [
        (_("社区便民服务中心"), "communities"),
        (_("村级便民服务站（点）"), "stations"),
        (_("自助服务终端"), "kiosks"),
        (_("网上便民服务分厅"), "online_branches"),
    ]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 40, "right": 16, "bottom": 56, "top": 40, "containLabel": True},
        "xAxis": {
            "type": "category",
            "data": [town.name.removesuffix("便民服务中心") for town in towns],
            "axisLabel": {"interval": 0, "rotate": 30},
        },
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {"name": name, "type": "bar", "data": [getattr(town, attr) for town in towns]}
            for name, attr in series
        ],
    }
