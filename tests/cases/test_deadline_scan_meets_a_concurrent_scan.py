"""Two scans of the same day at the same moment: each warning is still raised once.

The scan leaves out levels already raised with an anti-join and inserts plainly; a scan
running at the same moment can insert the same level between the two. Simulated here by
a first statement that does not see the existing row (the anti-join taken out): the
unique constraint refuses the duplicate and the scan inserts with ON CONFLICT DO
NOTHING instead, keeping the rest of the day's new warnings.
"""

import re
from datetime import date

import pytest

from onewindow.cases import services
from onewindow.cases.clocks import deadlines
from onewindow.cases.constants import ClockKind
from onewindow.cases.models import CaseWarning
from onewindow.core.workdays.constants import WarningLevel
from tests.accounts.factories import DepartmentFactory
from tests.cases.factories import clerk, freeze, item, submitted_case

pytestmark = pytest.mark.django_db


def _red_case(monkeypatch):
    """Accepted 09-30 with 5 working days: due 10-13, red on 10-12."""
    freeze(monkeypatch, date(2026, 9, 30))
    case = services.accept(clerk(), submitted_case(item(promised_limit_days=5)))
    services.dispatch(clerk(), case, [DepartmentFactory()])
    return case


def test_a_warning_raised_by_another_scan_meanwhile_is_not_raised_again(monkeypatch, calendar_2026):
    first, second = _red_case(monkeypatch), _red_case(monkeypatch)
    day = date(2026, 10, 12)
    freeze(monkeypatch, day)
    # The other scan got there first for one case.
    CaseWarning.objects.create(
        case=first,
        clock_kind=ClockKind.PROMISED,
        level=WarningLevel.RED,
        raised_on=day,
        due_date=date(2026, 10, 13),
    )
    real = deadlines._insert_sql
    statements = []

    def blind_to_the_other_scan(today, on_conflict=None):
        sql, params = real(today, on_conflict)
        if on_conflict is None:  # the plain INSERT, as if its anti-join ran before the other
            sql = re.sub(r"WHERE NOT EXISTS \(.*?\)\s*$", "", sql)
        statements.append(on_conflict)
        return sql, params

    monkeypatch.setattr(deadlines, "_insert_sql", blind_to_the_other_scan)

    assert deadlines.raise_warnings(day) == 1
    assert len(statements) == 2  # refused, then again with ON CONFLICT DO NOTHING
    assert sorted(CaseWarning.objects.values_list("case_id", "level")) == [
        (first.pk, WarningLevel.RED),
        (second.pk, WarningLevel.RED),
    ]
