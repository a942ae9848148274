"""The demo's 好差评 and work orders: the seed's counts, and every bad rating remedied."""

import pytest
from django.db.models import Count

from onewindow.core import demo
from onewindow.feedback.constants import AppealStatus, PushStatus, WorkOrderStatus
from onewindow.feedback.models import Rating, RatingPush, WorkOrder
from onewindow.feedback.public import selectors

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_seeds_orders_and_a_year_of_ratings():
    steps = dict(demo.load_all())
    assert steps["好差评与诉求"]["created"] > 2000

    by_source = dict(WorkOrder.objects.values_list("source").annotate(n=Count("id")))
    assert (by_source["hotline"], by_source["petition"], by_source["cctv_request"]) == (
        328,
        2,
        89,
    )
    history = WorkOrder.objects.filter(source__in=["hotline", "petition", "cctv_request"])
    closed = history.filter(status=WorkOrderStatus.CLOSED)
    assert closed.count() >= 410
    # Real-name orders were called back before closing, as the loop requires.
    assert not closed.filter(is_real_name=True, callback_at__isnull=True).exists()
    assert not closed.filter(clock__isnull=False, clock__stopped_on__isnull=True).exists()

    # Every bad rating has its remedy order; bulk ratings are never bad.
    bad = Rating.objects.filter(is_bad=True)
    assert 5 <= bad.count() <= 20
    assert bad.filter(remedy_order__isnull=True).count() == 0
    assert bad.filter(appeal_status=AppealStatus.UPHELD).count() == 1
    # Every rating has its record for the provincial platform.
    assert RatingPush.objects.filter(status=PushStatus.SENT).count() >= 2400

    total = selectors.satisfaction()
    assert total.ratings > 2000 and 98 <= total.satisfaction_rate < 100
    assert total.remedies_on_time >= 7 and total.remedies_closed > total.remedies_on_time

    # The demo approver (区住房和城乡建设局) has an open remedy that needs a callback.
    waiting = WorkOrder.objects.get(
        kind="remedy", department__code="ST-ZJJ", status=WorkOrderStatus.DISPATCHED
    )
    assert waiting.rating.is_real_name and waiting.clock.limit_days == 5
