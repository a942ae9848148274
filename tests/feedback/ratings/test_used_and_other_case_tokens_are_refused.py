"""A rating code is single use and bound to its case: a replay, a code for another case,
a forged or unknown code are refused with a Chinese message, and nothing is saved."""

import pytest
from django.urls import reverse

from onewindow.core.audit.models import AuditEvent
from onewindow.core.errors import Conflict, InvalidInput
from onewindow.feedback.models import Rating, RatingToken
from onewindow.feedback.ratings import services, tokens
from tests.cases.factories import submitted_case

from .conftest import rate

pytestmark = pytest.mark.django_db


def test_a_used_token_replayed_is_refused(visit):
    token, signed = visit
    first = rate(signed, level=5)
    assert first.token == token and first.case == token.case
    with pytest.raises(Conflict) as error:
        rate(signed, level=1)
    assert "已使用" in error.value.message
    assert Rating.objects.count() == 1
    assert Rating.objects.get().level == 5


def test_a_token_for_another_case_is_refused(visit):
    token, signed = visit
    other = submitted_case()
    with pytest.raises(InvalidInput) as error:
        rate(signed, case_number=other.number)
    assert "不属于此办件" in error.value.message
    assert Rating.objects.count() == 0
    token.refresh_from_db()
    assert token.used_at is None  # still usable for its own case
    assert rate(signed, case_number=token.case.number).case == token.case


def test_a_forged_or_altered_token_is_refused_before_the_database(visit):
    token, signed = visit
    key, _sep, signature = signed.partition(":")
    forged = [
        f"{key}:{'A' * len(signature)}",  # a made-up signature
        f"{key[:-1]}{'x' if key[-1] != 'x' else 'y'}:{signature}",  # another key, old signature
        key,  # no signature at all
        "",
        "x" * 500,
    ]
    for text in forged:
        with pytest.raises(InvalidInput) as error:
            rate(text)
        assert error.value.message == str(tokens.invalid().message)
    assert Rating.objects.count() == 0


def test_a_correctly_signed_key_that_was_never_issued_is_refused(db):
    with pytest.raises(InvalidInput):
        rate(tokens.sign(tokens.new_key()))
    assert Rating.objects.count() == 0


def test_the_conditional_update_refuses_a_second_use_that_passed_the_checks(visit, monkeypatch):
    """Two submissions that both passed the checks: the UPDATE ... WHERE used_at IS NULL
    lets exactly one through (the other might be a concurrent request)."""
    token, signed = visit
    monkeypatch.setattr(services, "check_token", lambda token, case_number=None: None)
    rate(signed, level=4)
    events = AuditEvent.objects.count()
    with pytest.raises(Conflict):
        rate(signed, level=2)
    assert Rating.objects.count() == 1
    assert AuditEvent.objects.count() == events
    assert RatingToken.objects.filter(used_at__isnull=False).count() == 1


def test_the_page_refuses_a_replayed_and_a_forged_code(client, visit):
    token, signed = visit
    url = reverse("feedback:rate", kwargs={"token": signed})
    assert client.get(url).status_code == 200
    response = client.post(url, {"level": "5", "comment": "很好"})
    assert response.status_code == 302
    assert response["Location"] == reverse("feedback:rate_thanks")
    assert "感谢您的评价" in client.get(response["Location"]).content.decode()

    again = client.post(url, {"level": "1"})
    assert again.status_code == 409
    assert "该评价码已使用" in again.content.decode()
    assert "该评价码已使用" in client.get(url).content.decode()

    forged = reverse("feedback:rate", kwargs={"token": signed[:-2] + "zz"})
    response = client.get(forged)
    assert response.status_code == 400
    assert "评价码无效" in response.content.decode()
    assert Rating.objects.count() == 1


def test_the_page_refuses_a_code_for_another_case(client, visit):
    token, signed = visit
    other = submitted_case()
    url = reverse("feedback:rate", kwargs={"token": signed})
    response = client.post(url, {"level": "5", "case": other.number})
    assert response.status_code == 400
    assert "不属于此办件" in response.content.decode()
    assert Rating.objects.count() == 0


def test_the_signed_string_is_short_enough_for_a_qr_code(visit):
    _token, signed = visit
    assert len(signed) <= 64
    assert len(services.rating_link(signed)) < 150
