"""What the chinesecalendar package says about a year, as exceptions to Mon–Fri."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar

from .constants import DayKind

# The package names holidays in English (its own Chinese names are abbreviated).
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def chinese_name(english: str | None) -> str:
    if not english:
        return ""
    if english in HOLIDAY_NAMES:
        return HOLIDAY_NAMES[english]
    try:
        return chinese_calendar.Holiday(english).chinese
    except ValueError:
        return english


def package_years() -> tuple[int, int]:
    """(first, last) year the installed package covers."""
    years = [d.year for d in chinese_calendar.holidays]
    return min(years), max(years)


def package_exceptions(year: int) -> dict[date, tuple[bool, str, str]]:
    """{date: (is_workday, kind, name)} for the year's exceptions to Mon–Fri.

    Raises NotImplementedError for a year the package does not cover.
    """
    exceptions: dict[date, tuple[bool, str, str]] = {}
    d = date(year, 1, 1)
    while d.year == year:
        on_holiday, english = chinese_calendar.get_holiday_detail(d)
        weekday = d.weekday() < 5
        if weekday and on_holiday:
            exceptions[d] = (False, DayKind.HOLIDAY.value, chinese_name(english))
        elif not weekday and not on_holiday:
            exceptions[d] = (True, DayKind.MAKEUP_WORKDAY.value, chinese_name(english))
        d += timedelta(days=1)
    return exceptions
