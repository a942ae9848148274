"""A bad rating (2 stars or less) opens its remedy order in the same transaction; every
rating is handed to the provincial push after commit, and none when the rating fails."""

import pytest

from onewindow.feedback import provincial
from onewindow.feedback.constants import WorkOrderKind, WorkOrderSource
from onewindow.feedback.models import Rating, WorkOrder
from onewindow.feedback.ratings import services

from .conftest import rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def pushed(monkeypatch):
    calls = []
    monkeypatch.setattr(provincial, "schedule_push", lambda rating: calls.append(rating.pk))
    return calls


def test_a_bad_rating_opens_a_remedy_order(visit, pushed, django_capture_on_commit_callbacks):
    token, signed = visit
    with django_capture_on_commit_callbacks(execute=True):
        rating = rate(signed, level=2, comment="等了很久")
    order = WorkOrder.objects.get(rating=rating)
    assert (order.source, order.kind) == (WorkOrderSource.BAD_RATING, WorkOrderKind.REMEDY)
    assert order.department == token.department
    assert pushed == [rating.pk]


def test_a_good_rating_opens_none(visit, pushed, django_capture_on_commit_callbacks):
    _token, signed = visit
    with django_capture_on_commit_callbacks(execute=True):
        rating = rate(signed, level=3)
    assert not rating.is_bad and WorkOrder.objects.count() == 0
    assert pushed == [rating.pk]


def test_a_failing_remedy_saves_nothing(
    visit, pushed, monkeypatch, django_capture_on_commit_callbacks
):
    token, signed = visit
    from onewindow.feedback.orders import services as order_services

    def broken(rating):
        raise RuntimeError("down")

    monkeypatch.setattr(order_services, "open_remedy_order", broken)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        rate(signed, level=1)
    token.refresh_from_db()
    assert token.used_at is None
    assert Rating.objects.count() == 0 and pushed == []
    assert services.token_for(signed).used_at is None


def test_an_anonymous_scan_of_a_case_code_is_real_name_through_the_applicant(visit, case):
    """Nobody signs in on the phone, yet the unit must call the case's applicant back."""
    from onewindow.core.errors import DomainError
    from onewindow.feedback.orders import services as order_services
    from tests.feedback.factories import unit_staff

    _token, signed = visit
    rating = rate(signed, level=1, comment="态度差")
    assert rating.rater is None and rating.is_real_name
    order = WorkOrder.objects.get(rating=rating)
    assert order.is_real_name and order.requester == case.applicant
    staff = unit_staff(order.department)
    order = order_services.start(order, staff)
    order = order_services.reply(order, "已整改", staff, verification="属实")
    with pytest.raises(DomainError, match="回访"):
        order_services.close(order, staff)
