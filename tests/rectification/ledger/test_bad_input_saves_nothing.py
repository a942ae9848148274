"""Bad input gets a clear Chinese message and saves nothing: a measure with no responsible
unit or due date, a close-out without evidence, a problem number used twice."""

from datetime import date

import pytest
from django.urls import reverse

from onewindow.core.audit.models import AuditEvent
from onewindow.core.errors import InvalidInput
from onewindow.rectification.constants import MeasureKind, MeasureStatus
from onewindow.rectification.ledger import services as ledger
from onewindow.rectification.models import Inspection, LedgerEvent, Measure, Problem
from tests.rectification.factories import inspection_, measure_, problem_


def _measure_fields(unit, **overrides):
    fields = {
        "content": "建立一窗受理审批管理暂行办法",
        "kind": MeasureKind.BY_DEADLINE,
        "responsible_leader": "王局长",
        "responsible_unit": unit,
        "due_date": date(2020, 6, 30),
    }
    fields.update(overrides)
    return fields


@pytest.mark.parametrize(
    ("missing", "message"),
    [("responsible_unit", "请填写责任股室"), ("due_date", "请填写完成时限")],
)
def test_a_measure_without_unit_or_due_date_is_refused(db, unit, leader, missing, message):
    problem = problem_(inspection_())
    audit_before = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as refused:
        ledger.add_measure(problem, **_measure_fields(unit, **{missing: None}), actor=leader)
    assert message in refused.value.message
    assert refused.value.errors[missing] == [message]
    assert Measure.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before


def test_the_measure_form_shows_the_message_and_saves_nothing(client, unit, leader):
    problem = problem_(inspection_())
    client.force_login(leader)
    response = client.post(
        reverse("rectification:measure_new", args=[problem.pk]),
        {"content": "整改", "kind": MeasureKind.IMMEDIATE, "responsible_leader": "王局长"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "请填写责任股室" in html and "请填写完成时限" in html
    assert Measure.objects.count() == 0


def test_a_problem_number_used_twice_is_refused(db, leader):
    inspection = inspection_()
    category = ledger.add_category(inspection, title="关于党的政治建设方面")
    ledger.add_problem(inspection, category=category, number=3, title="第一个", actor=leader)
    events = LedgerEvent.objects.count()
    with pytest.raises(InvalidInput, match="问题序号 3 已被使用"):
        ledger.add_problem(inspection, category=category, number=3, title="第二个", actor=leader)
    assert list(Problem.objects.values_list("title", flat=True)) == ["第一个"]
    assert LedgerEvent.objects.count() == events
    # The same number in another inspection is fine.
    other = inspection_(title="另一轮巡察")
    ledger.add_problem(
        other,
        category=ledger.add_category(other, title="方面"),
        number=3,
        title="另一轮的问题3",
    )


def test_the_problem_form_refuses_a_taken_number_and_creates_no_category(client, leader):
    inspection = inspection_()
    problem_(inspection, number=1)
    client.force_login(leader)
    response = client.post(
        reverse("rectification:problem_new", args=[inspection.pk]),
        {"number": 1, "new_category": "新方面", "title": "重复的序号"},
    )
    assert response.status_code == 400
    assert "问题序号 1 已被使用" in response.content.decode()
    assert not inspection.categories.filter(title="新方面").exists()


def test_close_out_without_evidence_is_refused(db, unit, leader):
    measure = measure_(problem_(inspection_()), unit=unit)
    ledger.report_progress(measure, "已起草制度", [], leader)  # progress without a file
    with pytest.raises(InvalidInput, match="销号须有佐证材料"):
        ledger.submit_close_out(measure, leader)
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.IN_PROGRESS


def test_a_bad_evidence_file_saves_no_progress(db, unit, unit_clerk, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    measure = measure_(problem_(inspection_()), unit=unit)
    fake = SimpleUploadedFile("制度.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(InvalidInput, match="制度.pdf"):
        ledger.report_progress(measure, "已印发", [fake], unit_clerk)
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.PLANNED and not measure.updates.exists()


def test_an_inspection_with_its_dates_the_wrong_way_round_is_refused(db, leader):
    with pytest.raises(InvalidInput, match="巡察结束日期不能早于开始日期"):
        inspection_(period_start=date(2019, 12, 1), period_end=date(2019, 9, 1))
    assert Inspection.objects.count() == 0


def test_the_report_is_due_two_months_after_the_feedback(db):
    assert inspection_(feedback_on=date(2020, 3, 26)).report_due_on == date(2020, 5, 26)
    assert inspection_(feedback_on=date(2020, 12, 31)).report_due_on == date(2021, 2, 28)
