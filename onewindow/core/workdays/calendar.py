"""Working-day arithmetic over the calendar table.

A day is a working day when the table says so, otherwise when it is Monday to Friday.
``WorkCalendar`` holds the table in memory (a dict of exceptions and the set of verified
years), so arithmetic never queries the database per day.

Caching: the table is cached in Django's cache under a version token; services call
``invalidate()`` after every edit, which changes the token, so every process that shares
the cache (Redis in production) sees the edit on its next call. Each process also keeps
the calendar of the current token in memory to avoid unpickling it on every call. With a
per-process cache (locmem) edits reach other processes when CACHE_TIMEOUT expires.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from itertools import accumulate

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "workdays:calendar:version"
DATA_KEY = "workdays:calendar:data:{}"
# Bounds how stale a calendar can be in a process that does not share the cache.
CACHE_TIMEOUT = 300

ONE_DAY = timedelta(days=1)


def _weekdays_through(d: date) -> int:
    """Mon–Fri days from 0001-01-01 (a Monday) through d inclusive."""
    n = d.toordinal()
    return (n // 7) * 5 + min(n % 7, 5)


class WorkCalendar:
    """The calendar as plain data. Immutable; cheap to query."""

    def __init__(self, exceptions: Mapping[date, bool], verified_years: Iterable[int] = ()):
        self._exceptions: dict[date, bool] = dict(exceptions)
        self._verified: frozenset[int] = frozenset(verified_years)
        # Sorted exception dates and the running sum of how each one changes the
        # Mon–Fri count, so a range count is two bisections.
        self._dates = sorted(self._exceptions)
        deltas = (int(self._exceptions[d]) - int(d.weekday() < 5) for d in self._dates)
        self._prefix = [0, *accumulate(deltas)]

    @classmethod
    def from_data(cls, data) -> WorkCalendar:
        ordinals, years = data
        return cls({date.fromordinal(o): w for o, w in ordinals}, years)

    def to_data(self):
        """A small picklable form for the cache."""
        ordinals = tuple((d.toordinal(), w) for d, w in self._exceptions.items())
        return ordinals, tuple(sorted(self._verified))

    # -- single days ---------------------------------------------------------

    def is_workday(self, d: date) -> bool:
        value = self._exceptions.get(d)
        return d.weekday() < 5 if value is None else value

    def next_workday(self, d: date) -> date:
        """The first working day strictly after d."""
        return self.add_workdays(d, 1)

    # -- counting -----------------------------------------------------------

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after start (start itself not counted); start when n == 0."""
        if n < 0:
            raise ValueError("n must be >= 0")
        d = start
        while n:
            d += ONE_DAY
            if self.is_workday(d):
                n -= 1
        return d

    def subtract_workdays(self, end: date, n: int) -> date:
        """The n-th working day before end (end itself not counted); end when n == 0."""
        if n < 0:
            raise ValueError("n must be >= 0")
        d = end
        while n:
            d -= ONE_DAY
            if self.is_workday(d):
                n -= 1
        return d

    def workdays_between(self, a: date, b: date) -> int:
        """Working days in the half-open range (a, b]; the negative count of (b, a] if b < a.

        So workdays_between(a, add_workdays(a, n)) == n, and between(a, b) + between(b, c)
        == between(a, c) for any dates.
        """
        if b < a:
            return -self.workdays_between(b, a)
        count = _weekdays_through(b) - _weekdays_through(a)
        lo = bisect_right(self._dates, a)
        hi = bisect_right(self._dates, b)
        return count + self._prefix[hi] - self._prefix[lo]

    def ordinal_steps(self) -> list[tuple[int, int]]:
        """[(ordinal, shift)], latest first: from the day with that ordinal on, the exceptions
        move the Mon–Fri count by ``shift`` (for the SQL form of workdays_between, sql.py)."""
        steps, previous = [], 0
        for d, shift in zip(self._dates, self._prefix[1:], strict=True):
            if shift != previous:
                steps.append((d.toordinal(), shift))
                previous = shift
        return steps[::-1]

    # -- verification ---------------------------------------------------------

    def year_is_verified(self, year: int) -> bool:
        return year in self._verified

    def unverified_years_in(self, a: date, b: date) -> list[int]:
        """Years touched by the dates a..b (either order) that fall back to Mon–Fri."""
        lo, hi = sorted((a.year, b.year))
        return [y for y in range(lo, hi + 1) if y not in self._verified]

    @property
    def verified_years(self) -> frozenset[int]:
        return self._verified


# -- loading and caching ------------------------------------------------------

logger = logging.getLogger("onewindow.workdays")
_memo_lock = threading.Lock()
_memo: tuple[str, WorkCalendar, float] | None = None


def _load_from_db() -> WorkCalendar:
    from .models import CalendarDay, CalendarYear

    exceptions = dict(CalendarDay.objects.values_list("date", "is_workday"))
    years = CalendarYear.objects.values_list("year", flat=True)
    return WorkCalendar(exceptions, years)


def _current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    return version


def get_calendar() -> WorkCalendar:
    """The current calendar: one cache read per call, the database only after an edit.

    While the shared cache (Redis) is down the calendar is read from the database on every
    call: clocks and deadlines keep working through a cache outage.
    """
    try:
        return _cached_calendar()
    except Exception as exc:  # the cache backend's own errors (redis.ConnectionError, ...)
        logger.warning(
            "workdays: cache unavailable (%s); calendar read from the database",
            exc.__class__.__name__,
        )
        return _load_from_db()


def _cached_calendar() -> WorkCalendar:
    global _memo
    version = _current_version()
    memo = _memo
    if memo is not None and memo[0] == version and memo[2] > time.monotonic():
        return memo[1]
    data = cache.get(DATA_KEY.format(version))
    if data is None:
        calendar = _load_from_db()
        cache.set(DATA_KEY.format(version), calendar.to_data(), CACHE_TIMEOUT)
    else:
        calendar = WorkCalendar.from_data(data)
    with _memo_lock:
        _memo = (version, calendar, time.monotonic() + CACHE_TIMEOUT)
    return calendar


def _bump() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def invalidate() -> None:
    """Call after any change to the calendar tables.

    Bumps now, so the editing transaction sees its own change, and again after commit,
    so a calendar that another process loaded before the commit is not kept.
    """
    _bump()
    transaction.on_commit(_bump)


def reset_cache() -> None:
    """Forget every cached calendar (for tests, whose database rolls back under the cache)."""
    global _memo
    with _memo_lock:
        _memo = None
    cache.delete(VERSION_KEY)


# -- module-level convenience ---------------------------------------------------


def is_workday(d: date) -> bool:
    return get_calendar().is_workday(d)


def add_workdays(start: date, n: int) -> date:
    return get_calendar().add_workdays(start, n)


def subtract_workdays(end: date, n: int) -> date:
    return get_calendar().subtract_workdays(end, n)


def workdays_between(a: date, b: date) -> int:
    return get_calendar().workdays_between(a, b)


def next_workday(d: date) -> date:
    return get_calendar().next_workday(d)


def year_is_verified(year: int) -> bool:
    return get_calendar().year_is_verified(year)


def unverified_years_in(a: date, b: date) -> list[int]:
    return get_calendar().unverified_years_in(a, b)
