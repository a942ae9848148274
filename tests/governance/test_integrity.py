"""Talks: future dates refused, copied records flagged, shortfalls; risk levels and measures."""

from datetime import timedelta

import pytest
from django.utils import timezone

from onewindow.core.errors import InvalidInput
from onewindow.governance.constants import RISK_MEASURES, RiskLevel, TalkKind
from onewindow.governance.integrity import services as integrity
from onewindow.governance.models import KeyPost, Talk
from onewindow.governance.selectors import talk_shortfalls

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
TEXT = (
    "按照全面从严治党要求，与该同志就岗位廉政风险进行谈话，提醒其严守财经纪律，"
    "在审批、资金管理等环节规范用权，主动接受监督，做到廉洁自律、干净干事。"
)


def test_a_talk_dated_in_the_future_is_refused(principal, clerk):
    with pytest.raises(InvalidInput, match="不能晚于今天"):
        integrity.record_talk(
            principal,
            kind=TalkKind.INTEGRITY,
            leader=principal,
            subject=clerk,
            held_on=TODAY() + timedelta(days=1),
            content=TEXT,
        )
    assert not Talk.objects.exists()


def test_a_nearly_identical_record_is_flagged(principal, clerk, head, deputy):
    first = integrity.record_talk(
        principal,
        kind=TalkKind.INTEGRITY,
        leader=principal,
        subject=clerk,
        held_on=TODAY(),
        content=TEXT,
    )
    copied = integrity.record_talk(
        principal,
        kind=TalkKind.INTEGRITY,
        leader=principal,
        subject=head,
        held_on=TODAY(),
        content=TEXT.replace("该同志", "李股长同志"),
    )
    own = integrity.record_talk(
        deputy,
        kind=TalkKind.HEART,
        leader=deputy,
        subject=clerk,
        held_on=TODAY(),
        content="谈心谈话：了解窗口工作压力和家庭情况，鼓励其参加业务培训，提升受理能力。",
    )
    assert first.similar_to is None
    assert copied.similar_to_id == first.pk and copied.similarity >= 0.85
    assert own.similar_to is None


def test_key_post_people_with_fewer_than_two_talks_are_listed(principal, clerk, head):
    KeyPost.objects.create(person=clerk, post_name="财务", since=TODAY())
    KeyPost.objects.create(person=head, post_name="审批", since=TODAY())
    for n in range(2):
        integrity.record_talk(
            principal,
            kind=TalkKind.INTEGRITY,
            leader=principal,
            subject=clerk,
            held_on=TODAY() - timedelta(days=n),
            content=f"第{n}次廉政谈话，内容各不相同{n}" * 3,
        )
    assert [(kp.person, n) for kp, n in talk_shortfalls(TODAY().year)] == [(head, 0)]


def test_a_changed_level_starts_the_measures_it_requires(discipline):
    risk = integrity.add_risk_point(
        discipline,
        post_name="财务岗",
        process_name="报销审核",
        description="虚列支出风险",
        level=RiskLevel.LOW,
        controls="双人审核",
    )
    risk = integrity.evaluate_risk(discipline, risk, level=RiskLevel.HIGH, note="发现问题")
    assert risk.level == RiskLevel.HIGH
    assert str(risk.measures) == str(RISK_MEASURES[RiskLevel.HIGH])
    assert risk.evaluations.get().level_before == RiskLevel.LOW
