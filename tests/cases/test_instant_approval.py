"""秒批秒办: rules over the form and the platform's own data approve with no person; any
failed rule hands the case to the window with the reason, in the submission's transaction.
"""

import random
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError
from stdnum.cn import ric

from onewindow.accounts.constants import Role
from onewindow.accounts.demo import demo_uscc
from onewindow.cases import services
from onewindow.cases.constants import (
    CaseStatus,
    Decision,
    HandlingMode,
    InstantRuleKind,
    PromiseStatus,
)
from onewindow.cases.instant import approval as instant
from onewindow.cases.models import Case, CaseEvent, InstantRule
from onewindow.catalog import services as catalog_services
from onewindow.catalog.constants import ReformList
from onewindow.core.audit.models import AuditEvent
from onewindow.core.errors import Conflict, InvalidInput, PermissionDenied
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.cases.factories import CONDITIONAL, clerk, freeze, ids
from tests.cases.factories import item as conditional_item
from tests.catalog.factories import BundleFactory, ServiceItemFactory, material

pytestmark = pytest.mark.django_db

K = InstantRuleKind
TODAY = date(2026, 9, 29)  # a Tuesday

FORM_FIELDS = [
    {"key": "applicant_name", "label": "申请人姓名", "field_type": "text"},
    {"key": "id_number", "label": "身份证号码", "field_type": "id_number"},
    {"key": "insured_type", "label": "参保类型", "field_type": "choice",
     "choices": ["职工", "城乡居民", "灵活就业人员"]},
    {"key": "area", "label": "经营场所面积（平方米）", "field_type": "number", "required": False},
    {"key": "village", "label": "所在村（社区）", "field_type": "text", "required": False},
]  # fmt: skip
BASE = [
    {"kind": K.APPLICANT_VERIFIED},
    {"kind": K.NO_OPEN_CASE},
    {"kind": K.NO_BROKEN_PROMISE},
    {"kind": K.MATERIALS_COMPLETE},
]
GOOD_FORM = {"applicant_name": "王芳", "insured_type": "灵活就业人员", "area": "80"}
FORM_ID_NUMBER = "370502199001011233"


@pytest.fixture
def today(monkeypatch, calendar_2026):
    freeze(monkeypatch, TODAY)
    return TODAY


def publisher():
    return UserFactory(role=Role.LEADER)


def id_number(born: date, serial: int = 123) -> str:
    body = f"370502{born:%Y%m%d}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


def citizen(born: date | None = None, **kwargs):
    if born is not None:
        kwargs["id_number"] = id_number(born)
    return UserFactory(citizen=True, **kwargs)


def instant_item(rules=BASE, *, listed=True):
    """An item with two required materials and one optional, on the 秒批 list, with rules."""
    the_item = ServiceItemFactory(
        published=True,
        materials=[material("居民身份证"), material("申请表"), material("照片", required=False)],
        form_fields=FORM_FIELDS,
        promised_limit_days=1,
    )
    if listed:
        catalog_services.add_to_list(None, ReformList.INSTANT, item=the_item)
    if rules:
        instant.set_rules(publisher(), the_item, rules)
    return the_item


def apply(the_item, applicant=None, *, form=GOOD_FORM, missing=()):
    applicant = applicant or citizen()
    case = services.start_application(applicant, item=the_item)
    names = [m.name for m in case.item_version.materials.all() if m.name not in missing]
    # The form asks for an ID number: the applicant's own, or (an enterprise, or a person
    # whose account has none) the one they type.
    own = applicant.id_number.reveal() if applicant.id_number else FORM_ID_NUMBER
    form = {"id_number": own, **form}
    return services.submit(applicant, case, supplied=ids(case, *names), form_data=form)


def case_audit(case, action):
    return AuditEvent.objects.filter(
        action=f"case.{action}", object_type="cases.case", object_id=str(case.pk)
    )


# -- approved at once -----------------------------------------------------------------------


