"""The entry forms (entry.py): each page writes through its register's service, refuses
bad input with a Chinese message beside the field (400, nothing saved), is 404 to whoever
may not write, and is linked from the register page of the roles that use it. Also the
asset labels (QR code to the asset's page, accepted by the inventory scanner) and the
read-only audited admin of the registers."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from onewindow.governance.assets import services as assets
from onewindow.governance.cadres import services as cadres
from onewindow.governance.constants import SelectionStep
from onewindow.governance.models import (
    Contract,
    EducationSession,
    Milestone,
    Objection,
    PartyLifeMeeting,
    RiskPoint,
    Selection,
    StudySession,
    StudyTopic,
    Talk,
    VolunteerActivity,
)

pytestmark = pytest.mark.django_db


def _as(client, user):
    client.force_login(user)
    return client


def _today():
    return timezone.localdate()


# -- talks, risk points, warning education ------------------------------------------------


def test_a_leader_records_a_talk_and_a_future_date_is_refused(client, principal, clerk):
    c = _as(client, principal)
    assert 'href="/governance/talks/new/"' in c.get(reverse("governance:talks")).content.decode()
    url = reverse("governance:talk_new")
    data = {
        "kind": "integrity",
        "leader": principal.pk,
        "subject": clerk.pk,
        "held_on": (_today() + datetime.timedelta(days=3)).isoformat(),
        "content": "提醒严守廉洁纪律，按程序办理审批事项。",
    }
    response = c.post(url, data)
    assert response.status_code == 400 and "不能晚于今天" in response.content.decode()
    assert not Talk.objects.exists()
    response = c.post(url, {**data, "held_on": _today().isoformat()})
    assert response.status_code == 302
    talk = Talk.objects.get()
    assert (talk.leader, talk.subject, talk.kind) == (principal, clerk, "integrity")


def test_talk_forms_are_404_to_those_who_do_not_record_talks(client, office, clerk):
    for user in (office, clerk):
        assert _as(client, user).get(reverse("governance:talk_new")).status_code == 404


def test_a_talk_with_oneself_is_refused_beside_the_field(client, principal):
    response = _as(client, principal).post(
        reverse("governance:talk_new"),
        {
            "kind": "heart",
            "leader": principal.pk,
            "subject": principal.pk,
            "held_on": _today().isoformat(),
            "content": "谈心",
        },
    )
    assert response.status_code == 400
    assert "谈话人和谈话对象不能是同一人" in response.content.decode()
    assert not Talk.objects.exists()


def test_the_discipline_officer_adds_and_evaluates_a_risk_point(client, discipline, office):
    c = _as(client, discipline)
    page = c.get(reverse("governance:talks")).content.decode()
    assert reverse("governance:risk_new") in page
    response = c.post(
        reverse("governance:risk_new"),
        {
            "post_name": "财务岗",
            "process_name": "资金支付",
            "description": "未经审批支付",
            "level": "medium",
            "controls": "双人复核",
        },
    )
    assert response.status_code == 302
    risk = RiskPoint.objects.get()
    response = c.post(reverse("governance:risk_evaluate", args=[risk.pk]), {"level": "nope"})
    assert response.status_code == 400
    response = c.post(
        reverse("governance:risk_evaluate", args=[risk.pk]), {"level": "high", "note": "升级"}
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.level == "high" and risk.evaluations.count() == 1
    assert _as(client, office).get(reverse("governance:risk_new")).status_code == 404


def test_the_office_records_warning_education_with_attendance(client, office, clerk, head):
    c = _as(client, office)
    assert (
        reverse("governance:education_new") in c.get(reverse("governance:study")).content.decode()
    )
    response = c.post(
        reverse("governance:education_new"),
        {
            "title": "观看警示教育片",
            "held_on": _today().isoformat(),
            "attendees": [clerk.pk, head.pk],
        },
    )
    assert response.status_code == 302
    assert EducationSession.objects.get().attendance == 2


# -- contracts ----------------------------------------------------------------------------


def _contract_data(**overrides):
    data = {
        "number": "HT-2026-009",
        "title": "政务服务大厅保洁服务",
        "counterparty_name": "东营某物业公司",
        "amount": "48000",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "obligations": "每日保洁两次",
        "milestones": "首付款，2026-03-31，20000\n尾款,2026-12-31,28000",
    }
    data.update(overrides)
    return data


def test_the_office_registers_a_contract_with_its_milestones(client, office):
    c = _as(client, office)
    assert (
        reverse("governance:contract_new")
        in c.get(reverse("governance:contracts")).content.decode()
    )
    response = c.post(reverse("governance:contract_new"), _contract_data())
    contract = Contract.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "governance:contract", args=[contract.pk]
    )
    assert [(m.title, m.amount) for m in contract.milestones.order_by("order")] == [
        ("首付款", Decimal("20000")),
        ("尾款", Decimal("28000")),
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount": "-1"}, "金额"),
        ({"amount": "四万"}, "金额"),
        ({"milestones": "首付款，2026-03-31，50000"}, "各履约节点金额之和超过合同金额"),
        ({"milestones": "首付款 2026-03-31"}, "第1行应为"),
        ({"milestones": "首付款，三月底，100"}, "不是有效日期"),
        ({"ends_on": "2025-12-31"}, "终止日期不能早于起始日期"),
    ],
)
def test_a_bad_contract_is_refused_and_nothing_is_saved(client, office, overrides, message):
    response = _as(client, office).post(
        reverse("governance:contract_new"), _contract_data(**overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Contract.objects.exists() and not Milestone.objects.exists()


def test_contract_entry_is_404_to_others(client, discipline, clerk):
    for user in (discipline, clerk):
        assert _as(client, user).get(reverse("governance:contract_new")).status_code == 404


# -- cadre selection ----------------------------------------------------------------------


def test_personnel_runs_a_selection_step_by_step_on_the_pages(client, personnel, clerk, office):
    c = _as(client, personnel)
    assert (
        reverse("governance:selection_new")
        in c.get(reverse("governance:selections")).content.decode()
    )
    response = c.post(
        reverse("governance:selection_new"),
        {"title": "2026年中层干部选拔", "post_name": "综合股股长", "candidates": [clerk.pk]},
    )
    selection = Selection.objects.get()
    assert response.status_code == 302
    page = c.get(reverse("governance:selection", args=[selection.pk])).content.decode()
    assert reverse("governance:selection_step", args=[selection.pk]) in page
    step_url = reverse("governance:selection_step", args=[selection.pk])
    today = _today().isoformat()
    # Skipping a step is refused with its name; then 动议 and 民主推荐 are recorded.
    response = c.post(step_url, {"step": int(SelectionStep.INSPECTION), "done_on": today})
    assert response.status_code == 400
    for step in (SelectionStep.MOTION, SelectionStep.RECOMMENDATION):
        assert c.post(step_url, {"step": int(step), "done_on": today}).status_code == 302
    # 考察 needs every candidate's file checked (凡提必审).
    response = c.post(step_url, {"step": int(SelectionStep.INSPECTION), "done_on": today})
    assert response.status_code == 400 and "凡提必审" in response.content.decode()
    candidate = selection.candidates.get()
    assert c.post(reverse("governance:file_check", args=[candidate.pk])).status_code == 302
    assert (
        c.post(step_url, {"step": int(SelectionStep.INSPECTION), "done_on": today}).status_code
        == 302
    )
    selection.refresh_from_db()
    assert selection.step == SelectionStep.INSPECTION
    assert _as(client, office).get(step_url).status_code == 404


def test_a_notice_shorter_than_the_rule_and_objections_on_the_pages(client, personnel, clerk):
    selection = cadres.start(personnel, title="选拔", post_name="股长", candidates=[clerk])
    Selection.objects.filter(pk=selection.pk).update(step=SelectionStep.DECISION)
    c = _as(client, personnel)
    step_url = reverse("governance:selection_step", args=[selection.pk])
    data = {"step": int(SelectionStep.NOTICE), "done_on": _today().isoformat(), "notice_days": "3"}
    response = c.post(step_url, data)
    assert response.status_code == 400 and "公示期不得少于" in response.content.decode()
    assert c.post(step_url, {**data, "notice_days": "5"}).status_code == 302
    response = c.post(
        reverse("governance:objection_new", args=[selection.pk]),
        {"raised_on": _today().isoformat(), "content": "反映该同志考勤问题"},
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    response = c.post(
        reverse("governance:objection_resolve", args=[objection.pk]),
        {"resolved_on": _today().isoformat(), "resolution": "经核查不属实"},
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.resolved_on == _today()


# -- study --------------------------------------------------------------------------------


def test_the_office_records_study_party_life_and_volunteering(client, office, clerk):
    c = _as(client, office)
    page = c.get(reverse("governance:study")).content.decode()
    for kind in ("topic", "session", "party-life", "volunteer"):
        assert reverse("governance:study_new", args=[kind]) in page
    today = _today().isoformat()
    assert (
        c.post(
            reverse("governance:study_new", args=["topic"]), {"year": "2026", "title": "学习党章"}
        ).status_code
        == 302
    )
    topic = StudyTopic.objects.get()
    response = c.post(
        reverse("governance:study_new", args=["session"]),
        {
            "kind": "seminar",
            "title": "专题研讨",
            "held_on": today,
            "topic": topic.pk,
            "attendance": "9",
        },
    )
    assert response.status_code == 302 and StudySession.objects.get().attendance == 9
    response = c.post(
        reverse("governance:study_new", args=["party-life"]),
        {"kind": "lecture", "title": "书记讲党课", "held_on": today, "attendance": "20"},
    )
    assert response.status_code == 302 and PartyLifeMeeting.objects.count() == 1
    response = c.post(
        reverse("governance:study_new", args=["volunteer"]),
        {"title": "社区志愿服务", "held_on": today, "participants": "-3"},
    )
    assert response.status_code == 400 and not VolunteerActivity.objects.exists()
    assert (
        _as(client, clerk).get(reverse("governance:study_new", args=["topic"])).status_code == 404
    )
    assert (
        _as(client, office).get(reverse("governance:study_new", args=["nope"])).status_code == 404
    )


# -- asset labels -------------------------------------------------------------------------


def _asset(office, number, custodian=None):
    return assets.enter_asset(
        office,
        number=number,
        name="台式计算机",
        category_code="2010101",
        purchased_on=datetime.date(2026, 1, 5),
        price="4800",
        custodian=custodian,
        location="三楼办公室",
    )


def test_a_label_sheet_carries_number_name_custodian_location_and_a_qr_code(client, office, clerk):
    first = _asset(office, "ZC-2026-0001", custodian=clerk)
    second = _asset(office, "ZC-2026-0002")
    c = _as(client, office)
    assert (
        reverse("governance:asset_labels") in c.get(reverse("governance:assets")).content.decode()
    )
    page = c.get(reverse("governance:asset_labels"), {"id": [first.pk]}).content.decode()
    assert "ZC-2026-0001" in page and "ZC-2026-0002" not in page
    assert "台式计算机" in page and clerk.display_name in page and "三楼办公室" in page
    url = f"http://testserver{reverse('governance:asset', args=[first.pk])}"
    assert f'data-qr-payload="{url}"' in page and "data:image/png;base64," in page
    both = c.get(reverse("governance:asset_labels"), {"all": "1"}).content.decode()
    assert both.count('class="ow-label"') == 2
    asset_page = c.get(reverse("governance:asset", args=[second.pk]))
    assert asset_page.status_code == 200 and "ZC-2026-0002" in asset_page.content.decode()
    assert _as(client, clerk).get(reverse("governance:asset_labels")).status_code == 404


def test_the_inventory_accepts_the_labels_qr_url_and_counts_it_once(client, office):
    asset = _asset(office, "ZC-2026-0003")
    count = assets.start_count(office, title="2026年盘点")
    c = _as(client, office)
    url = reverse("governance:inventory", args=[count.pk])
    scanned = f"http://testserver{reverse('governance:asset', args=[asset.pk])}"
    assert c.post(url, {"asset_number": scanned}).json()["ok"] is True
    assert c.post(url, {"asset_number": "ZC-2026-0003"}).json()["ok"] is False  # counted once
    result = assets.count_result(count)
    assert list(result.found) == ["ZC-2026-0003"] and not result.unexpected


# -- admin --------------------------------------------------------------------------------


def test_the_registers_are_read_only_in_the_audited_admin_and_talks_hide_their_content(
    client, principal, clerk
):
    from django.contrib import admin

    from onewindow.governance.integrity import services as integrity

    talk = integrity.record_talk(
        principal,
        kind="integrity",
        leader=principal,
        subject=clerk,
        held_on=_today(),
        content="机密的谈话内容",
    )
    model_admin = admin.site._registry[Talk]
    assert "content" not in model_admin.fields
    # A superuser only to reach every admin page in a test; production has none.
    admin_user = get_user_model().objects.create_superuser(
        username="root", password="Gov-Admin-2026", display_name="测试", must_change_password=False
    )
    c = _as(client, admin_user)
    assert c.get(reverse("admin:governance_talk_changelist")).status_code == 200
    page = c.get(reverse("admin:governance_talk_change", args=[talk.pk]))
    assert page.status_code == 200 and "机密的谈话内容" not in page.content.decode()
    for model in (Talk, Contract, RiskPoint, Selection):
        ma = admin.site._registry[model]
        assert not ma.has_add_permission(None) and not ma.has_change_permission(None)
