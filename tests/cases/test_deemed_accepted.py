"""行政许可法 Art. 32: five working days after submission with no notice, the application
counts as accepted: no deficiency notice any more, the clocks start from the submission
date, and the window's page says so. Across the 2026 National Day holiday."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from onewindow.cases import services
from onewindow.cases.clocks.deadlines import run_daily_scan
from onewindow.cases.constants import CaseStatus
from onewindow.core.audit.models import AuditEvent
from onewindow.core.errors import Conflict
from tests.cases.factories import clerk, freeze, ids, item, submitted_case

pytestmark = pytest.mark.django_db


def submitted_on_29_september(monkeypatch):
    # 09-30 (1), 10-08 (2), 10-09 (3), Saturday 10-10 make-up (4), 10-12 (5): the last day.
    freeze(monkeypatch, date(2026, 9, 29))
    return submitted_case(item(promised_limit_days=5), missing=["场地证明"])


def test_a_notice_on_the_fifth_working_day_is_still_allowed(monkeypatch, calendar_2026):
    case = submitted_on_29_september(monkeypatch)
    freeze(monkeypatch, date(2026, 10, 12))
    notice = services.issue_deficiency_notice(clerk(), case, ids(case, "场地证明"))
    assert notice.pk


def test_after_the_holiday_and_five_working_days_no_notice_and_clocks_from_submission(
    monkeypatch, calendar_2026, client
):
    case = submitted_on_29_september(monkeypatch)
    freeze(monkeypatch, date(2026, 10, 13))
    window = clerk()
    with pytest.raises(Conflict) as refused:
        services.issue_deficiency_notice(window, case, ids(case, "场地证明"))
    assert "第三十二条" in refused.value.message

    # Opening the case accepts it by law (the daily scan would have done it tonight).
    client.force_login(window)
    page = client.get(reverse("cases:window_case", args=[case.number]))
    assert 'data-testid="deemed-accepted"' in page.content.decode()
    assert "依法视为受理（受理日期 2026-09-29）" in page.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED
    assert case.promised_clock.started_on == date(2026, 9, 29)

    # Submitted today and accepted today: the clocks start today, as always.
    fresh = services.accept(window, submitted_case(item(promised_limit_days=5)))
    assert fresh.promised_clock.started_on == date(2026, 10, 13)


def test_the_daily_scan_accepts_by_law_after_the_fifth_working_day_across_national_day(
    monkeypatch, calendar_2026, client
):
    case = submitted_on_29_september(monkeypatch)  # 场地证明 missing, no notice given

    # The 4th working day (Saturday 10-10, a make-up day) and the 5th (10-12): nothing.
    for day in (date(2026, 10, 10), date(2026, 10, 12)):
        freeze(monkeypatch, day)
        assert run_daily_scan(day)["deemed_accepted"] == 0
        case.refresh_from_db()
        assert case.status == CaseStatus.SUBMITTED

    # The day after the 5th working day: accepted by law, from the submission date.
    freeze(monkeypatch, date(2026, 10, 13))
    result = run_daily_scan(date(2026, 10, 13))
    assert result["deemed_accepted"] == 1
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED
    assert case.accepted_by is None
    assert timezone.localtime(case.accepted_at).date() == date(2026, 9, 29)
    assert case.promised_clock.started_on == date(2026, 9, 29)
    assert case.statutory_clock.started_on == date(2026, 9, 29)
    event = case.events.get(action="deem_accept")
    assert "第三十二条" in event.note
    assert AuditEvent.objects.filter(action="case.deem_accept").count() == 1

    # Twice changes nothing more.
    assert run_daily_scan(date(2026, 10, 13))["deemed_accepted"] == 0
    assert case.events.filter(action="deem_accept").count() == 1
    assert AuditEvent.objects.filter(action="case.deem_accept").count() == 1
    assert services.deem_accepted(case) is None

    # No deficiency notice any more: 409 with the reason, in the service and on the page.
    window = clerk()
    with pytest.raises(Conflict) as refused:
        services.issue_deficiency_notice(window, case, ids(case, "场地证明"))
    assert "第三十二条" in refused.value.message
    client.force_login(window)
    page = client.post(
        reverse("cases:window_case", args=[case.number]),
        {"action": "notify_deficiency", "missing": ids(case, "场地证明")},
    )
    assert page.status_code == 409
    assert "第三十二条" in page.content.decode()
    assert not case.deficiency_notices.exists()

    # The applicant's page says so, with the date.
    client.force_login(case.applicant)
    page = client.get(reverse("cases:detail", args=[case.number]))
    assert "依法视为受理（自提交之日 2026-09-29 起" in page.content.decode()


def test_a_late_acceptance_counts_from_the_submission_date(monkeypatch, calendar_2026):
    freeze(monkeypatch, date(2026, 9, 29))
    case = submitted_case(item(promised_limit_days=5))
    freeze(monkeypatch, date(2026, 10, 13))
    case = services.accept(clerk(), case)
    assert case.promised_clock.started_on == date(2026, 9, 29)