def test_a_valid_applicant_with_complete_materials_is_approved_at_once_by_no_person(today):
    the_item = instant_item()
    case = apply(the_item)

    assert case.status == CaseStatus.DECIDED
    assert case.handling_mode == HandlingMode.INSTANT
    assert case.decision == Decision.APPROVED
    assert case.accepted_by is None and not case.tasks.exists()
    assert case.accepted_at is not None and case.decided_at == case.accepted_at
    assert [c["kind"] for c in case.instant_checks] == [r["kind"] for r in BASE]
    assert all(c["passed"] and c["message"] for c in case.instant_checks)
    # Both clocks ran from today and stopped today: decided within the same day.
    for clock in (case.statutory_clock, case.promised_clock):
        assert clock.started_on == TODAY and clock.stopped_on == TODAY

    event = case.events.get(action="instant_approve")
    assert event.actor is None
    assert (event.status_from, event.status_to) == (CaseStatus.SUBMITTED, CaseStatus.DECIDED)
    assert event.note.startswith("秒批通过")
    audit = case_audit(case, "instant_approve").get()
    assert audit.actor_id is None
    assert audit.after["decision"] == Decision.APPROVED
    assert audit.after["handling_mode"] == HandlingMode.INSTANT
    # The submission itself stays the applicant's act.
    assert case_audit(case, "submit").get().actor_id == case.applicant_id


def test_the_window_cannot_accept_a_case_the_system_already_decided(today):
    case = apply(instant_item())
    with pytest.raises(Conflict):
        services.accept(clerk(), case)


def test_an_approved_instant_case_gets_its_certificate_in_the_same_transaction(today):
    case = apply(instant_item())
    assert case.certificates.count() >= 1


def test_an_optional_material_left_out_does_not_stop_instant_approval(today):
    case = apply(instant_item(), missing=["照片"])
    assert case.status == CaseStatus.DECIDED


def test_an_enterprise_with_a_valid_credit_code_passes_the_identity_check(today):
    enterprise = UserFactory(enterprise=True, uscc=demo_uscc(random.Random(3)))
    case = apply(instant_item([{"kind": K.APPLICANT_VERIFIED}]), enterprise)
    assert case.status == CaseStatus.DECIDED
    assert "统一社会信用代码" in case.instant_checks[0]["message"]


# -- falls back to a person -----------------------------------------------------------------


def assert_fell_back(case, kind, *words, missing=()):
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    assert case.handling_mode == HandlingMode.MANUAL
    assert case.decision == "" and case.accepted_at is None and case.statutory_clock is None
    failed = [c for c in case.instant_checks if not c["passed"]]
    assert [c["kind"] for c in failed] == [kind]
    for word in words:
        assert word in failed[0]["message"]
    event = case.events.get(action="instant_fallback")
    assert event.actor is None and event.status_to == CaseStatus.SUBMITTED
    assert event.note.startswith("秒批未通过，转人工审核：")
    assert failed[0]["message"] in event.note
    audit = case_audit(case, "instant_fallback").get()
    assert audit.actor_id is None
    assert not case.events.filter(action="instant_approve").exists()
    # A person takes over: the window accepts it, or lists what is missing, as any case.
    if missing:
        services.issue_deficiency_notice(clerk(), case, ids(case, *missing))
        case.refresh_from_db()
        assert case.status == CaseStatus.DEFICIENT
    else:
        assert services.accept(clerk(), case).status == CaseStatus.ACCEPTED
    return failed[0]


def test_an_applicant_without_an_id_number_goes_to_the_window(today):
    applicant = citizen(id_number="", id_number_index="")
    case = apply(instant_item(), applicant)
    assert_fell_back(case, K.APPLICANT_VERIFIED, "身份证号码")


def test_an_id_number_typed_in_the_form_that_is_not_the_applicants_goes_to_the_window(today):
    applicant = citizen(born=date(1980, 5, 6))
    other = id_number(date(1990, 1, 2))
    case = apply(instant_item(), applicant, form={**GOOD_FORM, "id_number": other})
    failed = assert_fell_back(case, K.APPLICANT_VERIFIED, "不一致")
    assert other not in failed["message"]


def test_the_applicants_own_id_number_typed_in_the_form_passes(today):
    applicant = citizen(born=date(1980, 5, 6))
    form = {**GOOD_FORM, "id_number": id_number(date(1980, 5, 6))}
    assert apply(instant_item(), applicant, form=form).status == CaseStatus.DECIDED


def test_an_enterprise_without_a_credit_code_goes_to_the_window(today):
    enterprise = UserFactory(enterprise=True, uscc="")
    case = apply(instant_item(), enterprise)
    assert_fell_back(case, K.APPLICANT_VERIFIED, "统一社会信用代码")


