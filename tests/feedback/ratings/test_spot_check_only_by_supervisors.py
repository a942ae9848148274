"""督查抽评: only hall supervisors may record a spot check."""

import pytest
from django.urls import reverse

from onewindow.accounts.constants import Role
from onewindow.core.errors import PermissionDenied
from onewindow.feedback.constants import RaterKind, RatingChannel
from onewindow.feedback.models import Rating
from onewindow.feedback.ratings import services
from tests.accounts.factories import UserFactory

from .conftest import supervisor

pytestmark = pytest.mark.django_db


def spot(rater, window, level=4):
    return services.submit_direct_rating(
        channel=RatingChannel.SPOT_CHECK,
        level=level,
        scores={"attitude": 5, "service_level": 4},
        comment="抽查窗口服务",
        rater=rater,
        window=window,
    )


def test_a_supervisor_records_a_spot_check(window):
    rating = spot(supervisor(), window)
    assert rating.rater_kind == RaterKind.SUPERVISOR
    assert rating.department == window.department


@pytest.mark.parametrize("role", [Role.CLERK, Role.LEADER, Role.APPROVER, Role.CITIZEN, None])
def test_anyone_else_is_refused(window, role):
    with pytest.raises(PermissionDenied):
        spot(UserFactory(role=role), window)
    with pytest.raises(PermissionDenied):
        spot(None, window)
    assert Rating.objects.count() == 0


def test_the_page_is_for_supervisors_only(client, window):
    client.force_login(UserFactory(role=Role.LEADER))
    url = reverse("feedback:spot_check")
    assert client.get(url).status_code == 403
    assert client.post(url, {"window": window.pk, "level": "5"}).status_code == 403
    assert Rating.objects.count() == 0

    client.force_login(supervisor())
    assert client.get(url).status_code == 200
    empty = client.post(url, {"level": "5"})
    assert empty.status_code == 400 and "请选择被评价的窗口" in empty.content.decode()
    response = client.post(
        url, {"window": window.pk, "level": "1", "score_attitude": "1", "comment": "态度生硬"}
    )
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert response["Location"] == reverse("feedback:rating_detail", kwargs={"pk": rating.pk})
    assert (rating.channel, rating.window, rating.is_bad) == (
        RatingChannel.SPOT_CHECK,
        window,
        True,
    )
