"""Online (网上评价): the applicant rates their own case once, after it has an outcome."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from onewindow.cases import services as case_services
from onewindow.core.errors import Conflict, InvalidInput, NotFound
from onewindow.feedback.constants import RatingChannel
from onewindow.feedback.models import Rating
from onewindow.feedback.ratings import services
from tests.accounts.factories import UserFactory
from tests.cases.factories import clerk, submitted_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished_case():
    return case_services.refuse(clerk(), submitted_case(), "材料不符合法定形式")


def online(case, rater, level=4, **kwargs):
    return services.submit_direct_rating(
        channel=RatingChannel.ONLINE,
        level=level,
        scores=kwargs.pop("scores", {"efficiency": 4, "guide_accuracy": 5}),
        comment=kwargs.pop("comment", ""),
        rater=rater,
        case=case,
        **kwargs,
    )


def test_the_applicant_rates_once(finished_case):
    rating = online(finished_case, finished_case.applicant)
    assert rating.channel == RatingChannel.ONLINE and rating.is_real_name
    assert rating.scores == {"overall": 4, "efficiency": 4, "guide_accuracy": 5}
    assert rating.department == finished_case.item_version.item.department
    with pytest.raises(Conflict) as error:
        online(finished_case, finished_case.applicant, level=1)
    assert "只能网上评价一次" in error.value.message
    assert Rating.objects.count() == 1


def test_the_database_keeps_one_online_rating_per_case(finished_case):
    online(finished_case, finished_case.applicant)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(level=5, channel=RatingChannel.ONLINE, case=finished_case)


def test_someone_else_and_an_open_case_are_refused(finished_case):
    with pytest.raises(NotFound):
        online(finished_case, UserFactory(citizen=True))
    open_case = submitted_case()
    with pytest.raises(InvalidInput) as error:
        online(open_case, open_case.applicant)
    assert "办理完毕后" in error.value.message
    assert Rating.objects.count() == 0


def test_the_page_rates_once_and_then_shows_the_rating(client, finished_case):
    client.force_login(finished_case.applicant)
    url = reverse("feedback:rate_case", kwargs={"number": finished_case.number})
    page = client.get(url).content.decode()
    assert "办事指南准确性" in page and "系统易用性" in page  # the online questions
    response = client.post(url, {"level": "2", "score_efficiency": "2", "comment": "等太久"})
    assert response.status_code == 302
    shown = client.get(url)
    assert 'data-testid="already-rated"' in shown.content.decode()
    assert client.post(url, {"level": "5"}).status_code == 409
    rating = Rating.objects.get()
    assert (rating.level, rating.is_bad, rating.comment) == (2, True, "等太久")


def test_the_page_is_404_for_another_user(client, finished_case):
    client.force_login(UserFactory(citizen=True))
    url = reverse("feedback:rate_case", kwargs={"number": finished_case.number})
    assert client.get(url).status_code == 404
    assert client.post(url, {"level": "1"}).status_code == 404
    assert Rating.objects.count() == 0


def test_the_case_page_offers_the_rating_until_it_is_given(client, finished_case):
    client.force_login(finished_case.applicant)
    page = reverse("cases:detail", kwargs={"number": finished_case.number})
    rate_url = reverse("feedback:rate_case", kwargs={"number": finished_case.number})
    assert rate_url in client.get(page).content.decode()
    online(finished_case, finished_case.applicant)
    assert rate_url not in client.get(page).content.decode()


def test_an_open_case_page_offers_no_rating(client):
    case = submitted_case()
    client.force_login(case.applicant)
    html = client.get(reverse("cases:detail", kwargs={"number": case.number})).content.decode()
    assert reverse("feedback:rate_case", kwargs={"number": case.number}) not in html