def test_a_second_application_while_one_is_open_goes_to_the_window(today):
    the_item = instant_item()
    applicant = citizen()
    first = apply(the_item, applicant)
    assert first.status == CaseStatus.DECIDED  # decided, not yet delivered: still open
    second = apply(the_item, applicant)
    assert_fell_back(second, K.NO_OPEN_CASE, "在办件", first.number)


def test_a_finished_case_does_not_block_the_next_application(today):
    the_item = instant_item()
    applicant = citizen()
    first = apply(the_item, applicant)
    services.conclude(clerk(), first)
    assert apply(the_item, applicant).status == CaseStatus.DECIDED


def test_someone_elses_open_case_or_a_draft_does_not_block(today):
    the_item = instant_item()
    apply(the_item)  # another applicant's case
    applicant = citizen()
    services.start_application(applicant, item=the_item)  # a draft never handed in
    assert apply(the_item, applicant).status == CaseStatus.DECIDED


def test_an_applicant_with_a_broken_promise_goes_to_the_window(today):
    applicant = citizen()
    earlier = services.start_application(applicant, item=conditional_item())
    names = [m.name for m in earlier.item_version.materials.all() if m.name != CONDITIONAL]
    earlier = services.submit(applicant, earlier, supplied=ids(earlier, *names))
    services.accept_conditionally(
        clerk(), earlier, missing=ids(earlier, CONDITIONAL), promise_date=TODAY, signed=True
    )
    assert services.expire_broken_promises(TODAY + timedelta(days=1)) == 1
    assert applicant.conditional_promises.get().status == PromiseStatus.BROKEN

    case = apply(instant_item(), applicant)
    assert_fell_back(case, K.NO_BROKEN_PROMISE, "容缺")


def test_a_required_material_missing_goes_to_the_window_naming_it(today):
    case = apply(instant_item(), missing=["居民身份证"])
    assert_fell_back(case, K.MATERIALS_COMPLETE, "居民身份证", missing=["居民身份证"])


def test_a_form_field_not_equal_goes_to_the_window(today):
    rules = [
        *BASE,
        {"kind": K.FIELD_EQUALS, "params": {"field": "insured_type", "value": "灵活就业人员"}},
    ]
    case = apply(instant_item(rules), form={**GOOD_FORM, "insured_type": "职工"})
    assert_fell_back(case, K.FIELD_EQUALS, "参保类型", "灵活就业人员", "职工")


def test_a_form_field_left_empty_goes_to_the_window(today):
    rules = [{"kind": K.FIELD_IN, "params": {"field": "village", "values": ["六户镇", "史口镇"]}}]
    case = apply(instant_item(rules), form=GOOD_FORM)
    assert_fell_back(case, K.FIELD_IN, "未填写", "所在村（社区）")


def test_a_form_field_outside_the_allowed_values_goes_to_the_window(today):
    rules = [{"kind": K.FIELD_IN, "params": {"field": "village", "values": ["六户镇", "史口镇"]}}]
    the_item = instant_item(rules)
    assert apply(the_item, form={**GOOD_FORM, "village": "史口镇"}).status == CaseStatus.DECIDED
    case = apply(the_item, form={**GOOD_FORM, "village": "牛庄镇"})
    assert_fell_back(case, K.FIELD_IN, "六户镇、史口镇", "牛庄镇")


@pytest.mark.parametrize(
    ("kind", "limit", "area", "words"),
    [
        (K.NUMBER_AT_MOST, 100, "150.5", ("超过秒批上限100", "150.5")),
        (K.NUMBER_AT_LEAST, 20, "12", ("低于秒批下限20",)),
    ],
)
def test_a_number_outside_its_limit_goes_to_the_window(today, kind, limit, area, words):
    rules = [{"kind": kind, "params": {"field": "area", "value": limit}}]
    case = apply(instant_item(rules), form={**GOOD_FORM, "area": area})
    assert_fell_back(case, kind, "经营场所面积", *words)


@pytest.mark.parametrize(("kind", "area"), [(K.NUMBER_AT_MOST, "100"), (K.NUMBER_AT_LEAST, 100)])
def test_a_number_at_its_limit_passes(today, kind, area):
    rules = [{"kind": kind, "params": {"field": "area", "value": 100}}]
    case = apply(instant_item(rules), form={**GOOD_FORM, "area": area})
    assert case.status == CaseStatus.DECIDED


