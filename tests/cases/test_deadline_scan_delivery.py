"""The daily deadline scan on the delivery clock (送达时限), on the 2026 calendar.

A case approved on Monday 10-12 must be delivered within 10 working days (10-13 .. 10-26):
yellow from 10-21 (3 working days left), red from 10-23 (1 left), overdue from 10-27.
Its promised and statutory clocks stopped at the decision, so only the delivery clock warns.
"""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from onewindow.accounts.constants import Role
from onewindow.cases import services
from onewindow.cases.certificates import deliver
from onewindow.cases.clocks.deadlines import run_daily_scan
from onewindow.cases.constants import CaseStatus, ClockKind, DeliveryMethod
from onewindow.cases.models import Case, CaseWarning
from onewindow.core.workdays import services as clocks
from onewindow.core.workdays.constants import PauseKind
from tests.accounts.factories import UserFactory
from tests.cases.certificate_factories import approved_case
from tests.cases.factories import clerk, freeze

pytestmark = pytest.mark.django_db

DECIDED_ON = date(2026, 10, 12)
YELLOW_ON, RED_ON, DUE_ON = date(2026, 10, 21), date(2026, 10, 23), date(2026, 10, 26)
OVERDUE_ON = date(2026, 10, 27)


def decided(monkeypatch):
    freeze(monkeypatch, DECIDED_ON)
    case = approved_case()
    case = Case.objects.select_related("delivery_clock").get(pk=case.pk)
    assert case.status == CaseStatus.DECIDED
    return case


def warnings_of(case):
    return sorted(
        CaseWarning.objects.filter(case=case).values_list("clock_kind", "level", "raised_on")
    )


def scan_days(monkeypatch, committed, first, last):
    """Scan every day from ``first`` to ``last``, notifications sent as after a commit."""
    day = first
    while day <= last:
        freeze(monkeypatch, day)
        committed(run_daily_scan, day)
        day += timedelta(days=1)


def test_the_delivery_clock_has_the_dates_this_file_expects(monkeypatch, calendar_2026):
    clock = decided(monkeypatch).delivery_clock
    assert (clock.warn_yellow_on, clock.warn_red_on, clock.due_date) == (YELLOW_ON, RED_ON, DUE_ON)


def test_an_undelivered_case_warns_yellow_red_and_overdue_once_each(
    monkeypatch, calendar_2026, committed
):
    case = decided(monkeypatch)
    scan_days(monkeypatch, committed, DECIDED_ON, OVERDUE_ON + timedelta(days=3))
    assert warnings_of(case) == [
        (ClockKind.DELIVERY, "overdue", OVERDUE_ON),
        (ClockKind.DELIVERY, "red", RED_ON),
        (ClockKind.DELIVERY, "yellow", YELLOW_ON),
    ]
    assert set(CaseWarning.objects.values_list("due_date", flat=True)) == {DUE_ON}
    freeze(monkeypatch, OVERDUE_ON)
    again = run_daily_scan(OVERDUE_ON)
    assert again["warnings_raised"] == 0


def test_the_scan_counts_delivery_warnings_on_their_own(monkeypatch, calendar_2026):
    decided(monkeypatch)
    freeze(monkeypatch, RED_ON)
    result = run_daily_scan(RED_ON)
    assert result["warnings_raised"] == 1
    assert result["warnings"][ClockKind.DELIVERY] == {"overdue": 0, "red": 1, "yellow": 0}
    assert result["warnings"][ClockKind.PROMISED] == {"overdue": 0, "red": 0, "yellow": 0}
    assert result["departments_notified"] == 0  # the departments' tasks are closed


def test_the_window_clerks_get_one_digest_naming_the_overdue_case(
    monkeypatch, calendar_2026, committed, outbox
):
    case = decided(monkeypatch)
    window = [UserFactory(role=Role.CLERK), UserFactory(role=Role.CLERK)]
    UserFactory(role=Role.CLERK, is_active=False)  # gets nothing
    department_staff = UserFactory(role=Role.APPROVER, department=window[0].department)
    scan_days(monkeypatch, committed, DECIDED_ON, OVERDUE_ON + timedelta(days=3))
    freeze(monkeypatch, OVERDUE_ON)
    repeated = committed(run_daily_scan, OVERDUE_ON)

    digests = outbox("cases.delivery_digest")
    # The clerks the factories made on the way to the decision are told too.
    clerks = set(
        get_user_model()
        .objects.filter(is_active=True, role_grants__role=Role.CLERK)
        .values_list("pk", flat=True)
    )
    assert {w.pk for w in window} <= clerks
    # One message per active clerk, sent once: on the day the case became overdue.
    assert sorted(line["recipient"]["user_id"] for line in digests) == sorted(clerks)
    assert repeated["window_notified"] == 0
    line = digests[0]
    assert line["subject"] == "待送达办件超期提醒（2026-10-27）"
    assert line["body"] == (
        f"已决定的办件新增超过送达时限仍未送达1件：{case.number}，"
        "请尽快通知申请人领取或邮寄送达。详见受理工作台“待送达”。"
    )
    assert line["object"] == {"type": "cases.deadline_scan", "id": "2026-10-27"}
    # Delivery is the window's job: no department digest, the applicant is not told.
    told = {line["recipient"]["user_id"] for line in outbox()}
    assert department_staff.pk not in told and case.applicant_id not in told


