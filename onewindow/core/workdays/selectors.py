"""Reads of the calendar for pages, the API and the base layout's warning."""

from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from onewindow.accounts.constants import Role
from onewindow.core.text import join_names

from .calendar import get_calendar
from .constants import DayKind, Source
from .models import CalendarDay, CalendarYear

# How far ahead the layout warns about unverified years: long enough for the longest
# statutory limits (100 working days is about five months).
WARNING_HORIZON_DAYS = 183

WEEKDAY_LABELS = (
    pgettext_lazy("星期简称", "一"),
    pgettext_lazy("星期简称", "二"),
    pgettext_lazy("星期简称", "三"),
    pgettext_lazy("星期简称", "四"),
    pgettext_lazy("星期简称", "五"),
    pgettext_lazy("星期简称", "六"),
    pgettext_lazy("星期简称", "日"),
)

# Bootstrap classes per kind of day; rest days on weekends have no row and use "weekend".
CELL_CLASSES = {
    "workday": "",
    "weekend": "bg-body-tertiary text-body-secondary",
    DayKind.HOLIDAY: "bg-danger-subtle text-danger-emphasis",
    DayKind.REST_DAY: "bg-secondary-subtle text-body-secondary",
    DayKind.MAKEUP_WORKDAY: "bg-warning-subtle text-warning-emphasis",
    DayKind.WORKDAY: "bg-info-subtle text-info-emphasis",
}


def can_edit_calendar(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.SYSTEM_ADMIN))


def exception_days(year: int):
    """The year's rows (holidays on weekdays, make-up days, manual overrides), by date."""
    return CalendarDay.objects.filter(date__year=year).order_by("date")


def year_record(year: int) -> CalendarYear | None:
    return CalendarYear.objects.filter(year=year).first()


@dataclass(frozen=True)
class DayCell:
    date: date
    is_workday: bool
    kind: str
    label: str
    name: str
    manual: bool
    css: str
    is_today: bool


def _cell(d: date, row: CalendarDay | None, today: date) -> DayCell:
    if row is not None:
        return DayCell(
            date=d,
            is_workday=row.is_workday,
            kind=row.kind,
            label=str(DayKind(row.kind).label),
            name=row.name,
            manual=row.source == Source.MANUAL,
            css=CELL_CLASSES.get(row.kind, ""),
            is_today=d == today,
        )
    weekday = d.weekday() < 5
    key = "workday" if weekday else "weekend"
    return DayCell(
        date=d,
        is_workday=weekday,
        kind=key,
        label=_("工作日") if weekday else _("休息日"),
        name="",
        manual=False,
        css=CELL_CLASSES[key],
        is_today=d == today,
    )


def year_calendar(year: int, today: date | None = None) -> dict:
    """A year as twelve month grids (weeks from Monday) for the calendar page."""
    today = today or timezone.localdate()
    rows = {row.date: row for row in exception_days(year)}
    grid = pycalendar.Calendar(firstweekday=0)
    months = []
    for month in range(1, 13):
        weeks = [
            [_cell(d, rows.get(d), today) if d.month == month else None for d in week]
            for week in grid.monthdatescalendar(year, month)
        ]
        workdays = sum(1 for week in weeks for c in week if c is not None and c.is_workday)
        months.append({"month": month, "weeks": weeks, "workdays": workdays})
    record = year_record(year)
    return {
        "year": year,
        "verified": record is not None,
        "year_record": record,
        "months": months,
        "weekday_labels": WEEKDAY_LABELS,
        "exceptions": list(rows.values()),
        "workday_total": sum(m["workdays"] for m in months),
    }


def unverified_warning(today: date | None = None) -> str | None:
    """A warning for the base layout when a year near today falls back to Mon–Fri."""
    today = today or timezone.localdate()
    years = get_calendar().unverified_years_in(today, today + timedelta(days=WARNING_HORIZON_DAYS))
    if not years:
        return None
    names = join_names(_("%(year)d年") % {"year": y} for y in years)
    return _("%(years)s节假日安排尚未发布或未导入，暂按周一至周五计算工作日，请系统管理员核对") % {
        "years": names
    }