def test_words_in_a_number_field_are_refused_before_any_rule(today):
    # The form is cleaned by the service first: "一百" never reaches the 秒批 rules.
    rules = [{"kind": K.NUMBER_AT_MOST, "params": {"field": "area", "value": 100}}]
    with pytest.raises(InvalidInput) as refused:
        apply(instant_item(rules), form={**GOOD_FORM, "area": "一百"})
    assert refused.value.errors == {"area": ["经营场所面积（平方米）应填写数字"]}
    assert not Case.objects.exclude(status=CaseStatus.DRAFT).exists()


def test_staffs_own_message_replaces_the_default_reason(today):
    rules = [
        {
            "kind": K.NUMBER_AT_MOST,
            "params": {"field": "area", "value": 100},
            "message": "面积超过100平方米的，须现场核查",
        }
    ]
    case = apply(instant_item(rules), form={**GOOD_FORM, "area": "300"})
    failed = assert_fell_back(case, K.NUMBER_AT_MOST)
    assert failed["message"] == "面积超过100平方米的，须现场核查"


def test_every_failed_rule_is_listed_and_the_passed_ones_kept(today):
    rules = [*BASE, {"kind": K.NUMBER_AT_MOST, "params": {"field": "area", "value": 10}}]
    applicant = citizen(id_number="", id_number_index="")
    case = apply(instant_item(rules), applicant, missing=["申请表"])
    assert [c["passed"] for c in case.instant_checks] == [False, True, True, False, False]
    note = case.events.get(action="instant_fallback").note
    assert note.count("；") == 2 and "申请表" in note and "超过秒批上限10" in note


# -- age --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "age"),
    [
        (date(1966, 9, 29), 60),  # 60 today
        (date(1966, 9, 30), 59),  # 60 tomorrow
        (date(1940, 1, 1), 86),
        (date(2000, 1, 1), 26),
    ],
)
def test_age_from_the_id_numbers_birth_date(today, born, age):
    rules = [{"kind": K.AGE_BETWEEN, "params": {"min": 60}}]
    case = apply(instant_item(rules), citizen(born=born))
    if age >= 60:
        assert case.status == CaseStatus.DECIDED
        assert "年满60周岁" in case.instant_checks[0]["message"]
    else:
        failed = assert_fell_back(case, K.AGE_BETWEEN, f"年龄{age}周岁", "年满60周岁")
        assert str(born.year) not in failed["message"]


def test_age_between_both_bounds(today):
    the_item = instant_item([{"kind": K.AGE_BETWEEN, "params": {"min": 16, "max": 59}}])
    assert apply(the_item, citizen(born=date(2010, 9, 29))).status == CaseStatus.DECIDED
    assert apply(the_item, citizen(born=date(1966, 9, 30))).status == CaseStatus.DECIDED
    case = apply(the_item, citizen(born=date(1966, 9, 29)))
    assert_fell_back(case, K.AGE_BETWEEN, "60周岁", "16至59周岁")


def test_age_cannot_be_told_for_an_enterprise(today):
    case = apply(instant_item([{"kind": K.AGE_BETWEEN, "params": {"max": 70}}]),
                 UserFactory(enterprise=True, uscc=""))  # fmt: skip
    assert_fell_back(case, K.AGE_BETWEEN, "无法")


# -- never instant ------------------------------------------------------------------------------


def test_an_item_not_on_the_instant_list_is_never_decided_by_the_system(today):
    case = apply(instant_item(listed=False))
    assert case.status == CaseStatus.SUBMITTED
    assert case.handling_mode == HandlingMode.MANUAL and case.instant_checks == []
    assert not case.events.filter(action__startswith="instant").exists()


def test_an_item_on_the_list_without_active_rules_waits_for_the_window(today):
    the_item = instant_item(rules=[{"kind": K.APPLICANT_VERIFIED, "is_active": False}])
    case = apply(the_item)
    assert case.status == CaseStatus.SUBMITTED and case.instant_checks == []
    assert apply(instant_item(rules=[])).status == CaseStatus.SUBMITTED


def test_a_bundle_case_is_never_instant(today):
    bundle = BundleFactory()
    for bundle_item in bundle.items.all():
        catalog_services.add_to_list(None, ReformList.INSTANT, item=bundle_item)
        instant.set_rules(None, bundle_item, BASE)
    applicant = citizen()
    case = services.start_application(applicant, bundle=bundle)
    case = services.submit(applicant, case, supplied=[])
    assert case.status == CaseStatus.SUBMITTED and case.instant_checks == []


