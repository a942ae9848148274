"""The daily deadline scan on the 2026 calendar (National Day 10-01..10-07, Saturday 10-10
a make-up working day). Warning levels: yellow at 3 working days left, red at 1.

A case accepted on 09-30 with a promised limit of 5 working days is due on 10-13
(10-08, 10-09, 10-10, 10-12, 10-13): yellow from 10-09, red from 10-12, overdue from 10-14.
"""

import json
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command

from onewindow import celery_app
from onewindow.accounts.constants import Role
from onewindow.cases import services
from onewindow.cases.clocks.deadlines import run_daily_scan
from onewindow.cases.constants import CaseStatus, ClockKind, PromiseStatus
from onewindow.cases.models import CaseWarning
from onewindow.cases.tasks import daily_deadline_scan
from onewindow.core.audit.models import AuditEvent
from onewindow.core.workdays.constants import PauseKind
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.cases.factories import (
    CONDITIONAL,
    approver,
    clerk,
    freeze,
    ids,
    item,
    submitted_case,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(settings, tmp_path):
    """Notifications land in a JSON-lines file; the list of what was sent."""
    settings.NOTIFY_BACKENDS = ["file"]
    settings.NOTIFY_FILE_PATH = tmp_path / "notifications.log"
    path = tmp_path / "notifications.log"

    def read():
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]

    return read


@pytest.fixture
def scan(django_capture_on_commit_callbacks):
    """Run the scan for a day and deliver what it sends (as after a real commit)."""

    def run(day):
        with django_capture_on_commit_callbacks(execute=True):
            return run_daily_scan(day)

    return run


def in_review(monkeypatch, accepted_on, department, promised=5):
    """A case accepted on ``accepted_on`` and dispatched to ``department``."""
    freeze(monkeypatch, accepted_on)
    case = services.accept(clerk(), submitted_case(item(promised_limit_days=promised)))
    [task] = services.dispatch(clerk(), case, [department])
    return case, task


def warnings_of(case):
    return sorted(
        CaseWarning.objects.filter(case=case).values_list("clock_kind", "level", "raised_on")
    )


def test_one_case_warns_yellow_red_and_overdue_on_the_right_days(monkeypatch, calendar_2026):
    case, _task = in_review(monkeypatch, date(2026, 9, 30), DepartmentFactory())
    first_seen = {}
    day = date(2026, 10, 1)
    while day <= date(2026, 10, 16):
        freeze(monkeypatch, day)
        run_daily_scan(day)
        for kind, level, raised_on in warnings_of(case):
            first_seen.setdefault((kind, level), raised_on)
        day += timedelta(days=1)
    # Nothing during the holiday; the statutory clock (due 11-03) stays normal.
    assert first_seen == {
        (ClockKind.PROMISED, "yellow"): date(2026, 10, 9),
        (ClockKind.PROMISED, "red"): date(2026, 10, 12),
        (ClockKind.PROMISED, "overdue"): date(2026, 10, 14),
    }
    assert CaseWarning.objects.filter(case=case).count() == 3
    assert set(CaseWarning.objects.values_list("due_date", flat=True)) == {date(2026, 10, 13)}


def test_cases_at_each_level_get_exactly_their_warning(monkeypatch, calendar_2026):
    department = DepartmentFactory()
    overdue, _t = in_review(monkeypatch, date(2026, 9, 28), department)  # due 10-10
    red, _t = in_review(monkeypatch, date(2026, 9, 30), department)  # due 10-13
    yellow, _t = in_review(monkeypatch, date(2026, 10, 8), department)  # due 10-14
    normal, _t = in_review(monkeypatch, date(2026, 10, 9), department, promised=10)
    paused, paused_task = in_review(monkeypatch, date(2026, 9, 30), department)
    person = approver(department)
    freeze(monkeypatch, date(2026, 10, 9))
    services.start_review(person, paused_task)
    services.pause_task(person, paused_task, PauseKind.EXPERT_REVIEW, "组织专家评审")

    freeze(monkeypatch, date(2026, 10, 12))
    result = run_daily_scan(date(2026, 10, 12))

    day = date(2026, 10, 12)
    assert warnings_of(overdue) == [(ClockKind.PROMISED, "overdue", day)]
    assert warnings_of(red) == [(ClockKind.PROMISED, "red", day)]
    assert warnings_of(yellow) == [(ClockKind.PROMISED, "yellow", day)]
    assert warnings_of(normal) == []
    assert warnings_of(paused) == []  # a paused clock does not warn
    assert result["warnings_raised"] == 3
    assert result["warnings"][ClockKind.PROMISED] == {"overdue": 1, "red": 1, "yellow": 1}
    assert result["warnings"][ClockKind.STATUTORY] == {"overdue": 0, "red": 0, "yellow": 0}


