"""Working-day arithmetic for clients and kiosks: mounted by the lead under /workdays."""

from datetime import date

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from onewindow.core.errors import InvalidInput

from . import selectors
from .calendar import get_calendar
from .constants import MAX_LIMIT_DAYS, MAX_YEAR, MIN_YEAR

router = Router(tags=["工作日历"])


class DueDateOut(Schema):
    start: date
    days: int
    due_date: date = Field(description="第 days 个工作日（自 start 次日起算）")
    verified: bool = Field(description="计算涉及的年度是否都已导入或核对节假日安排")
    unverified_years: list[int]


class BetweenOut(Schema):
    start: date
    end: date
    workdays: int = Field(description="(start, end] 内的工作日数；end 早于 start 时为负数")
    verified: bool
    unverified_years: list[int]


class DayOut(Schema):
    date: date
    is_workday: bool
    kind: str
    name: str
    source: str


class YearOut(Schema):
    year: int
    verified: bool
    days: list[DayOut]


def _check_date(value: date, label: str) -> date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise InvalidInput(
            _("%(label)s须在%(lo)s年至%(hi)s年之间")
            % {"label": label, "lo": MIN_YEAR, "hi": MAX_YEAR},
            field=label,
        )
    return value


@router.get("/add", response=DueDateOut, summary="计算到期日")
def add_workdays(request, start: date, days: int):
    start = _check_date(start, "start")
    if not 0 <= days <= MAX_LIMIT_DAYS:
        raise InvalidInput(
            _("天数须为0至%(max)s之间的整数") % {"max": MAX_LIMIT_DAYS}, field="days"
        )
    calendar = get_calendar()
    due = calendar.add_workdays(start, days)
    unverified = calendar.unverified_years_in(start, due)
    return {
        "start": start,
        "days": days,
        "due_date": due,
        "verified": not unverified,
        "unverified_years": unverified,
    }


@router.get("/between", response=BetweenOut, summary="计算两日之间的工作日数")
def workdays_between(request, start: date, end: date):
    start = _check_date(start, "start")
    end = _check_date(end, "end")
    calendar = get_calendar()
    unverified = calendar.unverified_years_in(start, end)
    return {
        "start": start,
        "end": end,
        "workdays": calendar.workdays_between(start, end),
        "verified": not unverified,
        "unverified_years": unverified,
    }


@router.get("/calendar/{year}", response=YearOut, summary="某年度的节假日与调休")
def calendar_year(request, year: int):
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidInput(
            _("年度须在%(lo)s年至%(hi)s年之间") % {"lo": MIN_YEAR, "hi": MAX_YEAR}, field="year"
        )
    return {
        "year": year,
        "verified": get_calendar().year_is_verified(year),
        "days": list(selectors.exception_days(year)),
    }
