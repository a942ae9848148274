"""The 收件凭证 of a window case carries the visit's rating code, captioned 扫码评价."""

import re
from datetime import date

import pytest
from django.urls import reverse

from onewindow.feedback.models import RatingToken
from onewindow.feedback.ratings import services, visits
from tests.cases.factories import freeze, submitted_case

from .conftest import rate, window_case

pytestmark = pytest.mark.django_db

PAYLOAD = re.compile(r'data-testid="receipt-rating-qr" data-qr-payload="([^"]+)"')


def receipt(client, case):
    url = reverse("cases:notice", kwargs={"number": case.number, "kind": "receipt"})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_receipt_shows_a_code_bound_to_the_case(client, window, clerk):
    case = window_case(clerk)
    client.force_login(clerk)
    page = receipt(client, case)
    assert "扫码评价" in page
    payload = PAYLOAD.search(page).group(1)
    token = RatingToken.objects.get()
    assert (token.case, token.window, token.staff) == (case, window, clerk)
    assert payload == services.rating_link(services.signed_for(token))
    assert 'src="data:image/png;base64,' in page

    # Printed again (by the clerk or the applicant): the same code, no new token.
    assert PAYLOAD.search(receipt(client, case)).group(1) == payload
    client.force_login(case.applicant)
    assert PAYLOAD.search(receipt(client, case)).group(1) == payload
    assert RatingToken.objects.count() == 1


def test_the_receipt_reuses_the_screens_unused_code(client, window, clerk):
    case = window_case(clerk)
    _token, signed = visits.start_visit(clerk, window, case.number)
    client.force_login(clerk)
    assert PAYLOAD.search(receipt(client, case)).group(1) == services.rating_link(signed)
    assert RatingToken.objects.count() == 1


def test_a_rated_visit_prints_no_new_code(client, window, clerk):
    case = window_case(clerk)
    client.force_login(clerk)
    receipt(client, case)
    rate(services.signed_for(RatingToken.objects.get()), level=5)
    page = receipt(client, case)
    assert PAYLOAD.search(page) is None and "本次服务已评价" in page
    assert RatingToken.objects.count() == 1


def test_after_the_rating_period_the_receipt_has_no_code(
    monkeypatch, client, calendar_2026, window, clerk
):
    freeze(monkeypatch, date(2026, 9, 30))
    case = window_case(clerk)
    freeze(monkeypatch, date(2026, 10, 14))
    client.force_login(clerk)
    page = receipt(client, case)
    assert 'data-testid="receipt-rating"' not in page
    assert RatingToken.objects.count() == 0


def test_an_online_case_points_to_the_online_rating(client, clerk):
    case = submitted_case()
    client.force_login(case.applicant)
    page = receipt(client, case)
    assert 'data-kind="online"' in page and PAYLOAD.search(page) is None
    assert RatingToken.objects.count() == 0