def test_the_statutory_clock_warns_too(monkeypatch, calendar_2026):
    case, _t = in_review(monkeypatch, date(2026, 9, 30), DepartmentFactory())
    # Statutory 20 working days from 09-30: due 11-03; red from 11-02, overdue from 11-04.
    freeze(monkeypatch, date(2026, 11, 4))
    run_daily_scan(date(2026, 11, 4))
    assert warnings_of(case) == [
        (ClockKind.PROMISED, "overdue", date(2026, 11, 4)),
        (ClockKind.STATUTORY, "overdue", date(2026, 11, 4)),
    ]


def test_running_twice_raises_nothing_new_and_sends_no_second_digest(
    monkeypatch, calendar_2026, outbox, scan
):
    department = DepartmentFactory()
    person = approver(department)
    in_review(monkeypatch, date(2026, 9, 30), department)
    freeze(monkeypatch, date(2026, 10, 12))
    first = scan(date(2026, 10, 12))
    sent = outbox()
    second = scan(date(2026, 10, 12))

    assert first["warnings_raised"] == 1 and first["departments_notified"] == 1
    assert second["warnings_raised"] == 0 and second["departments_notified"] == 0
    assert second["repeated"] is True
    assert CaseWarning.objects.count() == 1
    assert outbox() == sent
    assert [line["recipient"]["user_id"] for line in sent] == [person.pk]
    # Each run is audited once, with its counts.
    runs = AuditEvent.objects.filter(action="cases.deadline_scan", object_id="2026-10-12")
    assert runs.count() == 2


def test_one_digest_per_department_naming_its_cases(monkeypatch, calendar_2026, outbox, scan):
    housing, transport, quiet = DepartmentFactory(), DepartmentFactory(), DepartmentFactory()
    h1, h2 = approver(housing), approver(housing)
    t1 = approver(transport)
    approver(quiet)
    UserFactory(role=Role.APPROVER, department=housing, is_active=False)  # gets nothing
    UserFactory(clerk=True, department=housing)  # not an approver: gets nothing
    red, _t = in_review(monkeypatch, date(2026, 9, 30), housing)
    overdue, _t = in_review(monkeypatch, date(2026, 9, 28), housing)
    yellow, _t = in_review(monkeypatch, date(2026, 10, 8), transport)
    in_review(monkeypatch, date(2026, 10, 9), quiet, promised=10)  # normal: no digest

    freeze(monkeypatch, date(2026, 10, 12))
    result = scan(date(2026, 10, 12))

    digests = [line for line in outbox() if line["event"] == "cases.deadline_digest"]
    assert result["departments_notified"] == 2
    by_user = {line["recipient"]["user_id"]: line for line in digests}
    assert sorted(by_user) == sorted([h1.pk, h2.pk, t1.pk])  # one message each
    housing_body = by_user[h1.pk]["body"]
    assert by_user[h2.pk]["body"] == housing_body
    assert housing_body == (
        "本部门在办件新增时限预警——承诺时限：超期1件，红色预警1件。"
        f"新超期办件：{overdue.number}，请优先办理。详见审查工作台。"
    )
    assert red.number not in housing_body  # counted, not named: only overdue ones are
    assert by_user[t1.pk]["body"] == (
        "本部门在办件新增时限预警——承诺时限：黄色预警1件。详见审查工作台。"
    )
    assert yellow.number not in by_user[t1.pk]["body"]
    assert by_user[t1.pk]["subject"] == "办件时限预警（2026-10-12）"
    assert by_user[h1.pk]["object"] == {"type": "org.department", "id": str(housing.pk)}


def test_a_department_whose_task_is_decided_is_not_told(monkeypatch, calendar_2026, outbox, scan):
    one, two = DepartmentFactory(), DepartmentFactory()
    first, second = approver(one), approver(two)
    freeze(monkeypatch, date(2026, 9, 30))
    case = services.accept(clerk(), submitted_case(item()))
    task_one, task_two = services.dispatch(clerk(), case, [one, two])
    freeze(monkeypatch, date(2026, 10, 9))
    services.start_review(first, task_one)
    services.decide_task(first, task_one, True)

    freeze(monkeypatch, date(2026, 10, 12))
    scan(date(2026, 10, 12))
    told = {line["recipient"]["user_id"] for line in outbox()}
    assert told == {second.pk}


