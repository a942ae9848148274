"""The demo's 秒批 rules fit the demo catalogue, load once, and approve a real demo item;
the cases admin renders for reference without personal data in full."""

import random
from datetime import date

import pytest
from django.contrib import admin
from django.urls import reverse
from stdnum.cn import ric

from onewindow.accounts.demo import demo_uscc
from onewindow.cases import services
from onewindow.cases.constants import CaseStatus, HandlingMode, InstantRuleKind
from onewindow.cases.demo import rules as demo_rules
from onewindow.cases.demo.loader import demo_form
from onewindow.cases.form_data import case_fields
from onewindow.cases.instant import approval as instant
from onewindow.cases.models import Case, InstantRule
from onewindow.catalog import demo as catalog_demo
from onewindow.catalog import services as catalog_services
from onewindow.catalog.constants import ReformList
from onewindow.catalog.models import ListEntry, ServiceItem
from onewindow.core.audit.models import AuditEvent
from onewindow.org import demo as org_demo
from onewindow.org.models import Department
from tests.accounts.factories import UserFactory
from tests.cases.factories import freeze, ids
from tests.cases.test_instant_approval import BASE, GOOD_FORM, apply, instant_item

pytestmark = pytest.mark.django_db

TODAY = date(2026, 9, 29)
REGION = "37050200"


def _citizen(born: date):
    body = f"370502{born:%Y%m%d}321"
    return UserFactory(citizen=True, id_number=body + ric.calc_check_digit(body + "0"))


def _apply_demo(code: str, applicant, form: dict):
    case = services.start_application(applicant, item=ServiceItem.objects.get(code=REGION + code))
    names = [m.name for m in case.item_version.materials.all() if m.required]
    # What the applicant types on this item's form: the given values it asks for, the
    # rest from their profile as the demo fills it.
    fields = case_fields(case)
    given = {f.key: form[f.key] for f in fields if f.key in form}
    form = demo_form(fields, applicant, given)
    return services.submit(applicant, case, supplied=ids(case, *names), form_data=form)


def _load_instant_items():
    """The demo catalogue's items on the 秒批秒办 list, as the catalogue loader makes them
    (only those: the whole catalogue takes long)."""
    org_demo.load_network()
    departments = {d.code: d for d in Department.objects.all()}
    for payload in catalog_demo.item_payloads():
        if (ReformList.INSTANT, "") not in payload["lists"]:
            continue
        item = catalog_services.create_item(
            None,
            code=payload["code"],
            department=departments[payload["department"]],
            guide=payload["guide"],
            materials=payload["materials"],
            form_fields=payload["form_fields"],
            steps=payload["steps"],
            publish=True,
        )
        catalog_services.add_to_list(None, ReformList.INSTANT, item=item)


def test_the_demo_rules_cover_the_instant_list_load_once_and_decide_demo_items(
    monkeypatch, calendar_2026
):
    freeze(monkeypatch, TODAY)
    _load_instant_items()

    counts = demo_rules.load_instant_rules()
    listed = ServiceItem.objects.filter(
        list_entries__list_code=ReformList.INSTANT, list_entries__item__isnull=False
    )
    assert counts["items"] == listed.count() == 47
    assert counts["rules"] == counts["created"] == InstantRule.objects.count()
    for item in listed:
        kinds = list(item.instant_rules.values_list("kind", flat=True))
        assert kinds[:4] == [r["kind"] for r in BASE], item.code
    extra = InstantRule.objects.exclude(kind__in=[r["kind"] for r in BASE])
    assert extra.count() == len(demo_rules.EXTRA_RULES)

    # A second run creates nothing and records nothing.
    audits = AuditEvent.objects.count()
    again = demo_rules.load_instant_rules()
    assert again["created"] == 0 and again["rules"] == counts["rules"]
    assert AuditEvent.objects.count() == audits

    # 个人参保证明打印: a citizen with the required materials is served at once.
    form = {"applicant_name": "李娜", "phone": "13800000000"}
    case = _apply_demo("RSJ-GG-0004", _citizen(date(1985, 3, 2)), form)
    assert case.status == CaseStatus.DECIDED and case.handling_mode == HandlingMode.INSTANT

    # 老年人优待证: a 40-year-old goes to the window with the reason.
    case = _apply_demo("MZJ-GG-0001", _citizen(date(1986, 1, 1)), form)
    assert case.status == CaseStatus.SUBMITTED
    failed = [c for c in case.instant_checks if not c["passed"]]
    assert [c["kind"] for c in failed] == [InstantRuleKind.AGE_BETWEEN]

    # 企业投资项目备案 over the limit: a person checks it.
    enterprise = UserFactory(enterprise=True, uscc=demo_uscc(random.Random(11)))
    form = {"company_name": "某公司", "investment": "20000"}
    case = _apply_demo("FGJ-QT-0001", enterprise, form)
    assert case.status == CaseStatus.SUBMITTED
    assert "1亿元" in case.events.get(action="instant_fallback").note


def test_an_item_taken_off_the_list_is_no_longer_instant(monkeypatch, calendar_2026):
    freeze(monkeypatch, TODAY)
    the_item = instant_item()
    ListEntry.objects.filter(item=the_item).delete()
    assert apply(the_item).status == CaseStatus.SUBMITTED


def test_the_cases_admin_renders_for_reference_without_full_personal_data(
    client, monkeypatch, calendar_2026
):
    freeze(monkeypatch, TODAY)
    the_item = instant_item()
    applicant = _citizen(date(1970, 7, 7))
    full_id = applicant.id_number.reveal()
    full_phone = applicant.phone.reveal()
    approved = apply(the_item, applicant, form={**GOOD_FORM, "id_number": full_id})
    assert approved.status == CaseStatus.DECIDED
    typed = {**GOOD_FORM, "village": f"电话{full_phone}"}  # a phone typed into a text field
    apply(instant_item(listed=False), applicant, form=typed)
    instant.set_rules(None, the_item, [*BASE, {"kind": "age_between", "params": {"min": 18}}])

    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    models = [m for m in admin.site._registry if m._meta.app_label == "cases"]
    assert {m._meta.model_name for m in models} >= {"case", "instantrule", "reportcategory"}
    for model in models:
        info = (model._meta.app_label, model._meta.model_name)
        urls = [reverse("admin:%s_%s_changelist" % info)]
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse("admin:%s_%s_change" % info, args=[first.pk]))
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            text = response.content.decode()
            assert full_id not in text and full_phone not in text, url

    # Read-only: nothing can be added or changed from the admin.
    assert client.get(reverse("admin:cases_instantrule_add")).status_code == 403
    case_page = client.get(reverse("admin:cases_case_change", args=[approved.pk]))
    assert "秒批" in case_page.content.decode()
    assert Case.objects.count() == 2
