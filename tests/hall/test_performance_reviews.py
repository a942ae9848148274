"""绩效考核 pages: the supervisor scores a clerk on the configured indicators (each within
its range, the total computed by the service), edits the draft, finalises; the clerk sees
their own final review only; the list exports to Excel."""

import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from onewindow.core.errors import Conflict, InvalidInput, PermissionDenied
from onewindow.hall.constants import ReviewStatus
from onewindow.hall.models import PerformanceIndicator, PerformanceReview
from onewindow.hall.staff import services
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicators(db):
    return [
        PerformanceIndicator.objects.create(name="工作纪律", max_points=30, sort_order=1),
        PerformanceIndicator.objects.create(name="服务质量", max_points=40, sort_order=2),
        PerformanceIndicator.objects.create(name="业务能力", max_points=30, sort_order=3),
    ]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _form(indicators, points, **extra):
    data = {f"score-{i.pk}": p for i, p in zip(indicators, points, strict=True)}
    return {"year": 2026, "quarter": 4, **data, **extra}


def test_score_edit_the_draft_finalise_and_the_clerk_sees_it(supervisor, clerk, indicators):
    boss = _client(supervisor)
    response = boss.post(
        "/hall/staff/reviews/",
        _form(
            indicators,
            ["28", "35.5", "27"],
            user=clerk.pk,
            action="draft",
            total="100",
            comment="服务热情",
        ),
    )
    review = PerformanceReview.objects.get(user=clerk, year=2026, quarter=4)
    assert (
        response.status_code == 302 and response["Location"] == f"/hall/staff/reviews/{review.pk}/"
    )
    assert review.status == ReviewStatus.DRAFT
    assert review.total == Decimal("90.5")  # computed, never the form's "total"

    mine = _client(clerk)
    assert mine.get(f"/hall/staff/reviews/{review.pk}/").status_code == 404  # a draft
    assert "90.5" not in mine.get("/hall/staff/reviews/").content.decode()

    boss.post(
        f"/hall/staff/reviews/{review.pk}/",
        _form(indicators, ["30", "38", "27"], action="draft", comment="服务热情"),
    )
    review.refresh_from_db()
    assert review.total == Decimal("95") and review.status == ReviewStatus.DRAFT
    boss.post(
        f"/hall/staff/reviews/{review.pk}/",
        _form(indicators, ["30", "38", "27"], action="finalise", comment="服务热情"),
    )
    review.refresh_from_db()
    assert review.status == ReviewStatus.FINAL and review.finalised_at is not None

    page = mine.get(f"/hall/staff/reviews/{review.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "服务质量" in text and "38" in text and "95" in text and "服务热情" in text
    assert f"/hall/staff/reviews/{review.pk}/" in mine.get("/hall/staff/reviews/").content.decode()
    other = _client(UserFactory(clerk=True))
    assert other.get(f"/hall/staff/reviews/{review.pk}/").status_code == 404

    with pytest.raises(Conflict):  # final: no more changes
        services.save(supervisor, clerk, 2026, 4, {str(i.pk): 1 for i in indicators})

    sheet = boss.get("/hall/staff/reviews/export/?year=2026&quarter=4")
    assert sheet.status_code == 200
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[0][3:6] == ("工作纪律", "服务质量", "业务能力")
    assert rows[1][2] == str(clerk) and rows[1][6] == 95


def test_out_of_range_scores_are_refused_and_nothing_is_saved(supervisor, clerk, indicators):
    for points in (
        ["31", "30", "30"],
        ["-1", "30", "30"],
        ["10", "abc", "10"],
        ["10", "", "10"],
        ["10", "10.3", "10"],
        ["10", "NaN", "10"],
    ):
        with pytest.raises(InvalidInput):
            services.save(
                supervisor,
                clerk,
                2026,
                4,
                {str(i.pk): p for i, p in zip(indicators, points, strict=True)},
            )
    with pytest.raises(InvalidInput):
        services.save(supervisor, clerk, 2026, 5, {str(i.pk): 1 for i in indicators})
    with pytest.raises(InvalidInput):  # a supervisor is not window staff
        services.save(supervisor, supervisor, 2026, 4, {str(i.pk): 1 for i in indicators})
    with pytest.raises(PermissionDenied):
        services.save(clerk, clerk, 2026, 4, {str(i.pk): 1 for i in indicators})
    response = _client(supervisor).post(
        "/hall/staff/reviews/", _form(indicators, ["31", "30", "30"], user=clerk.pk), follow=True
    )
    assert "“工作纪律”的得分应在0至30之间" in response.content.decode()
    assert not PerformanceReview.objects.exists()
