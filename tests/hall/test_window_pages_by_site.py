"""The cases app's window pages show a clerk only their own site's cases (就近办, 0037):
a hall clerk does not see a community centre's case (404 on its URL), and the centre's
clerk does not see the hall's."""

import pytest
from django.test import Client

from onewindow.cases import selectors
from onewindow.cases.models import Case
from onewindow.cases.window import applicants
from onewindow.core.errors import NotFound
from tests.accounts.factories import UserFactory
from tests.cases.factories import item, submitted_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(community, hall_window):
    at_community = submitted_case()
    Case.objects.filter(pk=at_community.pk).update(site=community)
    at_hall = submitted_case()
    Case.objects.filter(pk=at_hall.pk).update(site=hall_window.site, window=hall_window)
    online = submitted_case()  # no site: an online submission, the hall's to accept
    return at_community, at_hall, online


def _page(user, url):
    client = Client()
    client.force_login(user)
    return client.get(url)


def test_the_hall_clerk_sees_the_hall_and_online_cases_not_the_community_centres(clerk, cases):
    at_community, at_hall, online = cases
    queue = set(selectors.acceptance_queue(clerk).values_list("number", flat=True))
    assert queue == {at_hall.number, online.number}

    page = _page(clerk, "/cases/window/")
    assert page.status_code == 200
    text = page.content.decode()
    assert at_hall.number in text and online.number in text
    assert at_community.number not in text

    assert _page(clerk, f"/cases/window/cases/{at_community.number}/").status_code == 404
    assert _page(clerk, f"/cases/window/cases/{at_hall.number}/").status_code == 200
    assert _page(clerk, f"/cases/window/notices/{at_community.number}/receipt/").status_code == 404
    with pytest.raises(NotFound):
        selectors.window_case(clerk, at_community.number)


def test_the_community_clerk_sees_only_the_centres_cases(community_clerk, cases):
    at_community, at_hall, online = cases
    queue = set(selectors.acceptance_queue(community_clerk).values_list("number", flat=True))
    assert queue == {at_community.number}
    assert _page(community_clerk, f"/cases/window/cases/{at_community.number}/").status_code == 200
    for other in (at_hall, online):
        assert _page(community_clerk, f"/cases/window/cases/{other.number}/").status_code == 404


def test_a_case_started_at_a_window_records_the_clerks_site(community, community_clerk):
    applicant = UserFactory(citizen=True)
    case = applicants.start_for_applicant(community_clerk, applicant, item=item())
    case.refresh_from_db()
    assert case.site == community and case.window.number == "C01"