def test_a_rule_broken_in_storage_fails_instead_of_approving(today):
    the_item = instant_item([{"kind": K.APPLICANT_VERIFIED}])
    # Written past set_rules (a data fix gone wrong): evaluation refuses it.
    InstantRule.objects.filter(item=the_item).update(params={"field": "area"})
    case = apply(the_item)
    assert_fell_back(case, K.APPLICANT_VERIFIED, "参数无效")


def test_a_failing_certificate_hands_the_case_to_a_person_instead_of_losing_it(today, monkeypatch):
    def refuse(case):
        raise InvalidInput("证照模板缺失")

    monkeypatch.setattr(instant, "_issue_certificates", refuse)
    case = apply(instant_item([{"kind": K.APPLICANT_VERIFIED}]))
    assert case.status == CaseStatus.SUBMITTED
    assert case.instant_checks[-1] == {
        "kind": "system",
        "passed": False,
        "message": "系统自动办结失败：证照模板缺失",
    }
    assert not case.events.filter(action="instant_approve").exists()
    assert case.statutory_clock is None and case.decision == ""
    assert case.events.get(action="instant_fallback")


def test_an_unexpected_error_rolls_back_the_submission_too(today, monkeypatch):
    def broken(case, rules=None):
        raise IntegrityError("boom")

    the_item = instant_item()
    applicant = citizen()
    case = services.start_application(applicant, item=the_item)
    monkeypatch.setattr(instant, "evaluate", broken)
    with pytest.raises(IntegrityError):
        services.submit(applicant, case, supplied=ids(case, "居民身份证", "申请表"))
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT and not case.materials.exists()
    assert not CaseEvent.objects.filter(case=case).exclude(action="start").exists()


# -- setting the rules ---------------------------------------------------------------------------


def test_rules_are_set_by_a_bureau_publisher_in_order_and_audited(today):
    the_item = instant_item(rules=None)
    leader = publisher()
    saved = instant.set_rules(
        leader,
        the_item,
        [
            {"kind": "materials_complete"},
            {"kind": "field_in", "params": {"field": "insured_type", "values": ["职工", "职工"]}},
            {"kind": "number_at_most", "params": {"field": "area", "value": "120.50"}},
            {"kind": "age_between", "params": {"min": 18, "max": 65}, "message": " 年龄不符 "},
        ],
    )
    assert [(r.order, r.kind) for r in saved] == [
        (1, "materials_complete"),
        (2, "field_in"),
        (3, "number_at_most"),
        (4, "age_between"),
    ]
    assert saved[1].params == {"field": "insured_type", "values": ["职工"]}
    assert saved[2].params == {"field": "area", "value": 120.5}
    assert saved[3].message == "年龄不符"
    audit = AuditEvent.objects.get(action="case.instant_rules_set")
    assert audit.actor_id == leader.pk and len(audit.after["rules"]) == 4
    # Replacing keeps one set: the old rules go, the new ones come in order.
    instant.set_rules(leader, the_item, [{"kind": "no_open_case"}])
    assert list(the_item.instant_rules.values_list("kind", flat=True)) == ["no_open_case"]


@pytest.mark.parametrize(
    "user_kind", ["citizen", "clerk", "department_approver", "system_admin", "anonymous"]
)
def test_only_bureau_publishers_may_set_rules(today, user_kind):
    users = {
        "citizen": lambda: citizen(),
        "clerk": lambda: clerk(),
        "department_approver": lambda: UserFactory(
            role=Role.APPROVER, department=DepartmentFactory(kind="stationed")
        ),
        "system_admin": lambda: UserFactory(role=Role.SYSTEM_ADMIN),
        "anonymous": AnonymousUser,
    }
    the_item = instant_item()
    with pytest.raises(PermissionDenied):
        instant.set_rules(users[user_kind](), the_item, [{"kind": "no_open_case"}])
    assert the_item.instant_rules.count() == len(BASE)


def test_an_approver_of_a_bureau_unit_may_set_rules(today):
    unit = DepartmentFactory(kind="bureau_unit")
    the_item = instant_item(rules=None)
    instant.set_rules(UserFactory(role=Role.APPROVER, department=unit), the_item, BASE)
    assert the_item.instant_rules.count() == 4