def test_the_applicant_is_not_told_of_warnings(monkeypatch, calendar_2026, outbox, scan):
    department = DepartmentFactory()
    approver(department)
    case, _t = in_review(monkeypatch, date(2026, 9, 28), department)
    freeze(monkeypatch, date(2026, 10, 12))
    scan(date(2026, 10, 12))
    assert case.applicant_id not in {line["recipient"]["user_id"] for line in outbox()}


def test_supervisors_hear_of_unanswered_submissions_once_a_day(
    monkeypatch, calendar_2026, outbox, scan
):
    supervisor = UserFactory(role=Role.SUPERVISOR)
    freeze(monkeypatch, date(2026, 9, 28))
    submitted_case()
    freeze(monkeypatch, date(2026, 10, 12))
    result = scan(date(2026, 10, 12))
    again = scan(date(2026, 10, 12))

    assert result["unanswered_submissions"] == 1
    assert result["supervisors_notified"] == 1
    assert again["supervisors_notified"] == 0
    [line] = [line for line in outbox() if line["event"] == "cases.supervisor_digest"]
    assert line["recipient"]["user_id"] == supervisor.pk
    assert "超过5个工作日未作受理答复的申请1件" in line["body"]


def test_nothing_to_report_sends_nothing(calendar_2026, outbox, scan):
    UserFactory(role=Role.SUPERVISOR)
    result = scan(date(2026, 10, 12))
    assert result["warnings_raised"] == 0 and result["supervisors_notified"] == 0
    assert outbox() == []


def test_a_broken_promise_ends_the_case_and_raises_no_warning(monkeypatch, calendar_2026):
    freeze(monkeypatch, date(2026, 9, 28))
    case = submitted_case(missing=[CONDITIONAL])
    services.accept_conditionally(
        clerk(),
        case,
        missing=ids(case, CONDITIONAL),
        promise_date=date(2026, 9, 30),
        signed=True,
    )
    freeze(monkeypatch, date(2026, 10, 12))
    result = run_daily_scan(date(2026, 10, 12))
    case.refresh_from_db()
    assert result["promises_expired"] == 1
    assert case.status == CaseStatus.TERMINATED
    assert case.promise.status == PromiseStatus.BROKEN
    assert not CaseWarning.objects.filter(case=case).exists()


def test_the_celery_task_runs_in_process_without_a_broker(monkeypatch, calendar_2026, settings):
    assert celery_app.conf.task_always_eager  # no CELERY_BROKER_URL in the tests
    in_review(monkeypatch, date(2026, 9, 30), DepartmentFactory())
    result = daily_deadline_scan.delay("2026-10-12").get()
    assert result["warnings_raised"] == 1
    assert result["date"] == "2026-10-12"


def test_beat_runs_the_scan_every_morning():
    entry = celery_app.conf.beat_schedule["cases.daily_deadline_scan"]
    assert entry["task"] == daily_deadline_scan.name
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}


def test_the_command_scans_a_given_day(monkeypatch, calendar_2026, capsys):
    in_review(monkeypatch, date(2026, 9, 30), DepartmentFactory())
    call_command("scan_deadlines", "--date", "2026-10-12")
    out = capsys.readouterr().out
    assert "2026-10-12：新增预警 1 条" in out
    assert CaseWarning.objects.get().level == "red"
    for bad in ("2026-13-01", "yesterday", "1800-01-01"):
        with pytest.raises(CommandError):
            call_command("scan_deadlines", "--date", bad)


def test_the_digest_names_at_most_the_configured_number_of_overdue_cases(
    monkeypatch, calendar_2026, outbox, scan, settings
):
    settings.CASES_DIGEST_MAX_NUMBERS = 2
    department = DepartmentFactory()
    approver(department)
    late = [in_review(monkeypatch, date(2026, 9, d), department)[0] for d in (24, 28, 29)]
    freeze(monkeypatch, date(2026, 11, 4))  # also past the statutory due date of all three
    scan(date(2026, 11, 4))
    [line] = outbox()
    assert "承诺时限：超期3件；法定时限：超期3件" in line["body"]
    # The longest overdue first, each named once although overdue on both clocks.
    assert f"新超期办件：{late[0].number}、{late[1].number}，" in line["body"]
    assert late[2].number not in line["body"]
