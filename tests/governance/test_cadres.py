"""Cadre selection in the 条例's order: a notice over a weekend and the National Day holiday."""

from datetime import date

import pytest

from onewindow.core.errors import InvalidInput, PermissionDenied
from onewindow.core.workdays.services import seed_from_package
from onewindow.governance.cadres import services as cadres
from onewindow.governance.constants import ItemKind, SelectionStep, TalkKind
from onewindow.governance.integrity import services as integrity
from onewindow.governance.models import Selection

from .helpers import decided_meeting

pytestmark = pytest.mark.django_db
S = SelectionStep


@pytest.fixture(autouse=True)
def _calendar(db):
    seed_from_package([2026])


@pytest.fixture
def candidate(clerk):
    return clerk


def _to_decision(personnel, office, members, candidate):
    selection = cadres.start(
        personnel, title="2026年中层干部选拔", post_name="综合受理股股长", candidates=[candidate]
    )
    cadres.advance(personnel, selection, S.MOTION, done_on=date(2026, 9, 1))
    cadres.advance(personnel, selection, S.RECOMMENDATION, done_on=date(2026, 9, 2))
    with pytest.raises(InvalidInput, match="凡提必审"):
        cadres.advance(personnel, selection, S.INSPECTION, done_on=date(2026, 9, 3))
    cadres.check_file(personnel, selection.candidates.get(), checked_on=date(2026, 9, 3))
    cadres.advance(personnel, selection, S.INSPECTION, done_on=date(2026, 9, 3))
    cadres.advance(personnel, selection, S.CONSULTATION, done_on=date(2026, 9, 10))
    with pytest.raises(InvalidInput, match="党组会议"):
        cadres.advance(personnel, selection, S.DECISION, done_on=date(2026, 9, 15))
    decided_meeting(
        office,
        members,
        kind=ItemKind.CADRE,
        title="研究干部任免",
        selection=selection,
        held_on=date(2026, 9, 15),
        present=4,
    )
    cadres.advance(personnel, selection, S.DECISION, done_on=date(2026, 9, 15))
    return selection


def test_a_notice_over_a_weekend_and_a_holiday_ends_on_its_fifth_working_day(
    personnel, office, members, candidate, principal
):
    selection = _to_decision(personnel, office, members, candidate)
    with pytest.raises(InvalidInput, match="不得少于 5 个工作日"):
        cadres.advance(personnel, selection, S.NOTICE, done_on=date(2026, 9, 29), notice_days=4)
    selection = cadres.advance(
        personnel, selection, S.NOTICE, done_on=date(2026, 9, 29), notice_days=5
    )
    # 9-29, 9-30, (10-1…10-7 National Day and the weekend), 10-8, 10-9, 10-10 (make-up day)
    assert selection.notice_ends_on == date(2026, 10, 10)
    objection = cadres.raise_objection(
        personnel, selection, content="反映该同志考勤问题", raised_on=date(2026, 10, 8)
    )
    integrity.record_talk(
        principal,
        kind=TalkKind.PRE_APPOINTMENT,
        leader=principal,
        subject=candidate,
        held_on=date(2026, 10, 9),
        content="任前谈话：廉洁自律，履职尽责。",
    )
    for day in (date(2026, 10, 2), date(2026, 10, 8), date(2026, 10, 10)):
        with pytest.raises(InvalidInput, match="公示期满"):
            cadres.advance(personnel, selection, S.APPOINTMENT, done_on=day)
    with pytest.raises(InvalidInput, match="尚未核查办结"):
        cadres.advance(personnel, selection, S.APPOINTMENT, done_on=date(2026, 10, 12))
    cadres.resolve_objection(
        personnel, objection, resolution="经核查，反映问题不属实", resolved_on=date(2026, 10, 9)
    )
    selection = cadres.advance(personnel, selection, S.APPOINTMENT, done_on=date(2026, 10, 12))
    assert selection.appointed_on == date(2026, 10, 12)
    with pytest.raises(InvalidInput, match="日内"):
        cadres.advance(personnel, selection, S.FILING, done_on=date(2026, 11, 30))
    selection = cadres.advance(personnel, selection, S.FILING, done_on=date(2026, 10, 20))
    assert selection.step == S.FILING and selection.next_step is None


def test_no_step_can_be_skipped(personnel, candidate):
    selection = cadres.start(personnel, title="选拔", post_name="股长", candidates=[candidate])
    with pytest.raises(InvalidInput, match="动议"):
        cadres.advance(personnel, selection, S.NOTICE, done_on=date(2026, 9, 1))
    cadres.advance(personnel, selection, S.MOTION, done_on=date(2026, 9, 1))
    with pytest.raises(InvalidInput, match="民主推荐"):
        cadres.advance(personnel, selection, S.INSPECTION, done_on=date(2026, 9, 2))
    assert Selection.objects.get(pk=selection.pk).step == S.MOTION


def test_appointment_needs_a_talk_before_taking_office(personnel, office, members, candidate):
    selection = _to_decision(personnel, office, members, candidate)
    cadres.advance(personnel, selection, S.NOTICE, done_on=date(2026, 9, 29))
    with pytest.raises(InvalidInput, match="任前谈话"):
        cadres.advance(personnel, selection, S.APPOINTMENT, done_on=date(2026, 10, 12))


def test_the_notice_rule_is_configurable(settings, personnel, office, members, candidate):
    settings.GOVERNANCE_NOTICE_WORKDAYS = 7
    selection = _to_decision(personnel, office, members, candidate)
    with pytest.raises(InvalidInput, match="不得少于 7 个工作日"):
        cadres.advance(personnel, selection, S.NOTICE, done_on=date(2026, 9, 29), notice_days=5)


def test_only_personnel_runs_a_selection(office, candidate):
    with pytest.raises(PermissionDenied):
        cadres.start(office, title="选拔", post_name="股长", candidates=[candidate])
