"""The 秒批 rules pages: bureau publishers see the instant list and set an item's rules;
bad rules come back in Chinese with nothing changed; anyone else gets 404."""

import pytest
from django.urls import reverse

from onewindow.accounts.constants import Role
from onewindow.cases.constants import CaseStatus
from onewindow.core.audit.models import AuditEvent
from tests.accounts.factories import UserFactory
from tests.cases.factories import clerk, freeze
from tests.cases.test_instant_approval import BASE, TODAY, apply, citizen, instant_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch, calendar_2026):
    freeze(monkeypatch, TODAY)
    return TODAY


@pytest.fixture
def leader_client(client):
    client.force_login(UserFactory(role=Role.LEADER))
    return client


def rows(*rules, extra=1):
    """The formset's POST data for these rows (dicts of the row's fields)."""
    data = {
        "rules-TOTAL_FORMS": str(len(rules) + extra),
        "rules-INITIAL_FORMS": "0",
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "20",
    }
    for n, rule in enumerate(rules):
        for key, value in rule.items():
            data[f"rules-{n}-{key}"] = value
    return data


def test_the_list_shows_each_instant_item_with_its_rules_and_outcomes(today, leader_client):
    the_item = instant_item()
    assert apply(the_item).status == CaseStatus.DECIDED
    apply(the_item, missing=["申请表"])
    bare = instant_item(rules=None)
    unlisted = instant_item(listed=False)

    response = leader_client.get(reverse("cases:instant_items"))
    assert response.status_code == 200
    text = response.content.decode()
    assert the_item.code in text and bare.code in text and unlisted.code not in text
    assert "未设规则" in text
    row = text[text.index(the_item.code) :].split("</tr>")[0]
    assert [c.split("<")[0] for c in row.split('class="text-end">')[1:]] == ["4", "1", "1"]


def test_a_publisher_sets_the_rules_from_the_page(today, leader_client):
    the_item = instant_item(rules=None)
    url = reverse("cases:instant_rules", args=[the_item.code])
    assert leader_client.get(url).status_code == 200
    data = rows(
        {"kind": "applicant_verified", "is_active": "on"},
        {
            "kind": "field_in",
            "field": "insured_type",
            "values": "职工、灵活就业人员",
            "is_active": "on",
        },
        {"kind": "age_between", "min_age": "18", "max_age": "", "message": "未成年人到窗口办理"},
        {"kind": "", "field": "area", "value": "5"},  # no type: not saved
    )
    response = leader_client.post(url, data)
    assert response.status_code == 302
    rules = list(the_item.instant_rules.order_by("order"))
    assert [(r.kind, r.params, r.is_active) for r in rules] == [
        ("applicant_verified", {}, True),
        ("field_in", {"field": "insured_type", "values": ["职工", "灵活就业人员"]}, True),
        ("age_between", {"min": 18}, False),
    ]
    assert rules[2].message == "未成年人到窗口办理"
    assert AuditEvent.objects.filter(action="case.instant_rules_set").count() == 1

    page = leader_client.get(url).content.decode()
    assert 'value="职工、灵活就业人员"' in page and "未成年人到窗口办理" in page


def test_bad_rules_come_back_in_chinese_and_nothing_changes(today, leader_client):
    the_item = instant_item()
    url = reverse("cases:instant_rules", args=[the_item.code])
    data = rows(
        {"kind": "no_open_case", "is_active": "on"},
        {"kind": "number_at_most", "field": "insured_type", "value": "3", "is_active": "on"},
    )
    response = leader_client.post(url, data)
    assert response.status_code == 200
    assert "第2条规则：“参保类型”不是数字字段" in response.content.decode()
    assert the_item.instant_rules.count() == len(BASE)


def test_an_empty_form_removes_every_rule(today, leader_client):
    the_item = instant_item()
    url = reverse("cases:instant_rules", args=[the_item.code])
    assert leader_client.post(url, rows(extra=3)).status_code == 302
    assert not the_item.instant_rules.exists()
    assert apply(the_item).status == CaseStatus.SUBMITTED  # no rules: a person decides


def test_an_item_not_on_the_list_says_its_rules_wait(today, leader_client):
    the_item = instant_item(listed=False)
    page = leader_client.get(reverse("cases:instant_rules", args=[the_item.code]))
    assert "未列入“秒批秒办”清单" in page.content.decode()


def test_an_unknown_item_is_404(today, leader_client):
    assert leader_client.get(reverse("cases:instant_rules", args=["NO-SUCH"])).status_code == 404


@pytest.mark.parametrize("who", ["citizen", "clerk", "approver"])
def test_anyone_but_a_publisher_gets_404_and_changes_nothing(today, client, who):
    users = {
        "citizen": citizen,
        "clerk": clerk,
        "approver": lambda: UserFactory(approver=True),
    }
    the_item = instant_item()
    client.force_login(users[who]())
    url = reverse("cases:instant_rules", args=[the_item.code])
    assert client.get(reverse("cases:instant_items")).status_code == 404
    assert client.get(url).status_code == 404
    assert client.post(url, rows(extra=0)).status_code == 404
    assert the_item.instant_rules.count() == len(BASE)


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("cases:instant_items"))
    assert response.status_code == 302 and "login" in response["Location"]
