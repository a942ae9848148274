"""The reads behind the meeting, expenditure and asset pages after the page-speed work
(benchmarks/governance_pages.py): the same answers with fewer queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from onewindow.governance.constants import ItemKind, MeetingKind
from onewindow.governance.meetings import services as meetings
from onewindow.governance.models import Asset, Expenditure, Reconciliation
from onewindow.governance.spending import selectors as spending_selectors
from onewindow.governance.spending import services as spending

from .conftest import person

pytestmark = pytest.mark.django_db


def test_waiting_for_is_may_sign_in_one_query(clerk, head, deputy, principal, division):
    from onewindow.accounts.constants import Role

    other_head = person(Role.DIVISION_HEAD, name="别的股长")  # another division's head
    filed = [
        spending.file_expenditure(clerk, purpose=f"购买{i}", amount="800", is_asset_purchase=False)
        for i in range(6)
    ]
    spending.sign(head, filed[1])
    spending.sign(head, filed[2])
    spending.sign(deputy, filed[2])
    spending.sign(head, filed[3], approve=False, note="材料不全")
    # The deputy also filed one: never his own to sign.
    Expenditure.objects.create(
        number="OWN1",
        purpose="差旅",
        amount=Decimal(500),
        department_id=clerk.department_id,
        filed_by=deputy,
        filed_on=timezone.localdate(),
        status="deputy",
    )
    everyone = Expenditure.objects.order_by("-filed_on", "-pk")
    for user in (clerk, head, other_head, deputy, principal):
        expected = [e.pk for e in everyone if spending.may_sign(user, e)]
        with CaptureQueriesContext(connection) as queries:
            got = [e.pk for e in spending_selectors.waiting_for(user)]
        assert got == expected, user
        assert len(queries) <= 1
    assert filed[2].pk in [e.pk for e in spending_selectors.waiting_for(principal)]


def test_the_expenditure_list_pages_in_order_with_the_deferred_join(client, office, clerk):
    today = timezone.localdate()
    rows = [
        Expenditure(
            number=f"ZC{i:05d}",
            purpose="办公用品",
            amount=Decimal(100),
            department_id=clerk.department_id,
            filed_by=clerk,
            filed_on=today - timedelta(days=i // 3),
        )
        for i in range(75)
    ]
    Expenditure.objects.bulk_create(rows)
    expected = list(
        Expenditure.objects.order_by("-filed_on", "-pk").values_list("number", flat=True)
    )
    client.force_login(office)
    seen = []
    for page in (1, 2, 3):
        response = client.get(f"/governance/expenditures/?page={page}")
        assert response.status_code == 200
        seen += [e.number for e in response.context["page_obj"]]
    assert seen == expected


def test_the_meeting_list_counts_items_without_loading_them(client, office, members):
    m = meetings.create_meeting(
        office,
        kind=MeetingKind.PARTY_GROUP,
        title="党组会议",
        held_on=timezone.localdate(),
        members=members,
    )
    meetings.add_item(office, m, title="学习", kind=ItemKind.STUDY)
    meetings.add_item(office, m, title="一般事项", kind=ItemKind.ORDINARY)
    meetings.create_meeting(
        office,
        kind=MeetingKind.DIRECTOR,
        title="局长办公会",
        held_on=timezone.localdate(),
        members=members,
    )
    client.force_login(office)
    response = client.get("/governance/meetings/")
    counts = {x.title: x.item_count for x in response.context["page_obj"]}
    assert counts == {"党组会议": 2, "局长办公会": 0}


def test_the_asset_page_bounds_late_purchases_and_counts_differences(client, office, clerk):
    today = timezone.localdate()
    Expenditure.objects.bulk_create(
        Expenditure(
            number=f"GZ{i:03d}",
            purpose="购置电脑",
            amount=Decimal(4000),
            department_id=clerk.department_id,
            filed_by=clerk,
            filed_on=today - timedelta(days=90),
            is_asset_purchase=True,
            status="approved",
            approved_on=today - timedelta(days=60),
        )
        for i in range(25)
    )
    Reconciliation.objects.create(
        done_on=today,
        done_by=office,
        original_name="台账.xlsx",
        differences=[{"kind": "extra", "number": "X", "register": "", "ledger": "1"}] * 3,
    )
    Asset.objects.create(
        number="ZC1",
        name="电脑",
        category_code="2010101",
        purchased_on=today,
        price=Decimal(1),
        entered_on=today,
    )
    client.force_login(office)
    body = client.get("/governance/assets/").content.decode()
    assert body.count("购置资产未按时入账") == 20
    assert "另有 5 项购置未按时入账" in body
    assert "差异 3 项" in body
    assert "台式计算机" in body  # the category's label
