"""A rating with no level, a level out of range, unknown questions or a comment over
500 characters is refused with a Chinese message; nothing is saved and the code stays usable."""

import pytest
from django.urls import reverse

from onewindow.core.audit.models import AuditEvent
from onewindow.core.errors import InvalidInput
from onewindow.feedback.constants import RatingChannel
from onewindow.feedback.models import Rating, WorkOrder
from onewindow.feedback.ratings import services

from .conftest import rate, supervisor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kwargs", "field", "text"),
    [
        ({"level": None}, "level", "请选择评价等级"),
        ({"level": ""}, "level", "请选择评价等级"),
        ({"level": 0}, "level", "评价等级无效"),
        ({"level": 6}, "level", "评价等级无效"),
        ({"level": "五"}, "level", "评价等级无效"),
        ({"level": True}, "level", "评价等级无效"),
        ({"level": 1, "comment": "差" * 501}, "comment", "不能超过500字"),
        ({"level": 5, "scores": {"efficiency": 9}}, "score_efficiency", "评价等级无效"),
        ({"level": 5, "scores": {"ease_of_use": 5}}, "scores", "本渠道不评价"),
        ({"level": 5, "scores": "5"}, "scores", "格式有误"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(visit, kwargs, field, text):
    token, signed = visit
    events = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as error:
        rate(signed, **kwargs)
    assert error.value.field == field
    assert text in error.value.message
    token.refresh_from_db()
    assert token.used_at is None
    assert Rating.objects.count() == 0 and WorkOrder.objects.count() == 0
    assert AuditEvent.objects.count() == events
    assert rate(signed, level=5).level == 5  # the code still works


def test_a_comment_of_exactly_500_characters_is_accepted(visit):
    _token, signed = visit
    assert len(rate(signed, level=3, comment="好" * 500).comment) == 500


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ({"comment": "没有选择等级"}, "请选择评价等级"),
        ({"level": "6"}, "评价等级无效"),
        ({"level": "1", "comment": "差" * 501}, "不能超过500字"),
    ],
)
def test_the_page_shows_the_message_and_saves_nothing(client, visit, data, text):
    token, signed = visit
    response = client.post(reverse("feedback:rate", kwargs={"token": signed}), data)
    assert response.status_code == 400
    assert text in response.content.decode()
    token.refresh_from_db()
    assert token.used_at is None and Rating.objects.count() == 0


def test_direct_ratings_are_validated_the_same_way(window):
    with pytest.raises(InvalidInput) as error:
        services.submit_direct_rating(
            channel=RatingChannel.SPOT_CHECK,
            level=None,
            scores={},
            comment="",
            rater=supervisor(),
            window=window,
        )
    assert "请选择评价等级" in error.value.message
    with pytest.raises(InvalidInput):
        services.submit_direct_rating(
            channel=RatingChannel.SPOT_CHECK,
            level=2,
            scores={},
            comment="x" * 501,
            rater=supervisor(),
            window=window,
        )
    assert Rating.objects.count() == 0 and WorkOrder.objects.count() == 0
