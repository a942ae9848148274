"""A code may be used until FEEDBACK_RATING_WINDOW_WORKDAYS working days after the visit,
counted on the working-day calendar (holidays and make-up days), not in calendar days.

2026: National Day 10-01..10-07 off, Saturday 10-10 a make-up working day. A visit on
Wednesday 09-30 may be rated until 10-13 (10-08, 10-09, 10-10, 10-12, 10-13).
"""

from datetime import date

import pytest
from django.urls import reverse

from onewindow.core.errors import InvalidInput
from onewindow.feedback.models import Rating
from onewindow.feedback.ratings import visits
from tests.cases.factories import freeze

from .conftest import rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def national_day_visit(monkeypatch, calendar_2026, case, window, clerk):
    freeze(monkeypatch, date(2026, 9, 30))
    return visits.start_visit(clerk, window, case.number)


def test_a_visit_before_national_day_expires_five_working_days_later(national_day_visit):
    token, _signed = national_day_visit
    assert token.expires_on == date(2026, 10, 13)


def test_it_may_be_used_during_the_holiday_and_on_the_last_day(monkeypatch, national_day_visit):
    _token, signed = national_day_visit
    # Five calendar days would have ended on 10-05; the holiday does not count.
    freeze(monkeypatch, date(2026, 10, 13), hour=17)
    assert rate(signed, level=4).level == 4


def test_it_is_refused_the_day_after(monkeypatch, national_day_visit):
    _token, signed = national_day_visit
    freeze(monkeypatch, date(2026, 10, 14))
    with pytest.raises(InvalidInput) as error:
        rate(signed, level=5)
    assert "已过期" in error.value.message and "2026-10-13" in error.value.message
    assert Rating.objects.count() == 0


def test_the_page_says_so(monkeypatch, client, national_day_visit):
    _token, signed = national_day_visit
    freeze(monkeypatch, date(2026, 10, 14))
    response = client.get(reverse("feedback:rate", kwargs={"token": signed}))
    assert response.status_code == 400
    assert "已过期" in response.content.decode()


def test_the_period_is_a_setting(monkeypatch, settings, calendar_2026, case, window, clerk):
    settings.FEEDBACK_RATING_WINDOW_WORKDAYS = 7
    freeze(monkeypatch, date(2026, 9, 30))
    token, _signed = visits.start_visit(clerk, window, case.number)
    assert token.expires_on == date(2026, 10, 15)