@pytest.mark.parametrize(
    ("rules", "words"),
    [
        ("applicant_verified", "格式不正确"),
        ([{"kind": "magic"}], "规则类型不正确"),
        ([{"params": {}}], "规则类型不正确"),
        (["applicant_verified"], "规则格式不正确"),
        ([{"kind": "applicant_verified", "params": {"x": 1}}], "不需要参数"),
        ([{"kind": "no_open_case"}, {"kind": "no_open_case"}], ("第2条规则", "重复")),
        ([{"kind": "field_equals", "params": {"value": "职工"}}], "表单字段"),
        ([{"kind": "field_equals", "params": {"field": "nope", "value": "x"}}], "没有字段"),
        (
            [{"kind": "field_equals", "params": {"field": "insured_type", "value": "公务员"}}],
            "不是“参保类型”的可选值",
        ),
        ([{"kind": "field_equals", "params": {"field": "insured_type", "value": ""}}], "不能为空"),
        (
            [{"kind": "field_equals", "params": {"field": "insured_type", "value": ["职工"]}}],
            "文字或数字",
        ),
        (
            [{"kind": "field_equals", "params": {"field": "id_number", "value": "1"}}],
            "个人信息字段",
        ),
        ([{"kind": "field_in", "params": {"field": "insured_type", "values": []}}], "至少一个"),
        ([{"kind": "field_in", "params": {"field": "insured_type", "values": "职工"}}], "至少一个"),
        ([{"kind": "field_in", "params": {"field": "village", "values": ["x"] * 51}}], "50"),
        ([{"kind": "number_at_most", "params": {"field": "area", "value": "many"}}], "有效的数值"),
        ([{"kind": "number_at_most", "params": {"field": "area", "value": "NaN"}}], "有效的数值"),
        ([{"kind": "number_at_most", "params": {"field": "area", "value": True}}], "有效的数值"),
        ([{"kind": "number_at_least", "params": {"field": "village", "value": 3}}], "不是数字字段"),
        (
            [{"kind": "number_at_least", "params": {"field": "area", "value": 3, "unit": "m2"}}],
            "不认识参数",
        ),
        ([{"kind": "age_between", "params": {}}], "至少填写"),
        ([{"kind": "age_between", "params": {"min": 60, "max": 18}}], "下限不能大于上限"),
        ([{"kind": "age_between", "params": {"min": -1}}], "0至150"),
        ([{"kind": "age_between", "params": {"min": "18"}}], "整数"),
        ([{"kind": "age_between", "params": {"max": 18.5}}], "整数"),
        ([{"kind": "age_between", "params": ["min", 18]}], "参数格式不正确"),
        ([{"kind": "no_open_case", "message": "x" * 201}], "200"),
        ([{"kind": "no_open_case", "is_active": "yes"}], "是或否"),
        ([{"kind": "no_open_case", "extra": 1}], "规则格式不正确"),
        ([{"kind": "no_open_case"}] * 21, "20条"),
    ],
)
def test_bad_rule_parameters_are_refused_in_chinese_and_nothing_changes(today, rules, words):
    words = (words,) if isinstance(words, str) else words
    the_item = instant_item()
    before = list(the_item.instant_rules.values_list("kind", "params"))
    audits = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as error:
        instant.set_rules(publisher(), the_item, rules)
    for word in words:
        assert word in error.value.message
    assert list(the_item.instant_rules.values_list("kind", "params")) == before
    assert AuditEvent.objects.count() == audits


def test_evaluate_reports_every_rule_without_changing_the_case(today):
    rules = [*BASE, {"kind": K.FIELD_EQUALS, "params": {"field": "insured_type", "value": "职工"}}]
    the_item = instant_item(rules, listed=False)
    case = apply(the_item)
    results = instant.evaluate(case)
    assert [r["kind"] for r in results] == [r["kind"] for r in rules]
    assert [r["passed"] for r in results] == [True, True, True, True, False]
    assert all(set(r) == {"kind", "passed", "message"} for r in results)
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED and case.instant_checks == []


def test_no_message_or_record_carries_the_full_id_number(today):
    applicant = citizen(born=date(1950, 3, 4))
    full = applicant.id_number.reveal()
    rules = [*BASE, {"kind": K.AGE_BETWEEN, "params": {"max": 60}}]
    case = apply(instant_item(rules), applicant, form={**GOOD_FORM, "id_number": full})
    texts = [str(case.instant_checks)]
    texts += [e.note for e in case.events.all()]
    texts += [f"{a.before} {a.after} {a.summary}" for a in AuditEvent.objects.all()]
    assert all(full not in text for text in texts)
