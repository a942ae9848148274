"""Done when: a clerk late twice and a patrol finding an unattended window appear in the
monthly notice's Word file, and the quarterly score drops by the configured weights."""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from docx import Document

from onewindow.hall.constants import FindingKind
from onewindow.hall.models import AssessmentScore, Finding
from onewindow.hall.supervision import assessment, attendance, notices, patrols
from onewindow.org.models import Window

pytestmark = pytest.mark.django_db


def _at(day, hh, mm):
    return timezone.make_aware(datetime(2026, 11, day, hh, mm))


def _text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _window_score(year, quarter, window):
    return AssessmentScore.objects.get(
        assessment__year=year, assessment__quarter=quarter, window=window
    )


def test_late_twice_and_an_unattended_window_reach_the_notice_and_the_score(
    supervisor, clerk, hall_window
):
    other = Window.objects.get(site__code="DYQ-HALL", number="A02")
    before = assessment.compute(supervisor, 2026, 4, today=date(2026, 12, 31))
    base = _window_score(2026, 4, hall_window).score
    base_other = _window_score(2026, 4, other).score
    assert base == Decimal("100.00") and before.weights["attendance"] == 30

    # Late twice (8:30 is the start), on time once.
    attendance.clock_in(supervisor, user=clerk, at=_at(2, 8, 47))
    attendance.clock_in(supervisor, user=clerk, at=_at(3, 9, 5))
    attendance.clock_in(supervisor, user=clerk, at=_at(4, 8, 20))
    attendance.clock_out(supervisor, user=clerk, at=_at(4, 17, 40))

    # A patrol finds window A02 unattended.
    [patrol, *_rest] = patrols.plan_day(supervisor, date(2026, 11, 5))
    finding = patrols.record_finding(
        supervisor, patrol, window=other.pk, kind=FindingKind.UNATTENDED, note="窗口无人"
    )
    Finding.objects.filter(pk=finding.pk).update(found_at=_at(5, 10, 12))

    notice = notices.draft_monthly(supervisor, 2026, 11)
    assert str(notice.number_label) == "2026年第1期"
    notices.publish(supervisor, notice)
    text = _text(notices.word(notice))
    assert "2026年第1期" in text
    assert "李窗口" in text and "A01" in text  # the clerk's attendance row
    rows = [r for r in notice.content["attendance"] if r["name"] == "李窗口"]
    assert rows == [{"name": "李窗口", "window": "A01", "late": 2, "left_early": 0, "absent": 0}]
    assert "窗口空岗" in text and "A02" in text and "窗口无人" in text

    rules = assessment.common.rules()
    assessment.compute(supervisor, 2026, 4, today=date(2026, 12, 31))
    late_drop = Decimal(rules.weight_attendance * rules.points_late * 2) / 100
    finding_drop = Decimal(rules.weight_patrol * rules.points_finding) / 100
    assert _window_score(2026, 4, hall_window).score == base - late_drop
    assert _window_score(2026, 4, other).score == base_other - finding_drop
    assert _window_score(2026, 4, other).rank > 1
