"""行政许可法 Art. 42: the leader extends the 20 working days by 10, once, while in review.

2026: Mid-Autumn Festival 09-25 and National Day 10-01..10-07 off; Sunday 09-20 and
Saturday 10-10 make-up working days. A case accepted on Wednesday 09-02 with a statutory
limit of 20 working days is due on 09-30; ten more working days end on 10-20.
"""

import json
from datetime import date

import pytest

from onewindow.accounts.constants import Role
from onewindow.cases import services
from onewindow.cases.clocks.deadlines import run_daily_scan
from onewindow.cases.clocks.extension import extend
from onewindow.cases.constants import CaseStatus, ClockKind
from onewindow.cases.models import CaseWarning
from onewindow.core.audit.models import AuditEvent
from onewindow.core.errors import Conflict, InvalidInput, PermissionDenied
from onewindow.core.workdays import services as clocks
from onewindow.core.workdays.constants import PauseKind
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.cases.factories import approver, clerk, freeze, item, submitted_case

pytestmark = pytest.mark.django_db

REASON = "涉及重大公共利益，需组织专家论证"


@pytest.fixture
def leader():
    return UserFactory(role=Role.LEADER)


@pytest.fixture
def case_in_review(monkeypatch, calendar_2026):
    freeze(monkeypatch, date(2026, 9, 2))
    case = services.accept(
        clerk(), submitted_case(item(statutory_limit_days=20, promised_limit_days=5))
    )
    services.dispatch(clerk(), case, [DepartmentFactory()])
    case.refresh_from_db()
    assert case.statutory_clock.due_date == date(2026, 9, 30)
    return case


