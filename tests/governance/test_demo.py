"""The demo: the seed's 2020 figures from records, and the ledger's measures for the seed's
items 7 and 9–16 bound to live figures of these registers."""

import pytest

from onewindow.core import demo
from onewindow.governance.constants import SANZHONG_KINDS, MeetingKind, StudyKind
from onewindow.governance.models import (
    AgendaItem,
    EducationSession,
    Meeting,
    Reconciliation,
    StudySession,
    StudyTopic,
    VolunteerActivity,
)
from onewindow.rectification import metrics
from onewindow.rectification.models import Measure


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        for _step in demo.load_all():
            pass
        yield
        from django.core.management import call_command

        call_command("flush", "--no-input")


@pytest.mark.django_db
def test_the_seeds_2020_figures_are_records(demo_db):
    meetings = Meeting.objects.filter(kind=MeetingKind.PARTY_GROUP, held_on__year=2020)
    assert meetings.count() == 20
    items = AgendaItem.objects.filter(meeting__in=meetings, kind__in=SANZHONG_KINDS)
    assert items.count() == 14 and all(i.filed_in_time for i in items)
    assert meetings.filter(held_on="2020-05-18", items__kind="cadre").exists()
    assert StudyTopic.objects.filter(year=2020).count() == 10
    sessions = StudySession.objects.filter(held_on__year=2020)
    assert sessions.filter(kind=StudyKind.SEMINAR).count() == 8
    assert sessions.filter(kind=StudyKind.SURVEY).count() == 3
    assert EducationSession.objects.filter(held_on__year=2020).count() == 8
    assert VolunteerActivity.objects.filter(held_on__year=2020).count() > 60
    assert Reconciliation.objects.filter(done_on__year=2020, done_on__month__lte=6).count() == 1


@pytest.mark.django_db
def test_measures_of_items_7_and_9_to_16_show_live_figures(demo_db):
    numbers = {7, 9, 10, 11, 12, 13, 14, 15, 16}
    shown = {}
    for measure in Measure.objects.exclude(target_metric="").select_related("problem"):
        value, met = metrics.live_figure(measure)
        if measure.problem.number in numbers:
            assert value is not None, measure.target_metric
            shown.setdefault(measure.problem.number, []).append((measure.target_metric, met))
    assert set(shown) == numbers
    assert ("gov_copied_talks", False) in shown[13]  # the demo holds one copied record
    assert ("gov_milestones_performed", False) in shown[15]  # a milestone due, not performed
