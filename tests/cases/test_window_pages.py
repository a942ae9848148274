"""The window's pages as a clerk uses them: queue, case page actions, applying on behalf."""

import re
from datetime import date

import pytest
from django.urls import reverse

from onewindow.accounts.constants import AccountKind, Role
from onewindow.accounts.models import User
from onewindow.cases import services
from onewindow.cases.constants import CaseStatus, Channel, MaterialStatus, PromiseStatus
from onewindow.cases.models import Case, ConditionalPromise, DeficiencyNotice, DepartmentTask
from onewindow.core.audit.models import AuditEvent
from onewindow.core.pii import crypto
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.cases.factories import (
    CONDITIONAL,
    accepted_case,
    approver,
    clerk,
    freeze,
    ids,
    item,
    submitted_case,
)
from tests.catalog.factories import BundleFactory

pytestmark = pytest.mark.django_db

# A valid ID number and credit code that no factory hands out (checked by the validators).
NEW_ID_NUMBER = "11010519491231002X"
NEW_USCC = "91350100M000100Y43"


@pytest.fixture
def window(client):
    person = clerk()
    client.force_login(person)
    client.person = person
    return client


def _case_url(case):
    return reverse("cases:window_case", kwargs={"number": case.number})


def _post(client, case, action, **data):
    return client.post(_case_url(case), {"action": action, **data})


def _text(response) -> str:
    return response.content.decode()


# -- the queue ------------------------------------------------------------------------


def test_the_queue_lists_submissions_oldest_first(window, monkeypatch):
    freeze(monkeypatch, date(2026, 3, 2), hour=9)
    older = submitted_case()
    freeze(monkeypatch, date(2026, 3, 3), hour=9)
    newer = submitted_case()
    accepted_case()  # no longer waiting for the window

    response = window.get(reverse("cases:window_queue"))
    assert response.status_code == 200
    listed = re.findall(r"DY\d{14}", _text(response).split('data-testid="window-list"')[1])
    assert list(dict.fromkeys(listed)) == [older.number, newer.number]


def test_the_window_tabs_list_promises_deliveries_and_unanswered(window, monkeypatch):
    freeze(monkeypatch, date(2026, 3, 2))
    late = submitted_case()
    promised = submitted_case(missing=[CONDITIONAL])
    services.accept_conditionally(
        clerk(),
        promised,
        missing=ids(promised, CONDITIONAL),
        promise_date=date(2026, 3, 5),
        signed=True,
    )
    freeze(monkeypatch, date(2026, 3, 16))  # 10 working days later

    unanswered = window.get(reverse("cases:window_queue") + "?tab=unanswered")
    assert late.number in _text(unanswered)
    assert promised.number not in _text(unanswered)
    promises = window.get(reverse("cases:window_queue") + "?tab=promises")
    assert promised.number in _text(promises) and "已逾期" in _text(promises)
    delivery = window.get(reverse("cases:window_queue") + "?tab=delivery")
    assert delivery.status_code == 200 and late.number not in _text(delivery)


# -- acting on a case -------------------------------------------------------------------


def test_the_clerk_accepts_through_the_page(window):
    case = submitted_case()
    page = window.get(_case_url(case))
    assert page.status_code == 200
    assert 'data-testid="action-accept"' in _text(page)
    assert str(case.applicant.id_number) in _text(page)  # masked form

    response = _post(window, case, "accept")
    assert response.status_code == 302 and response["Location"] == _case_url(case)
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED
    assert case.accepted_by == window.person
    page = window.get(_case_url(case))
    assert "已受理" in _text(page)  # the message after the redirect
    assert reverse("cases:notice", kwargs={"number": case.number, "kind": "acceptance"}) in _text(
        page
    )