def test_the_leader_adds_ten_working_days_across_national_day(
    monkeypatch, case_in_review, leader, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.NOTIFY_BACKENDS = ["file"]
    settings.NOTIFY_FILE_PATH = tmp_path / "n.log"
    promised_due = case_in_review.promised_clock.due_date
    freeze(monkeypatch, date(2026, 9, 29))
    with django_capture_on_commit_callbacks(execute=True):
        case = extend(leader, case_in_review.number, REASON)

    assert case.extended_days == 10 and case.extension_reason == REASON
    assert case.statutory_clock.due_date == date(2026, 10, 20)
    assert case.statutory_clock.limit_days == 30
    assert case.promised_clock.due_date == promised_due  # the bureau's promise is unchanged
    event = case.events.get(action="extend")
    assert event.actor == leader
    assert "延长10个工作日，届满日改为2026-10-20" in event.note and REASON in event.note
    audit = AuditEvent.objects.get(action="case.extend")
    assert audit.actor_id == leader.pk
    assert audit.before["statutory_due"] == "2026-09-30"
    assert audit.after["statutory_due"] == "2026-10-20"
    [line] = [json.loads(x) for x in (tmp_path / "n.log").read_text("utf-8").splitlines()]
    assert line["event"] == "case.extended"
    assert line["recipient"]["user_id"] == case.applicant_id
    assert "审批期限延长10个工作日，法定期限届满日为2026-10-20。理由：" in line["body"]


def test_a_second_extension_is_refused(monkeypatch, case_in_review, leader):
    freeze(monkeypatch, date(2026, 9, 29))
    extend(leader, case_in_review, REASON)
    with pytest.raises(Conflict, match="已延长过一次"):
        extend(UserFactory(role=Role.LEADER), case_in_review, "再延长")
    case_in_review.refresh_from_db()
    assert case_in_review.statutory_clock.due_date == date(2026, 10, 20)
    assert case_in_review.events.filter(action="extend").count() == 1


@pytest.mark.parametrize("role", [Role.CLERK, Role.APPROVER, Role.SUPERVISOR, Role.CITIZEN])
def test_only_a_leader_may_extend(monkeypatch, case_in_review, role):
    freeze(monkeypatch, date(2026, 9, 29))
    department = DepartmentFactory() if role in (Role.CLERK, Role.APPROVER) else None
    someone = UserFactory(role=role, department=department)
    with pytest.raises(PermissionDenied):
        extend(someone, case_in_review, REASON)
    with pytest.raises(PermissionDenied):
        extend(case_in_review.applicant, case_in_review, REASON)
    with pytest.raises(PermissionDenied):
        extend(None, case_in_review, REASON)
    case_in_review.refresh_from_db()
    assert case_in_review.extended_days == 0


def test_a_disabled_leader_may_not(case_in_review):
    gone = UserFactory(role=Role.LEADER, is_active=False)
    with pytest.raises(PermissionDenied):
        extend(gone, case_in_review, REASON)


def test_only_while_in_review(monkeypatch, calendar_2026, leader):
    freeze(monkeypatch, date(2026, 9, 2))
    accepted = services.accept(clerk(), submitted_case())
    with pytest.raises(Conflict, match="审查中"):
        extend(leader, accepted, REASON)


def test_not_after_the_statutory_limit_has_run_out(monkeypatch, case_in_review, leader):
    freeze(monkeypatch, date(2026, 10, 8))  # due 09-30
    with pytest.raises(Conflict, match="已届满"):
        extend(leader, case_in_review, REASON)


def test_a_reason_is_required(monkeypatch, case_in_review, leader):
    freeze(monkeypatch, date(2026, 9, 29))
    for bad in ("", "   ", None, "长" * 501, 42):
        with pytest.raises(InvalidInput):
            extend(leader, case_in_review, bad)
    case_in_review.refresh_from_db()
    assert case_in_review.extended_days == 0


def test_the_scan_warns_again_before_the_new_due_date(monkeypatch, case_in_review, leader):
    freeze(monkeypatch, date(2026, 9, 29))
    run_daily_scan(date(2026, 9, 29))
    statutory = CaseWarning.objects.filter(case=case_in_review, clock_kind=ClockKind.STATUTORY)
    assert list(statutory.values_list("level", flat=True)) == ["red"]
    extend(leader, case_in_review, REASON)
    assert not statutory.exists()
    assert AuditEvent.objects.get(action="case.extend").before["warnings"] == ["red"]
    # 10-16: two working days left to 10-20 (10-19, 10-20): yellow again.
    freeze(monkeypatch, date(2026, 10, 16))
    run_daily_scan(date(2026, 10, 16))
    assert list(statutory.values_list("level", "due_date")) == [("yellow", date(2026, 10, 20))]


def test_a_paused_case_may_be_extended_and_keeps_its_pause(monkeypatch, calendar_2026, leader):
    freeze(monkeypatch, date(2026, 9, 2))
    department = DepartmentFactory()
    case = services.accept(clerk(), submitted_case())
    [task] = services.dispatch(clerk(), case, [department])
    person = approver(department)
    services.start_review(person, task)
    freeze(monkeypatch, date(2026, 9, 28))
    services.pause_task(person, task, PauseKind.EXPERT_REVIEW, "专家评审")
    freeze(monkeypatch, date(2026, 9, 29))
    case = extend(leader, case, REASON)
    assert case.statutory_clock.paused_since == date(2026, 9, 28)
    assert case.statutory_clock.due_date == date(2026, 10, 20)
    freeze(monkeypatch, date(2026, 10, 8))
    services.resume_task(person, task)
    case.refresh_from_db()
    # Paused (09-28, 10-08]: 09-29, 09-30, 10-08 → three more working days: 10-23.
    assert case.statutory_clock.due_date == date(2026, 10, 23)
    assert case.status == CaseStatus.IN_REVIEW


def test_extend_clock_refuses_a_stopped_clock_and_bad_days(calendar_2026):
    clock = clocks.start_clock(20, date(2026, 9, 2))
    for bad in (0, -1, True, "10", 2.5):
        with pytest.raises(InvalidInput):
            clocks.extend_clock(clock, bad)
    clocks.stop_clock(clock, date(2026, 9, 10))
    with pytest.raises(Conflict):
        clocks.extend_clock(clock, 10)
    clock.refresh_from_db()
    assert clock.limit_days == 20 and clock.due_date == date(2026, 9, 30)


# -- the leader's page ------------------------------------------------------------------


def test_the_leader_extends_from_the_page(client, monkeypatch, case_in_review, leader):
    from django.urls import reverse

    freeze(monkeypatch, date(2026, 9, 29))
    url = reverse("cases:extend", kwargs={"number": case_in_review.number})
    client.force_login(leader)
    page = client.get(url)
    assert page.status_code == 200
    assert "2026-09-30" in page.content.decode() and 'data-testid="extend-form"' in (
        page.content.decode()
    )
    assert client.post(url, {"reason": ""}).status_code == 400
    done = client.post(url, {"reason": REASON}, follow=True)
    assert done.status_code == 200
    body = done.content.decode()
    assert "已延长审批期限，并已告知申请人" in body
    assert "2026-10-20" in body and 'data-testid="cannot-extend"' in body
    again = client.post(url, {"reason": "再延长"})
    assert again.status_code == 409 and "已延长过一次" in again.content.decode()
    case_in_review.refresh_from_db()
    assert case_in_review.extended_days == 10


@pytest.mark.parametrize("role", [Role.CLERK, Role.APPROVER, Role.SUPERVISOR, Role.CITIZEN])
def test_the_page_is_404_for_anyone_but_a_leader(client, case_in_review, role):
    from django.urls import reverse

    department = DepartmentFactory() if role in (Role.CLERK, Role.APPROVER) else None
    client.force_login(UserFactory(role=role, department=department))
    url = reverse("cases:extend", kwargs={"number": case_in_review.number})
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": REASON}).status_code == 404
    case_in_review.refresh_from_db()
    assert case_in_review.extended_days == 0


def test_an_unknown_number_is_404_for_the_leader(client, leader, calendar_2026):
    from django.urls import reverse

    client.force_login(leader)
    assert (
        client.get(reverse("cases:extend", kwargs={"number": "DY20991231999999"})).status_code
        == 404
    )


def test_the_overdue_list_offers_the_leader_an_extension(client, monkeypatch, case_in_review):
    from django.urls import reverse

    freeze(monkeypatch, date(2026, 9, 29))  # the promised 5 working days ran out on 09-09
    link = reverse("cases:extend", kwargs={"number": case_in_review.number})
    client.force_login(UserFactory(role=Role.LEADER))
    assert link in client.get(reverse("cases:overdue")).content.decode()
    client.force_login(UserFactory(role=Role.SUPERVISOR))
    body = client.get(reverse("cases:overdue")).content.decode()
    assert case_in_review.number in body and link not in body
