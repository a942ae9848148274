"""The queue's waiting time feeds the quarterly score: a window whose tickets waited 35
minutes on average against a 20-minute threshold loses points_wait per minute over it in
the queue component, and its score drops by that times the configured weight."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from onewindow.core.errors import InvalidInput
from onewindow.hall.models import AssessmentScore, Ticket
from onewindow.hall.models.queue import TicketStatus
from onewindow.hall.supervision import assessment, common

pytestmark = pytest.mark.django_db


def _tickets(window, clerk, waits):
    """Tickets called at ``window`` on 2026-11-10 after waiting ``waits`` minutes."""
    day = date(2026, 11, 10)
    opening = timezone.make_aware(datetime(2026, 11, 10, 9, 0))
    for i, minutes in enumerate(waits):
        taken = opening + timedelta(minutes=i)
        Ticket.objects.create(
            site=window.site,
            zone_name=window.zone,
            service_date=day,
            number=f"A{i + 1:03d}",
            channel="on_site",
            status=TicketStatus.DONE,
            taken_at=taken,
            window=window,
            clerk=clerk,
            called_at=taken + timedelta(minutes=minutes),
            finished_at=taken + timedelta(minutes=minutes + 5),
        )


def _score(window):
    return AssessmentScore.objects.get(assessment__year=2026, assessment__quarter=4, window=window)


def test_average_wait_over_the_threshold_lowers_the_score_by_the_configured_weight(
    supervisor, clerk, hall_window
):
    _tickets(hall_window, clerk, [30, 40, 35])  # 35 minutes on average
    today = date(2026, 12, 31)

    assessment.compute(supervisor, 2026, 4, today=today)
    row = _score(hall_window)
    assert row.counts["wait_minutes"] == 35.0 and row.counts["tickets"] == 3
    # 15 minutes over 20, 2 points each: the queue component is 70, but weighs 0 by default.
    assert Decimal(row.components["queue"]) == Decimal("70.00")
    assert row.score == Decimal("100.00")

    assessment.update_rules(supervisor, weight_attendance=20, weight_queue=10)
    assessment.compute(supervisor, 2026, 4, today=today)
    rules = common.rules()
    drop = Decimal(rules.weight_queue * rules.points_wait * (35 - rules.wait_threshold_minutes))
    assert _score(hall_window).score == Decimal(100) - drop / 100  # 97.00

    assessment.update_rules(supervisor, points_wait=4)
    assessment.compute(supervisor, 2026, 4, today=today)
    assert Decimal(_score(hall_window).components["queue"]) == Decimal("40.00")
    assert _score(hall_window).score == Decimal("94.00")

    client = Client()
    client.force_login(supervisor)
    page = client.get(f"/hall/assessments/{_score(hall_window).assessment_id}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "排队等候" in text and "平均等候35.0分钟" in text


def test_a_window_below_the_threshold_keeps_full_marks(supervisor, clerk, hall_window):
    _tickets(hall_window, clerk, [5, 10])
    assessment.update_rules(supervisor, weight_attendance=20, weight_queue=10)
    assessment.compute(supervisor, 2026, 4, today=date(2026, 12, 31))
    assert _score(hall_window).score == Decimal("100.00")


def test_weights_with_the_queue_must_still_add_up_to_100(supervisor):
    with pytest.raises(InvalidInput, match="100"):
        assessment.update_rules(supervisor, weight_queue=10)
    assert common.rules().weight_queue == 0
