"""Deadlines on the working-day calendar across the 2026 National Day holiday.

2026: 10-01..10-07 off, Saturday 10-10 a make-up working day. A deadline counts from the
working day after acceptance; department pauses (补正, expert review, inspection) do not count.
"""

from datetime import date

import pytest

from onewindow.cases import selectors, services
from onewindow.core.workdays.constants import PauseKind, WarningLevel
from onewindow.core.workdays.services import warning_level
from tests.accounts.factories import DepartmentFactory
from tests.cases.factories import approver, clerk, freeze, item, submitted_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(monkeypatch, calendar_2026):
    """A case accepted on 2026-09-30 (promised 5, statutory 20) and under review by two."""
    freeze(monkeypatch, date(2026, 9, 30))
    case = services.accept(clerk(), submitted_case(item(promised_limit_days=5)))
    departments = [DepartmentFactory(), DepartmentFactory()]
    tasks = services.dispatch(clerk(), case, departments)
    people = [approver(d) for d in departments]
    for person, task in zip(people, tasks, strict=True):
        services.start_review(person, task)
    return case, tasks, people


def _due(case):
    case.refresh_from_db()
    return case.promised_clock.due_date, case.statutory_clock.due_date


def test_accepted_on_30_september_is_due_on_13_october(in_review):
    case, _tasks, _people = in_review
    assert _due(case) == (date(2026, 10, 13), date(2026, 11, 3))


def test_a_supplement_pause_extends_the_deadline(monkeypatch, in_review):
    case, (task, _other), (person, _p) = in_review
    freeze(monkeypatch, date(2026, 10, 9))
    services.pause_task(person, task, PauseKind.SUPPLEMENT, "请补正施工图")
    case.refresh_from_db()
    assert case.promised_clock.paused_since == date(2026, 10, 9)
    assert warning_level(case.promised_clock) == WarningLevel.PAUSED
    assert case.events.filter(action="task_pause").get().note == "补正材料：请补正施工图"

    freeze(monkeypatch, date(2026, 10, 12))
    services.resume_task(person, task)
    # (10-09, 10-12] holds two working days: Saturday 10-10 and Monday 10-12.
    assert _due(case) == (date(2026, 10, 15), date(2026, 11, 5))
    assert case.promised_clock.paused_since is None


def test_overlapping_pauses_of_two_departments_count_once(monkeypatch, in_review):
    case, (t1, t2), (p1, p2) = in_review
    freeze(monkeypatch, date(2026, 10, 9))
    services.pause_task(p1, t1, PauseKind.EXPERT_REVIEW, "专家评审")
    freeze(monkeypatch, date(2026, 10, 12))
    services.pause_task(p2, t2, PauseKind.INSPECTION, "现场核查")
    freeze(monkeypatch, date(2026, 10, 13))
    services.resume_task(p1, t1)
    case.refresh_from_db()
    assert case.promised_clock.paused_since == date(2026, 10, 9)  # still paused by t2
    freeze(monkeypatch, date(2026, 10, 14))
    services.resume_task(p2, t2)
    # (10-09, 10-14]: 10-10, 10-12, 10-13, 10-14 → four working days added to 10-13.
    assert _due(case) == (date(2026, 10, 19), date(2026, 11, 9))


def test_a_pause_needs_a_known_kind_and_a_reason(in_review):
    from onewindow.core.errors import InvalidInput

    case, (task, _t), (person, _p) = in_review
    for kind, reason in (("coffee", "理由"), (PauseKind.CONDITIONAL, "理由"), ("inspection", "")):
        with pytest.raises(InvalidInput):
            services.pause_task(person, task, kind, reason)
    case.refresh_from_db()
    assert case.promised_clock.paused_since is None


def test_the_decision_stops_the_clocks_on_its_day(monkeypatch, in_review):
    case, tasks, people = in_review
    freeze(monkeypatch, date(2026, 10, 12))
    for person, task in zip(people, tasks, strict=True):
        services.decide_task(person, task, True)
    case.refresh_from_db()
    assert case.promised_clock.stopped_on == date(2026, 10, 12)
    assert case.statutory_clock.stopped_on == date(2026, 10, 12)


def test_a_submission_unanswered_for_five_working_days_is_listed(monkeypatch, calendar_2026):
    freeze(monkeypatch, date(2026, 9, 28))  # Monday; 5 working days end on Saturday 10-10
    waiting = submitted_case()
    answered = submitted_case()
    services.accept(clerk(), answered)

    assert list(selectors.unanswered_submissions(date(2026, 10, 10))) == []
    assert list(selectors.unanswered_submissions(date(2026, 10, 11))) == [waiting]
    visible = selectors.visible_cases(waiting.applicant)
    assert list(selectors.unanswered_submissions(date(2026, 10, 12), queryset=visible)) == [waiting]
    assert selectors.unanswered_cutoff(date(2026, 10, 11)) == date(2026, 9, 28)
