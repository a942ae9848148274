"""Measures bound to live figures: the ledger shows the figure beside the target, and a
measure whose target is not met closes only with a recorded reason.

The 施工许可 figure (2026 calendar, limit 3 working days, today Friday 2026-03-20):

| case | accepted        | decided          | working days | counted as          |
|------|-----------------|------------------|--------------|---------------------|
| c1   | Mon 2026-03-02  | Tue 2026-03-03   | 1            | within              |
| c2   | Mon 2026-03-02  | Mon 2026-03-09   | 5            | over (decided)      |
| c3   | Tue 2026-03-10  | (still open)     | 8 by today   | over (running)      |
| c4   | Wed 2026-03-18  | (still open)     | 2 by today   | not yet judged      |

So 1 of 3 within: 33.33%, against a target of at least 100%.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from onewindow.core.errors import InvalidInput
from onewindow.rectification import metrics
from onewindow.rectification.constants import LedgerAction, MeasureStatus, TargetComparison
from onewindow.rectification.ledger import services as ledger
from onewindow.rectification.models import LedgerEvent
from tests.cases.factories import approver, clerk, freeze
from tests.rectification.factories import (
    inspection_,
    measure_,
    permit_case,
    permit_item,
    problem_,
    progress,
)

TODAY = date(2026, 3, 20)
PERMIT = "construction_permit_within_3_workdays"


@pytest.fixture
def permits(calendar_2026, monkeypatch):
    the_item = permit_item()
    staff = (clerk(), approver(the_item.department))
    cases = [
        permit_case(monkeypatch, the_item, accepted_on=a, decided_on=d, staff=staff)
        for a, d in (
            (date(2026, 3, 2), date(2026, 3, 3)),
            (date(2026, 3, 2), date(2026, 3, 9)),
            (date(2026, 3, 10), None),
            (date(2026, 3, 18), None),
        )
    ]
    freeze(monkeypatch, TODAY, 10)
    return cases


def _bound_measure(leader, unit, target="100"):
    problem = problem_(inspection_(), number=4, title="关于“拿地即开工”改革推进不够快问题")
    measure = measure_(
        problem,
        unit=unit,
        content="施工许可阶段3个工作日内办结",
        due_date=date(2026, 6, 30),
        target_metric=PERMIT,
        target_comparison=TargetComparison.AT_LEAST,
        target_value=target,
    )
    progress(measure, leader, "施工许可阶段实行并联审批")
    return ledger.submit_close_out(measure, leader)


def test_the_permit_figure_counts_decided_and_running_over_cases(permits):
    figures = metrics.permit_figures(TODAY)
    assert figures == {"counted": 3, "within": 1, "over_decided": 1, "over_open": 1}
    assert metrics.compute(PERMIT, TODAY) == Decimal("33.33")


def test_a_plain_close_out_is_refused_while_permits_run_over_3_working_days(permits, leader, unit):
    measure = _bound_measure(leader, unit)
    assert metrics.live_figure(measure) == (Decimal("33.33"), False)

    with pytest.raises(InvalidInput) as refused:
        ledger.accept_close_out(measure, leader, "同意销号")

    assert "施工许可3个工作日内办结率" in refused.value.message
    assert "33.33%" in refused.value.message and "未达标理由" in refused.value.message
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.SUBMITTED
    assert not LedgerEvent.objects.filter(measure=measure, action=LedgerAction.ACCEPTED).exists()

    reason = "2件超时系施工图审查意见补正，已建立超时预警，下阶段持续跟踪"
    closed = ledger.accept_close_out(measure, leader, "同意销号", target_unmet_reason=reason)
    assert closed.status == MeasureStatus.CLOSED
    assert closed.target_unmet_reason == reason
    event = LedgerEvent.objects.get(measure=measure, action=LedgerAction.ACCEPTED)
    assert "33.33%" in event.note and reason in event.note


def test_a_met_target_closes_without_a_reason(permits, leader, unit):
    measure = _bound_measure(leader, unit, target="30")
    closed = ledger.accept_close_out(measure, leader, "同意销号")
    assert closed.status == MeasureStatus.CLOSED and closed.target_unmet_reason == ""


def test_a_figure_without_data_needs_a_reason_too(calendar_2026, leader, unit):
    problem = problem_(inspection_())
    measure = measure_(problem, unit=unit, target_metric="patrols_per_day", target_value="4")
    progress(measure, leader)
    ledger.submit_close_out(measure, leader)
    with pytest.raises(InvalidInput, match="暂无数据"):
        ledger.accept_close_out(measure, leader)
    assert ledger.accept_close_out(measure, leader, "", "巡查模块尚未上线").status == "closed"


def test_the_pages_show_the_live_figure_beside_the_target_and_ask_for_a_reason(
    client, permits, leader, unit
):
    measure = _bound_measure(leader, unit)
    client.force_login(leader)
    page = client.get(reverse("rectification:inspection", args=[measure.problem.inspection_id]))
    html = page.content.decode()
    assert 'data-testid="live-figure" data-met="no"' in html
    assert "33.33%" in html and "不低于 100" in html

    url = reverse("rectification:measure", args=[measure.pk])
    refused = client.post(url, {"action": "accept", "accept-note": "同意"})
    assert refused.status_code == 400
    assert "未达标理由" in refused.content.decode()
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.SUBMITTED

    done = client.post(
        url,
        {"action": "accept", "accept-note": "同意", "accept-target_unmet_reason": "持续跟踪"},
    )
    assert done.status_code == 302
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.CLOSED


def test_the_other_figures_come_from_the_platform(db, monkeypatch):
    from onewindow.feedback.constants import AppealStatus, RatingChannel
    from onewindow.feedback.models import Rating

    freeze(monkeypatch, TODAY, 10)
    for level, appeal in ((5, ""), (4, ""), (3, ""), (2, ""), (1, AppealStatus.UPHELD)):
        Rating.objects.create(
            level=level,
            is_bad=level <= 2,
            channel=RatingChannel.ON_SITE,
            appeal_status=appeal or AppealStatus.NONE,
        )
    assert metrics.compute("satisfaction_rate", TODAY) == Decimal("75.00")
    assert metrics.compute("patrols_per_day", TODAY) is None
    assert metrics.compute("startup_within_1_workday", TODAY) is None  # no start-ups yet
    assert {code for code in metrics.METRICS if not code.startswith("gov_")} == {
        PERMIT,
        "startup_within_1_workday",
        "bundle_material_reduction",
        "patrols_per_day",
        "satisfaction_rate",
    }
