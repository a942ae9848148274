"""Overdue measures escalate on the working-day clock: reminder once past due, warning at
5 and an accountability notice at 10 working days overdue, each raised once.

Due Wednesday 2026-09-30, just before the National Day holiday (10-01..10-07), with
Saturday 10-10 a make-up working day. Working days overdue: 10-08 is 1, 10-09 2, 10-10 3,
10-12 4, 10-13 5 (the warning; Mon–Fri counting would have said 10-07), 10-20 10.
"""

from datetime import date, timedelta

import pytest

from onewindow.rectification.constants import Escalation, LedgerAction, MeasureKind
from onewindow.rectification.ledger import escalation
from onewindow.rectification.ledger import services as ledger
from onewindow.rectification.models import LedgerEvent
from tests.rectification.factories import close, inspection_, measure_, problem_

DUE = date(2026, 9, 30)


@pytest.fixture
def overdue(calendar_2026, unit, leader, unit_clerk):
    problem = problem_(inspection_(feedback_on=date(2026, 8, 3)))
    return measure_(problem, unit=unit, due_date=DUE)


def _scan_every_day(first, last, times=2):
    raised_on = {}
    day = first
    while day <= last:
        for _ in range(times):  # a second run the same day raises nothing
            result = ledger.scan_overdue(day)
            for level, n in result.raised.items():
                if n:
                    raised_on.setdefault(level, []).append(day)
        day += timedelta(days=1)
    return raised_on


def test_each_level_is_raised_once_on_the_working_day_clock(overdue):
    assert ledger.scan_overdue(DUE).total == 0  # due today: not overdue
    raised_on = _scan_every_day(date(2026, 10, 1), date(2026, 11, 30))
    assert raised_on == {
        Escalation.REMINDER: [date(2026, 10, 1)],
        Escalation.WARNING: [date(2026, 10, 13)],
        Escalation.ACCOUNTABILITY: [date(2026, 10, 20)],
    }
    overdue.refresh_from_db()
    assert overdue.escalation == Escalation.ACCOUNTABILITY
    for action in (LedgerAction.REMINDER, LedgerAction.WARNING, LedgerAction.ACCOUNTABILITY):
        assert LedgerEvent.objects.filter(measure=overdue, action=action).count() == 1


def test_a_missed_scan_raises_the_skipped_levels_in_order(overdue):
    result = ledger.scan_overdue(date(2026, 10, 21))
    assert result.raised == {1: 1, 2: 1, 3: 1}
    actions = list(
        LedgerEvent.objects.filter(measure=overdue)
        .exclude(action=LedgerAction.CREATED)
        .values_list("action", flat=True)
    )
    assert actions == [LedgerAction.REMINDER, LedgerAction.WARNING, LedgerAction.ACCOUNTABILITY]


def test_closed_and_ongoing_measures_do_not_escalate(overdue, unit, leader):
    ongoing = measure_(overdue.problem, unit=unit, due_date=DUE, kind=MeasureKind.ONGOING)
    done = measure_(overdue.problem, unit=unit, due_date=DUE)
    close(done, leader)
    ledger.scan_overdue(date(2026, 10, 21))
    ongoing.refresh_from_db()
    done.refresh_from_db()
    assert (ongoing.escalation, done.escalation) == (Escalation.NONE, Escalation.NONE)


def test_thresholds_are_a_setting_and_leaders_are_notified(overdue, settings, leader, monkeypatch):
    sent = []
    monkeypatch.setattr(
        "onewindow.rectification.ledger.services.notify",
        lambda user, **kw: sent.append((user.pk, kw["event"])),
    )
    settings.RECTIFICATION_ESCALATION_WORKDAYS = (1, 2, 3)
    assert escalation.level_for(0) == Escalation.NONE
    ledger.scan_overdue(date(2026, 10, 8))  # 1 working day overdue
    overdue.refresh_from_db()
    assert overdue.escalation == Escalation.REMINDER
    assert (leader.pk, "rectification.reminder") in sent


def test_the_celery_task_runs_the_scan(overdue):
    from onewindow.rectification.ledger.tasks import daily_escalation_scan

    result = daily_escalation_scan.apply(kwargs={"today": "2026-10-13"}).get()
    assert result["raised"] == {"1": 1, "2": 1, "3": 0}