def test_accepting_with_missing_materials_shows_the_rule(window):
    case = submitted_case(missing=["营业执照"])
    response = _post(window, case, "accept")
    assert response.status_code == 400
    assert "一次性告知" in _text(response)
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_the_clerk_refuses_with_a_reason(window):
    case = submitted_case()
    empty = _post(window, case, "refuse", **{"refuse-reason": "  "})
    assert empty.status_code == 400 and "请填写理由" in _text(empty)

    response = _post(window, case, "refuse", **{"refuse-reason": "不属于本机关职权范围"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.REFUSED
    assert case.decision_reason == "不属于本机关职权范围"


def test_the_deficiency_notice_is_preselected_and_lists_everything(window):
    case = submitted_case(missing=["营业执照", CONDITIONAL])
    page = _text(window.get(_case_url(case)))
    form = page.split('data-testid="action-deficiency"')[1].split("</form>")[0]
    checked = re.findall(
        r'<input type="checkbox" name="deficiency-missing" value="(\d+)"[^>]*checked', form
    )
    assert sorted(map(int, checked)) == sorted(ids(case, "营业执照", CONDITIONAL))

    partial = _post(
        window, case, "notify_deficiency", **{"deficiency-missing": ids(case, "营业执照")}
    )
    assert partial.status_code == 400 and CONDITIONAL in _text(partial)
    assert not DeficiencyNotice.objects.exists()

    response = _post(
        window,
        case,
        "notify_deficiency",
        **{"deficiency-missing": ids(case, "营业执照", CONDITIONAL), "deficiency-note": "原件核验"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.DEFICIENT
    notice = DeficiencyNotice.objects.get(case=case)
    assert {i["name"] for i in notice.items} == {"营业执照", CONDITIONAL}
    assert notice.note == "原件核验"


def test_conditional_acceptance_with_a_signed_promise(window, calendar_2026, monkeypatch):
    freeze(monkeypatch, date(2026, 3, 2))
    case = submitted_case(missing=[CONDITIONAL])  # the item's promised limit is 5 days
    page = _text(window.get(_case_url(case)))
    form = page.split('data-testid="action-conditional"')[1].split("</form>")[0]
    assert 'value="2026-03-09"' in form  # the latest allowed date is the default
    assert f'value="{case.applicant.display_name}"' in form

    unsigned = _post(
        window,
        case,
        "accept_conditionally",
        **{"conditional-missing": ids(case, CONDITIONAL), "conditional-promise_date": "2026-03-06"},
    )
    assert unsigned.status_code == 400 and "承诺书" in _text(unsigned)

    too_late = _post(
        window,
        case,
        "accept_conditionally",
        **{
            "conditional-missing": ids(case, CONDITIONAL),
            "conditional-promise_date": "2026-03-10",
            "conditional-signed": "on",
        },
    )
    assert too_late.status_code == 400 and "2026-03-09" in _text(too_late)

    response = _post(
        window,
        case,
        "accept_conditionally",
        **{
            "conditional-missing": ids(case, CONDITIONAL),
            "conditional-promise_date": "2026-03-06",
            "conditional-signed": "on",
            "conditional-signed_by": "张三",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CONDITIONALLY_ACCEPTED
    promise = ConditionalPromise.objects.get(case=case)
    assert promise.promise_date == date(2026, 3, 6) and promise.signed_by == "张三"
    assert case.materials.get(name=CONDITIONAL).status == MaterialStatus.PROMISED

    # The window receives the promised material later.
    response = _post(window, case, "supply_promised", **{"supply-supplied": ids(case, CONDITIONAL)})
    assert response.status_code == 302
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.KEPT
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED


def test_dispatch_to_two_departments_preselects_the_items_department(window):
    the_item = item()
    case = accepted_case(the_item=the_item)
    other = DepartmentFactory(name="区自然资源局")
    page = _text(window.get(_case_url(case)))
    form = page.split('data-testid="action-dispatch"')[1].split("</form>")[0]
    checked = re.findall(r'name="dispatch-departments" value="(\d+)"[^>]*checked', form)
    assert checked == [str(the_item.department_id)]

    response = _post(
        window, case, "dispatch", **{"dispatch-departments": [the_item.department_id, other.pk]}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    departments = set(DepartmentTask.objects.filter(case=case).values_list("department", flat=True))
    assert departments == {the_item.department_id, other.pk}


def test_dispatch_of_a_bundle_preselects_its_items_departments(window):
    from onewindow.catalog import selectors as catalog_selectors

    first, second = item(), item()
    bundle = BundleFactory(items=[first, second], publish=True)
    applicant = UserFactory(citizen=True)
    case = services.start_application(applicant, bundle=bundle)
    every = [m.material_type.pk for m in catalog_selectors.bundle_materials(bundle)]
    case = services.submit(applicant, case, supplied=every)
    services.accept(clerk(), case)
    page = _text(window.get(_case_url(case)))
    form = page.split('data-testid="action-dispatch"')[1].split("</form>")[0]
    checked = set(re.findall(r'name="dispatch-departments" value="(\d+)"[^>]*checked', form))
    assert checked == {str(first.department_id), str(second.department_id)}


def test_a_stale_page_gets_409_with_a_chinese_message(window, client):
    case = submitted_case()
    services.accept(clerk(), case)  # another clerk acted first
    response = _post(window, case, "accept")
    assert response.status_code == 409
    assert "刷新" in _text(response)
    response = _post(window, case, "refuse", **{"refuse-reason": "迟到的决定"})
    assert response.status_code == 409
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED


def test_a_conflict_inside_the_service_also_answers_409(window, monkeypatch):
    case = submitted_case()
    from onewindow.cases import moves

    real_move = moves.move

    def someone_else_first(case_, row, **kwargs):
        Case.objects.filter(pk=case_.pk).update(status=CaseStatus.REFUSED)
        return real_move(case_, row, **kwargs)

    monkeypatch.setattr(moves, "move", someone_else_first)
    response = _post(window, case, "accept")
    assert response.status_code == 409
    assert "该办件已被他人处理" in _text(response)


def test_an_unknown_action_is_400(window):
    case = submitted_case()
    assert _post(window, case, "explode").status_code == 400


# -- who may use the window pages ------------------------------------------------------------


@pytest.mark.parametrize("who", ["citizen", "approver", "leader"])
def test_others_cannot_use_the_window_pages(client, who):
    case = submitted_case()
    person = {
        "citizen": lambda: case.applicant,
        "approver": lambda: approver(case.item_version.item.department),
        "leader": lambda: UserFactory(role=Role.LEADER),
    }[who]()
    client.force_login(person)
    for url in (
        reverse("cases:window_queue"),
        reverse("cases:window_apply"),
        _case_url(case),
    ):
        response = client.get(url)
        assert response.status_code in (403, 404), url
    response = _post(client, case, "accept")
    assert response.status_code in (403, 404)
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_anonymous_users_are_sent_to_the_login(client):
    response = client.get(reverse("cases:window_queue"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_case_is_404(window):
    response = window.get(reverse("cases:window_case", kwargs={"number": "DY20260101999999"}))
    assert response.status_code == 404


# -- applying on behalf -------------------------------------------------------------------


def test_apply_on_behalf_of_a_registered_citizen(window):
    the_item = item()
    citizen = UserFactory(citizen=True)
    full_id = citizen.id_number.reveal()
    found = window.post(
        reverse("cases:window_apply"),
        {"step": "lookup", "lookup-kind": "citizen", "lookup-identifier": full_id},
    )
    assert found.status_code == 200
    page = _text(found)
    assert citizen.display_name in page and full_id not in page
    token = re.search(r'name="start-applicant" value="([^"]+)"', page).group(1)

    response = window.post(
        reverse("cases:window_apply"),
        {"step": "start", "start-applicant": token, "start-target": f"item:{the_item.code}"},
    )
    assert response.status_code == 302
    case = Case.objects.get(applicant=citizen)
    assert case.channel == Channel.WINDOW and case.status == CaseStatus.DRAFT
    assert response["Location"] == _case_url(case)
    assert AuditEvent.objects.filter(action="case.window_start", actor=window.person).exists()

    # The clerk ticks the materials received at the window and submits for the applicant.
    page = _text(window.get(_case_url(case)))
    assert 'data-testid="action-submit"' in page
    response = _post(
        window, case, "submit", **{"submit-supplied": ids(case, "身份证明", "营业执照")}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    assert case.materials.get(name=CONDITIONAL).status == MaterialStatus.MISSING
    response = _post(window, case, "accept")
    assert response.status_code == 400  # 场地证明 is missing: notice or 容缺 first

    # The notice, then the applicant comes back to the window with the material.
    _post(window, case, "notify_deficiency", **{"deficiency-missing": ids(case, CONDITIONAL)})
    case.refresh_from_db()
    assert case.status == CaseStatus.DEFICIENT
    response = _post(window, case, "supplement", **{"supplement-supplied": ids(case, CONDITIONAL)})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    assert _post(window, case, "accept").status_code == 302


def test_apply_on_behalf_registers_a_new_citizen(window):
    the_item = item()
    lookup = window.post(
        reverse("cases:window_apply"),
        {"step": "lookup", "lookup-kind": "citizen", "lookup-identifier": NEW_ID_NUMBER},
    )
    assert lookup.status_code == 200
    page = _text(lookup)
    assert 'data-testid="register-applicant"' in page
    assert NEW_ID_NUMBER not in page and "110***********002X" in page
    identity = re.search(r'name="register-identity" value="([^"]+)"', page).group(1)

    bad = window.post(
        reverse("cases:window_apply"),
        {
            "step": "register",
            "register-identity": identity,
            "register-display_name": "王五",
            "register-phone": "123",
        },
    )
    assert bad.status_code == 400 and "手机号码" in _text(bad)
    assert NEW_ID_NUMBER not in _text(bad)

    response = window.post(
        reverse("cases:window_apply"),
        {
            "step": "register",
            "register-identity": identity,
            "register-display_name": "王五",
            "register-phone": "13912345678",
        },
    )
    assert response.status_code == 200
    person = User.objects.get(id_number_index=crypto.blind_index(NEW_ID_NUMBER, "id_number"))
    assert person.kind == AccountKind.CITIZEN and not person.has_usable_password()
    assert person.has_role(Role.CITIZEN)
    page = _text(response)
    assert NEW_ID_NUMBER not in page and "13912345678" not in page
    token = re.search(r'name="start-applicant" value="([^"]+)"', page).group(1)
    response = window.post(
        reverse("cases:window_apply"),
        {"step": "start", "start-applicant": token, "start-target": f"item:{the_item.code}"},
    )
    assert response.status_code == 302
    assert Case.objects.filter(applicant=person, channel=Channel.WINDOW).count() == 1


def test_apply_on_behalf_of_an_enterprise_found_by_credit_code(window):
    the_item = item()
    lookup = window.post(
        reverse("cases:window_apply"),
        {"step": "lookup", "lookup-kind": "enterprise", "lookup-identifier": NEW_USCC},
    )
    assert 'data-testid="register-applicant"' in _text(lookup)
    identity = re.search(r'name="register-identity" value="([^"]+)"', _text(lookup)).group(1)
    response = window.post(
        reverse("cases:window_apply"),
        {
            "step": "register",
            "register-identity": identity,
            "register-display_name": "东营某某餐饮有限公司",
            "register-contact_name": "赵六",
            "register-phone": "13812345678",
        },
    )
    assert response.status_code == 200
    company = User.objects.get(uscc=NEW_USCC)
    again = window.post(
        reverse("cases:window_apply"),
        {"step": "lookup", "lookup-kind": "enterprise", "lookup-identifier": NEW_USCC},
    )
    assert 'data-testid="found-applicant"' in _text(again) and company.display_name in _text(again)
    token = re.search(r'name="start-applicant" value="([^"]+)"', _text(again)).group(1)
    window.post(
        reverse("cases:window_apply"),
        {"step": "start", "start-applicant": token, "start-target": f"item:{the_item.code}"},
    )
    assert Case.objects.filter(applicant=company).count() == 1


def test_apply_refuses_bad_ids_and_forged_applicants(window):
    bad = window.post(
        reverse("cases:window_apply"),
        {"step": "lookup", "lookup-kind": "citizen", "lookup-identifier": "110105194912310021"},
    )
    assert bad.status_code == 400 and "校验位" in _text(bad)
    tampered = window.post(
        reverse("cases:window_apply"),
        {"step": "register", "register-identity": "v1:AAAA", "register-display_name": "某"},
    )
    assert tampered.status_code == 400 and "重新查找" in _text(tampered)
    forged = window.post(
        reverse("cases:window_apply"),
        {"step": "start", "start-applicant": "1:forged", "start-target": f"item:{item().code}"},
    )
    assert forged.status_code == 302
    assert not Case.objects.exists()
    # A staff account cannot be the applicant.
    from django.core import signing

    from onewindow.cases.window.views import APPLICANT_SALT

    token = signing.dumps({"a": approver().pk}, salt=APPLICANT_SALT)
    staff = window.post(
        reverse("cases:window_apply"),
        {"step": "start", "start-applicant": token, "start-target": f"item:{item().code}"},
    )
    assert staff.status_code == 400 and "个人或企业" in _text(staff)
    assert not Case.objects.exists()


def test_the_case_page_never_shows_full_personal_data(window):
    case = submitted_case()
    page = _text(window.get(_case_url(case)))
    assert case.applicant.id_number.reveal() not in page
    assert case.applicant.phone.reveal() not in page
    assert str(case.applicant.phone) in page


def test_a_decided_case_waits_for_delivery(window):
    case = accepted_case()
    department = case.item_version.item.department
    (task,) = services.dispatch(clerk(), case, [department])
    person = approver(department)
    services.start_review(person, task)
    services.decide_task(person, task, True, "同意")
    page = _text(window.get(reverse("cases:window_queue") + "?tab=delivery"))
    assert case.number in page
    page = _text(window.get(_case_url(case)))
    assert 'data-testid="action-deliver"' in page or 'data-testid="action-conclude"' in page


def test_each_material_links_to_its_file(window, settings, tmp_path):
    from django.core.files.base import ContentFile

    from onewindow.cases.models import ApplicantDocument

    settings.MEDIA_ROOT = tmp_path
    case = submitted_case()
    material = case.materials.get(name="身份证明")
    doc = ApplicantDocument.objects.create(
        owner=case.applicant,
        material_type_id=material.material_type_id,
        file=ContentFile(b"%PDF-1.4 test", name="upload.pdf"),
        token="t" * 32,
        original_name="身份证复印件.pdf",
        content_type="application/pdf",
        size=13,
        sha256="0" * 64,
    )
    case.materials.filter(pk=material.pk).update(document=doc)
    page = _text(window.get(_case_url(case)))
    link = reverse("cases:document", kwargs={"token": doc.token})
    assert f'href="{link}"' in page and "身份证复印件.pdf" in page
    assert window.get(link).status_code == 200  # the clerk may download what the case uses


@pytest.mark.parametrize(
    ("who", "label", "url_name"),
    [
        ("clerk", "受理工作台", "cases:window_queue"),
        ("approver", "审查工作台", "cases:department_worklist"),
        ("supervisor", "超期预警", "cases:overdue"),
        ("leader", "超期预警", "cases:overdue"),
        ("citizen", "我的办件", "cases:my_cases"),
    ],
)
def test_each_role_finds_its_desk_in_the_navigation_and_home(client, who, label, url_name):
    person = {
        "clerk": clerk,
        "approver": approver,
        "supervisor": lambda: UserFactory(role=Role.SUPERVISOR),
        "leader": lambda: UserFactory(role=Role.LEADER),
        "citizen": lambda: UserFactory(citizen=True),
    }[who]()
    client.force_login(person)
    html = _text(client.get("/"))
    nav = html.split('aria-label="主导航"')[1].split("</nav>")[0]
    assert label in nav and f'href="{reverse(url_name)}"' in nav
    assert html.count(f'href="{reverse(url_name)}') >= 2  # the home panel links it too
    for other in ("受理工作台", "审查工作台", "超期预警"):
        if other != label:
            assert other not in nav
