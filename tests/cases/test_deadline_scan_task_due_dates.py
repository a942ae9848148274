"""Each department task carries its case's promised due date (worklists sort on it), and
follows it when a pause moves it. 2026: a case accepted on 09-30 with a promised limit of
5 working days is due on 10-13 (National Day 10-01..10-07; Saturday 10-10 a working day)."""

from datetime import date

import pytest

from onewindow.cases import services
from onewindow.core.workdays.constants import PauseKind
from tests.accounts.factories import DepartmentFactory
from tests.cases.factories import approver, clerk, freeze, item, submitted_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(monkeypatch, calendar_2026):
    freeze(monkeypatch, date(2026, 9, 30))
    case = services.accept(clerk(), submitted_case(item(promised_limit_days=5)))
    departments = [DepartmentFactory(), DepartmentFactory()]
    made = services.dispatch(clerk(), case, departments)
    people = [approver(d) for d in departments]
    for person, task in zip(people, made, strict=True):
        services.start_review(person, task)
    return case, made, people


def _due_ons(case):
    return sorted(set(case.tasks.values_list("due_on", flat=True)))


def test_dispatch_gives_every_task_the_promised_due_date(tasks):
    case, made, _people = tasks
    assert [t.due_on for t in made] == [date(2026, 10, 13)] * 2
    assert _due_ons(case) == [date(2026, 10, 13)]


def test_a_pause_and_resume_move_every_task_s_due_date(monkeypatch, tasks):
    case, (task, _other), (person, _p) = tasks
    freeze(monkeypatch, date(2026, 10, 9))
    services.pause_task(person, task, PauseKind.INSPECTION, "现场核查")
    assert _due_ons(case) == [date(2026, 10, 13)]  # unchanged while paused
    freeze(monkeypatch, date(2026, 10, 12))
    services.resume_task(person, task)
    # (10-09, 10-12]: 10-10 and 10-12 do not count: due 10-15, on both tasks.
    assert _due_ons(case) == [date(2026, 10, 15)]
    case.refresh_from_db()
    assert case.promised_clock.due_date == date(2026, 10, 15)


def test_after_a_pause_and_the_decision_the_tasks_show_the_final_due_date(monkeypatch, tasks):
    case, (t1, t2), (p1, p2) = tasks
    freeze(monkeypatch, date(2026, 10, 9))
    services.decide_task(p1, t1, True)
    services.pause_task(p2, t2, PauseKind.EXPERT_REVIEW, "专家评审")
    freeze(monkeypatch, date(2026, 10, 12))
    services.resume_task(p2, t2)
    services.decide_task(p2, t2, True)
    case.refresh_from_db()
    assert case.promised_clock.stopped_on == date(2026, 10, 12)
    assert _due_ons(case) == [case.promised_clock.due_date] == [date(2026, 10, 15)]