def test_the_supervisors_digest_has_a_delivery_line(monkeypatch, calendar_2026, committed, outbox):
    supervisor = UserFactory(role=Role.SUPERVISOR)
    decided(monkeypatch)
    scan_days(monkeypatch, committed, DECIDED_ON, OVERDUE_ON)
    lines = outbox("cases.supervisor_digest")
    assert [line["recipient"]["user_id"] for line in lines] == [supervisor.pk, supervisor.pk]
    red, overdue = (line["body"] for line in lines)  # yellow alone tells no supervisor
    assert "今日新增超期预警0条、红色预警0条。" in red
    assert red.endswith("已决定待送达办件（送达时限）今日新增超期预警0条、红色预警1条。")
    assert overdue.endswith("已决定待送达办件（送达时限）今日新增超期预警1条、红色预警0条。")


def test_the_digest_names_at_most_the_configured_number_longest_overdue_first(
    monkeypatch, calendar_2026, committed, outbox, settings
):
    settings.CASES_DIGEST_MAX_NUMBERS = 2
    late = []
    for day in (date(2026, 10, 8), date(2026, 10, 9), DECIDED_ON):
        freeze(monkeypatch, day)
        late.append(approved_case())
    freeze(monkeypatch, date(2026, 11, 2))
    committed(run_daily_scan, date(2026, 11, 2))
    body = outbox("cases.delivery_digest")[0]["body"]
    assert f"未送达3件：{late[0].number}、{late[1].number}等，" in body
    assert late[2].number not in body


def test_a_delivered_case_gets_no_warning(monkeypatch, calendar_2026, committed, outbox):
    case = decided(monkeypatch)
    freeze(monkeypatch, date(2026, 10, 14))
    deliver(clerk(), case, method=DeliveryMethod.WINDOW, recipient="王小明")
    case = Case.objects.select_related("delivery_clock").get(pk=case.pk)
    assert case.delivery_clock.stopped_on == date(2026, 10, 14)
    scan_days(monkeypatch, committed, DECIDED_ON, OVERDUE_ON)
    assert warnings_of(case) == []
    assert outbox("cases.delivery_digest") == []


def test_delivery_after_the_yellow_warning_stops_the_rest(monkeypatch, calendar_2026, committed):
    case = decided(monkeypatch)
    scan_days(monkeypatch, committed, DECIDED_ON, YELLOW_ON)
    deliver(clerk(), case, method=DeliveryMethod.WINDOW, recipient="王小明")
    scan_days(monkeypatch, committed, YELLOW_ON, OVERDUE_ON)
    assert warnings_of(case) == [(ClockKind.DELIVERY, "yellow", YELLOW_ON)]


def test_a_paused_delivery_clock_gets_no_warning(monkeypatch, calendar_2026):
    case = decided(monkeypatch)
    freeze(monkeypatch, date(2026, 10, 13))
    clocks.pause_clock(case.delivery_clock, PauseKind.OTHER)
    freeze(monkeypatch, OVERDUE_ON)
    assert run_daily_scan(OVERDUE_ON)["warnings_raised"] == 0
    assert warnings_of(case) == []


def test_a_case_concluded_without_delivery_gets_no_warning(monkeypatch, calendar_2026):
    case = decided(monkeypatch)
    freeze(monkeypatch, date(2026, 10, 15))
    services.conclude(clerk(), case, note="申请人已当场领取")
    clock = Case.objects.select_related("delivery_clock").get(pk=case.pk).delivery_clock
    assert clock.stopped_on == date(2026, 10, 15)
    freeze(monkeypatch, OVERDUE_ON)
    assert run_daily_scan(OVERDUE_ON)["warnings_raised"] == 0


def test_the_window_list_shows_the_delivery_date_and_level(monkeypatch, calendar_2026):
    case = decided(monkeypatch)
    freeze(monkeypatch, RED_ON)
    browser = Client()
    browser.force_login(clerk())
    page = browser.get(reverse("cases:window_queue") + "?tab=delivery")
    assert page.status_code == 200
    text = page.content.decode()
    assert case.number in text
    assert "送达期限" in text
    assert "2026-10-26" in text and 'data-level="red"' in text
