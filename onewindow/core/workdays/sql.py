"""Working-day counting inside SQL, so statistics sum working days without a row in Python.

``WorkdayOrdinal(day, back)`` is W(day - back days): the working days from 0001-01-01
through that day on a WorkCalendar, so workdays_between(a, b) == W(b) - W(a). The same
arithmetic as ``WorkCalendar.workdays_between``: Mon–Fri through the day, plus the running
sum of the calendar's exceptions up to it (constant steps in a balanced CASE).
PostgreSQL and SQLite; the constants are integers from the calendar.
"""

from __future__ import annotations

from django.db import NotSupportedError
from django.db.models import Func, IntegerField

from .calendar import WorkCalendar

# Day ordinals as Python's date.toordinal() (0001-01-01 is 1).
_ORDINAL = {
    "postgresql": "((({day})::date - DATE '0001-01-01') + 1 - ({back}))",
    "sqlite": "(CAST(julianday({day}) - 1721424.5 AS INTEGER) - ({back}))",
}
_LEAST = {"postgresql": "LEAST", "sqlite": "MIN"}


class WorkdayOrdinal(Func):
    output_field = IntegerField()

    def __init__(self, day, back, calendar: WorkCalendar):
        super().__init__(day, back)
        self.steps = calendar.ordinal_steps()

    def as_sql(self, compiler, connection, **extra_context):
        vendor = connection.vendor
        if vendor not in _ORDINAL:
            raise NotSupportedError(f"WorkdayOrdinal: {vendor}")
        day_sql, day_params = compiler.compile(self.source_expressions[0])
        back_sql, back_params = compiler.compile(self.source_expressions[1])
        n = _ORDINAL[vendor].format(day=day_sql, back=back_sql)
        n_params = [*day_params, *back_params]
        # _weekdays_through(n) = (n // 7) * 5 + min(n % 7, 5); ordinals are positive.
        sql = f"(({n} / 7) * 5 + {_LEAST[vendor]}(({n} %% 7), 5)"
        params = n_params * 2
        if self.steps:
            sql += " + " + _shift(n, sorted(self.steps), 0, len(self.steps), 0)
            params += n_params * len(self.steps)
        return sql + ")", params


def _shift(n: str, steps, lo: int, hi: int, below: int) -> str:
    """The shift of the last step at or before n among steps[lo:hi] (``below`` before them):
    a balanced CASE tree, so a row makes about log2(steps) comparisons, not one per step."""
    if lo == hi:
        return str(int(below))
    mid = (lo + hi) // 2
    ordinal, shift = steps[mid]
    return (
        f"CASE WHEN {n} >= {int(ordinal)} THEN {_shift(n, steps, mid + 1, hi, shift)}"
        f" ELSE {_shift(n, steps, lo, mid, below)} END"
    )
