"""The expenditure chain, the 10,000-yuan rule, contracts and payments, audit samples."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from onewindow.core.errors import Conflict, InvalidInput, PermissionDenied
from onewindow.governance.constants import ExpenditureStatus, ItemKind, MeetingKind
from onewindow.governance.meetings import services as meetings
from onewindow.governance.models import Contract, Expenditure, Payment
from onewindow.governance.spending import services as spending
from onewindow.governance.spending.selectors import contract_warnings

from .helpers import decided_meeting

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _through_deputy(clerk, head, deputy, amount):
    e = spending.file_expenditure(clerk, purpose="购置办公电脑", amount=amount)
    e = spending.sign(head, e)
    return spending.sign(deputy, e)


@pytest.mark.parametrize("bad", ["-5", "0", "abc", "", "1.234", "NaN", "Infinity"])
def test_a_negative_or_non_numeric_sum_is_refused_and_nothing_saved(clerk, bad):
    with pytest.raises(InvalidInput):
        spending.file_expenditure(clerk, purpose="购置", amount=bad)
    assert not Expenditure.objects.exists()


def test_a_small_sum_runs_the_chain_in_order(clerk, head, deputy, principal):
    e = spending.file_expenditure(clerk, purpose="购买办公用品", amount="3000")
    assert e.status == ExpenditureStatus.HEAD
    with pytest.raises(PermissionDenied, match="股室负责人"):
        spending.sign(principal, e)
    e = _through_deputy(clerk, head, deputy, "3000")
    assert e.status == ExpenditureStatus.PRINCIPAL
    e = spending.sign(principal, e)
    assert e.status == ExpenditureStatus.APPROVED
    assert [s.step for s in e.signatures.all()] == ["head", "deputy", "principal"]


def test_the_head_of_another_division_cannot_sign(clerk, deputy):
    from onewindow.accounts.constants import Role
    from tests.governance.conftest import person

    other = person(Role.DIVISION_HEAD, department=None)
    e = spending.file_expenditure(clerk, purpose="购买办公用品", amount="300")
    with pytest.raises(PermissionDenied):
        spending.sign(other, e)


def test_nobody_signs_their_own_request_or_two_steps(principal, deputy, division):
    principal.department = division
    principal.save()
    e = spending.file_expenditure(principal, purpose="差旅", amount="800")
    assert not spending.may_sign(principal, e)


def test_a_sum_at_the_threshold_needs_a_filed_party_group_decision(
    clerk, head, deputy, principal, office, members
):
    e = _through_deputy(clerk, head, deputy, "10000")
    with pytest.raises(InvalidInput, match="党组会议"):
        spending.sign(principal, e)
    assert Expenditure.objects.get(pk=e.pk).status == ExpenditureStatus.PRINCIPAL
    decided_meeting(office, members, kind=ItemKind.LARGE_SUM, title="研究购置", expenditure=e)
    assert spending.sign(principal, e).status == ExpenditureStatus.APPROVED


def test_the_threshold_is_configurable(settings, clerk, head, deputy, principal):
    settings.GOVERNANCE_MEETING_THRESHOLD = 2000
    e = _through_deputy(clerk, head, deputy, "3000")
    with pytest.raises(InvalidInput, match="党组会议"):
        spending.sign(principal, e)


def test_a_decision_of_a_meeting_not_finalised_does_not_count(
    clerk, head, deputy, principal, office, members
):
    e = _through_deputy(clerk, head, deputy, "12000")
    meeting = meetings.create_meeting(
        office, kind=MeetingKind.PARTY_GROUP, title="党组会议", held_on=TODAY(), members=members
    )
    item = meetings.add_item(office, meeting, title="购置", kind=ItemKind.LARGE_SUM, expenditure=e)
    meetings.file_item(office, item, filed_on=TODAY() - timedelta(days=4))
    meetings.decide(office, item, decision="同意", votes_for=5)
    with pytest.raises(InvalidInput, match="党组会议"):
        spending.sign(principal, e)  # no 第一议题: the meeting cannot even be finalised


def test_sending_back_needs_a_reason(clerk, head):
    e = spending.file_expenditure(clerk, purpose="购买", amount="100")
    with pytest.raises(InvalidInput):
        spending.sign(head, e, approve=False)
    e = spending.sign(head, e, approve=False, note="预算不足")
    assert e.status == ExpenditureStatus.REJECTED
    with pytest.raises(Conflict):
        spending.sign(head, e)


def _contract(office, amount="100000"):
    return spending.create_contract(
        office,
        number="HT-2026-001",
        title="政务服务大厅运维服务合同",
        counterparty_name="东营某信息技术有限公司",
        amount=amount,
        starts_on=TODAY() - timedelta(days=200),
        ends_on=TODAY() + timedelta(days=165),
        milestones=[
            ("首付款：合同签订", TODAY() - timedelta(days=190), "30000"),
            ("中期验收", TODAY() - timedelta(days=10), "40000"),
            ("终验", TODAY() + timedelta(days=160), "30000"),
        ],
    )


def test_payment_before_acceptance_or_beyond_the_sum_is_refused(office):
    contract = _contract(office)
    first, second, _third = contract.milestones.all()
    with pytest.raises(InvalidInput, match="尚未验收"):
        spending.pay(office, first, amount="30000")
    spending.accept_milestone(office, first)
    spending.pay(office, first, amount="30000")
    with pytest.raises(InvalidInput, match="应付金额"):
        spending.pay(office, first, amount="1")
    spending.accept_milestone(office, second)
    spending.pay(office, second, amount="40000")
    assert spending.paid(contract) == Decimal("70000")
    assert Payment.objects.count() == 2


def test_a_payment_over_the_contract_sum_is_refused(office):
    contract = spending.create_contract(
        office,
        number="HT-1",
        title="采购",
        counterparty_name="某公司",
        amount="5000",
        starts_on=TODAY() - timedelta(days=30),
        ends_on=TODAY(),
        milestones=[("交付", TODAY() - timedelta(days=5), "5000")],
    )
    milestone = contract.milestones.get()
    spending.accept_milestone(office, milestone)
    with pytest.raises(InvalidInput, match="超过合同金额"):
        spending.pay(office, milestone, amount="5000.01")
    assert not Payment.objects.exists()


def test_milestones_beyond_the_contract_sum_are_refused(office):
    with pytest.raises(InvalidInput, match="超过合同金额"):
        spending.create_contract(
            office,
            number="HT-2",
            title="采购",
            counterparty_name="某公司",
            amount="100",
            starts_on=TODAY(),
            ends_on=TODAY(),
            milestones=[("交付", TODAY(), "101")],
        )
    assert not Contract.objects.exists()


def test_due_milestones_not_performed_raise_warnings(office):
    contract = _contract(office)
    warnings = contract_warnings(TODAY())
    assert [w["milestone"].title for w in warnings] == ["首付款：合同签订", "中期验收"]
    spending.accept_milestone(office, contract.milestones.get(order=1))
    assert [w["milestone"].title for w in contract_warnings(TODAY())] == ["中期验收"]


def test_a_quarterly_sample_draws_from_approved_spending(
    clerk, head, deputy, principal, discipline
):
    for n in range(12):
        e = _through_deputy(clerk, head, deputy, str(100 + n))
        spending.sign(principal, e)
    today = TODAY()
    sample = spending.draw_sample(discipline, year=today.year, quarter=(today.month - 1) // 3 + 1)
    assert sample.population == 12 and sample.items.count() == 5
    with pytest.raises(Conflict):
        spending.draw_sample(discipline, year=today.year, quarter=(today.month - 1) // 3 + 1)
    item = sample.items.first()
    spending.record_finding(discipline, item, "票据齐全，程序合规")
    item.refresh_from_db()
    assert item.reviewed_at is not None
