"""Done when: the demo's network has the seed's counts and a pilot scored on all seven
六有一能 points; the hall demo has the seed's 2020 figures and a bureau at work today."""

import pytest
from django.utils import timezone

from onewindow.core import demo
from onewindow.hall.models import Assessment, Notice, PilotAssessment, Ticket, Training
from onewindow.org import selectors as org_selectors
from onewindow.org.constants import SITE_STANDARD_ITEMS, SiteKind

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_seed_figures_and_today(django_db_blocker):
    steps = dict(demo.load_all())
    assert steps["大厅督查与服务网络"]

    summary = org_selectors.network_summary()
    assert summary["sites"][SiteKind.TOWN_CENTRE] == 8
    assert summary["sites"][SiteKind.COMMUNITY_CENTRE] == 59
    assert summary["sites"][SiteKind.VILLAGE_STATION] == 22
    assert summary["sites"][SiteKind.ONLINE_BRANCH] == 284
    assert summary["terminals"] == 49 and summary["pilots"] == 10

    scored = PilotAssessment.objects.filter(round__year=2026)
    assert scored.count() == 10
    best = scored.order_by("-score").first()
    assert sorted(c.item for c in best.checks.all()) == sorted(c for c, _l in SITE_STANDARD_ITEMS)
    assert all(c.met for c in best.checks.all())  # eight pilots meet all seven points

    monthly_2020 = Notice.objects.filter(kind="monthly", year=2020, status="published")
    assert monthly_2020.count() == 11
    assert {str(n.number_label) for n in monthly_2020} >= {"2020年第11期"}
    assert Training.objects.filter(held_on__year=2020, kind="external").count() == 3
    assert Training.objects.filter(held_on__year=2020, kind="internal").count() == 11
    assert Assessment.objects.filter(year=2020, published_at__isnull=False).count() == 4

    from onewindow.cases.models import Case

    assert Case.objects.filter(site__kind=SiteKind.COMMUNITY_CENTRE, window__number="C01").exists()

    today = timezone.localdate()
    assert Assessment.objects.filter(year=today.year).exists()
    from onewindow.core.workdays.calendar import get_calendar

    if get_calendar().is_workday(today):
        assert Ticket.objects.filter(service_date=today).exists()
