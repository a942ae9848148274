"""Done when: a 下沉 item taken in at a community centre by that centre's staff (the hall
clerk of another site gets 404 on it), and a kiosk applies and tracks through the kiosk API."""

import pytest
from django.test import Client

from onewindow.accounts.constants import Role
from onewindow.cases.constants import CaseStatus, Channel
from onewindow.catalog.constants import DelegationLevel, ReformList
from onewindow.catalog.models import ListEntry
from onewindow.core.errors import InvalidInput, NotFound
from onewindow.hall.models import KioskTransaction
from onewindow.hall.network import services
from onewindow.org.constants import SiteKind
from onewindow.org.models import Terminal
from tests.accounts.factories import UserFactory
from tests.cases.factories import item

pytestmark = pytest.mark.django_db


@pytest.fixture
def delegated_item():
    the_item = item()
    ListEntry.objects.create(
        list_code=ReformList.DELEGATED, item=the_item, level=DelegationLevel.COMMUNITY
    )
    return the_item


def test_a_community_centre_takes_in_a_delegated_item_and_the_hall_clerk_gets_404(
    community, community_clerk, clerk, delegated_item, client
):
    applicant = UserFactory(citizen=True)
    case = services.take_in(community_clerk, applicant, delegated_item.code)
    assert case.status == CaseStatus.ACCEPTED
    assert case.site == community and case.window.number == "C01"

    client.force_login(community_clerk)
    page = client.get(f"/hall/network/cases/{case.number}/")
    assert page.status_code == 200 and case.number in page.content.decode()

    hall = Client()
    hall.force_login(clerk)
    assert hall.get(f"/hall/network/cases/{case.number}/").status_code == 404
    with pytest.raises(NotFound):
        services.site_case(clerk, case.number)


def test_an_item_not_delegated_to_the_community_level_is_refused_there(
    community_clerk, delegated_item
):
    ListEntry.objects.filter(item=delegated_item).update(level=DelegationLevel.TOWN)
    with pytest.raises(InvalidInput, match="未下沉"):
        services.take_in(community_clerk, UserFactory(citizen=True), delegated_item.code)


def test_a_kiosk_applies_and_tracks_through_its_api(community, delegated_item):
    terminal = Terminal.objects.filter(site__kind=SiteKind.COMMUNITY_CENTRE).first()
    token = services.issue_kiosk_token(None, terminal)
    api = Client(headers={"X-Kiosk-Token": token})
    assert (
        Client().post("/api/kiosk/status", {"status": "online"}, "application/json").status_code
        == 401
    )

    applied = api.post(
        "/api/kiosk/apply",
        {
            "item": delegated_item.code,
            "id_number": "370502199001011233",
            "name": "王自助",
            "phone": "13812345678",
        },
        "application/json",
    )
    assert applied.status_code == 201, applied.content
    number = applied.json()["number"]
    assert applied.json()["status"] == CaseStatus.SUBMITTED

    tracked = api.post(
        "/api/kiosk/track", {"number": number, "phone": "13812345678"}, "application/json"
    )
    assert tracked.status_code == 200, tracked.content
    assert tracked.json()["number"] == number and tracked.json()["steps"]

    wrong_name = api.post(
        "/api/kiosk/apply",
        {
            "item": delegated_item.code,
            "id_number": "370502199001011233",
            "name": "李冒名",
            "phone": "13812345678",
        },
        "application/json",
    )
    assert wrong_name.status_code == 403

    from onewindow.cases.models import Case

    case = Case.objects.get(number=number)
    assert case.channel == Channel.KIOSK and case.site == terminal.site
    counts = {
        a: KioskTransaction.objects.filter(terminal=terminal, action=a).count()
        for a in ("track", "ask", "apply")
    }
    assert counts == {"track": 1, "ask": 0, "apply": 1}
    assert (
        api.post("/api/kiosk/status", {"status": "fault"}, "application/json").json()["status"]
        == "fault"
    )
    assert Role.CLERK  # the kiosk token is no person's: nothing else accepts it
    assert api.get("/api/accounts/me").status_code == 401
