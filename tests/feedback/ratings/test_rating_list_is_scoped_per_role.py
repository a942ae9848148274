"""Who sees which ratings: supervisors and leaders all; department staff their department's;
clerks their window's and their own; others none (a rating out of sight is 404)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from onewindow.accounts.constants import Role
from onewindow.feedback.constants import RatingChannel
from onewindow.feedback.ratings import selectors, services, visits
from tests.accounts.factories import UserFactory
from tests.cases.factories import submitted_case

from .conftest import make_window, on_duty, rate, supervisor

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    """Two windows of two departments, a clerk on each, one rating each, and a spot check."""
    w1, w2 = make_window("A01"), make_window("A02")
    c1, c2 = on_duty(UserFactory(clerk=True), w1), on_duty(UserFactory(clerk=True), w2)
    r1 = rate(visits.start_visit(c1, w1, submitted_case().number)[1], level=5)
    r2 = rate(visits.start_visit(c2, w2, submitted_case().number)[1], level=1)
    r3 = services.submit_direct_rating(
        channel=RatingChannel.SPOT_CHECK,
        level=4,
        scores={},
        comment="",
        rater=supervisor(),
        department=w2.department,
    )
    return {"w1": w1, "w2": w2, "c1": c1, "c2": c2, "r1": r1, "r2": r2, "r3": r3}


def seen(user):
    return set(selectors.visible_ratings(user).values_list("pk", flat=True))


def test_oversight_sees_all(world):
    everything = {world["r1"].pk, world["r2"].pk, world["r3"].pk}
    assert seen(supervisor()) == everything
    assert seen(UserFactory(role=Role.LEADER)) == everything


def test_department_staff_see_their_department(world):
    approver = UserFactory(role=Role.APPROVER, department=world["w2"].department)
    assert seen(approver) == {world["r2"].pk, world["r3"].pk}


def test_clerks_see_their_window_and_themselves(world):
    assert seen(world["c1"]) == {world["r1"].pk}
    assert seen(world["c2"]) == {world["r2"].pk}
    # A clerk who moved to another window still sees the ratings of their own service.
    moved = world["c1"]
    moved.window_assignments.update(ended_on="2026-06-01")
    assert seen(moved) == {world["r1"].pk}


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.PARTY_MEMBER, Role.SECURITY_ADMIN, None])
def test_others_see_none(world, role):
    assert seen(UserFactory(role=role)) == set()


def test_pages_follow_the_scope(client, world):
    client.force_login(world["c1"])
    listing = client.get(reverse("feedback:ratings"))
    assert listing.status_code == 200
    rows = listing.content.decode()
    assert f'data-rating-id="{world["r1"].pk}"' in rows
    assert f'data-rating-id="{world["r2"].pk}"' not in rows
    own = reverse("feedback:rating_detail", kwargs={"pk": world["r1"].pk})
    other = reverse("feedback:rating_detail", kwargs={"pk": world["r2"].pk})
    assert client.get(own).status_code == 200
    assert client.get(other).status_code == 404

    client.force_login(UserFactory(citizen=True))
    assert client.get(reverse("feedback:ratings")).status_code == 403
    assert client.get(own).status_code == 404


def test_filters(client, world):
    client.force_login(supervisor())
    url = reverse("feedback:ratings")

    def ids(query):
        page = client.get(url, query)
        assert page.status_code == 200
        return {r.pk for r in page.context["page_obj"]}

    r1, r2, r3 = world["r1"].pk, world["r2"].pk, world["r3"].pk
    assert ids({}) == {r1, r2, r3}
    assert ids({"bad_only": "on"}) == {r2}
    assert ids({"channel": "spot_check"}) == {r3}
    assert ids({"level": "5"}) == {r1}
    assert ids({"department": world["w2"].department.pk}) == {r2, r3}
    month = timezone.localtime(world["r1"].created_at).strftime("%Y-%m")
    assert ids({"month": month}) == {r1, r2, r3}
    assert ids({"month": "2019-01"}) == set()
    assert ids({"month": "nonsense", "level": "99"}) == {r1, r2, r3}  # bad filters: ignored


def test_the_list_does_not_query_per_row(client, world, django_assert_max_num_queries):
    for _ in range(5):
        rate(visits.start_visit(world["c1"], world["w1"], submitted_case().number)[1], level=4)
    client.force_login(supervisor())
    with django_assert_max_num_queries(12):
        client.get(reverse("feedback:ratings"))
