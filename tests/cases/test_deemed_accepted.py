"""行政许可法 Art. 32: five working days after submission with no notice, the application
counts as accepted: no deficiency notice any more, the clocks start from the submission
date, and the window's page says so. Across the 2026 National Day holiday."""

from datetime import date

import pytest
from django.urls import reverse

from onewindow.cases import services
from onewindow.core.errors import InvalidInput
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
    with pytest.raises(InvalidInput) as refused:
        services.issue_deficiency_notice(window, case, ids(case, "场地证明"))
    assert "第三十二条" in refused.value.message

    client.force_login(window)
    page = client.get(reverse("cases:window_case", args=[case.number]))
    assert 'data-testid="deemed-accepted"' in page.content.decode()

    # Submitted today and accepted today: the clocks start today, as always.
    fresh = services.accept(window, submitted_case(item(promised_limit_days=5)))
    assert fresh.promised_clock.started_on == date(2026, 10, 13)


def test_a_late_acceptance_counts_from_the_submission_date(monkeypatch, calendar_2026):
    freeze(monkeypatch, date(2026, 9, 29))
    case = submitted_case(item(promised_limit_days=5))
    freeze(monkeypatch, date(2026, 10, 13))
    case = services.accept(clerk(), case)
    assert case.promised_clock.started_on == date(2026, 9, 29)
