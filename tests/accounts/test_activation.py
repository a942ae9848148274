"""Applicants registered at the window set their password with the slip's activation code."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onewindow.accounts import activation, services
from onewindow.accounts.constants import AccountKind, Role
from onewindow.accounts.models import ActivationCode, ApiToken, User
from onewindow.core.audit.models import AuditEvent
from onewindow.core.errors import InvalidInput, PermissionDenied
from onewindow.core.pii import crypto
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

# A valid ID number and credit code that no factory hands out (checked by the validators).
NEW_ID_NUMBER = "11010519491231002X"
NEW_USCC = "91350100M000100Y43"
NEW_PASSWORD = "Dongying-2026!"
WRONG = "账号、开通码或证件号后四位不正确"
ACTIVATE_URL = reverse("accounts:activate")


@pytest.fixture
def clerk():
    return UserFactory(clerk=True)


@pytest.fixture
def window(client, clerk):
    client.force_login(clerk)
    return client


def _register_at_the_window(window, kind="citizen", identifier=NEW_ID_NUMBER):
    apply = reverse("cases:window_apply")
    lookup = window.post(
        apply, {"step": "lookup", "lookup-kind": kind, "lookup-identifier": identifier}
    )
    identity = re.search(r'name="register-identity" value="([^"]+)"', lookup.content.decode())
    data = {
        "step": "register",
        "register-identity": identity.group(1),
        "register-display_name": "王五" if kind == "citizen" else "东营某某餐饮有限公司",
        "register-phone": "13912345678",
    }
    if kind == "enterprise":
        data["register-contact_name"] = "赵六"
    return window.post(apply, data)


def _slip(html: str) -> str:
    return html.split('data-testid="activation-slip"')[1].split("</article>")[0]


def _code(html: str) -> str:
    return re.search(r'data-testid="slip-code">([A-Z0-9-]+)<', html).group(1)


def _activate(username, code, tail, password=NEW_PASSWORD, again=None, client=None):
    return (client or Client()).post(
        ACTIVATE_URL,
        {
            "username": username,
            "code": code,
            "id_tail": tail,
            "password": password,
            "password_again": again or password,
        },
    )


def _errors(response) -> list[str]:
    """Every error message the form shows, above it and beside its fields."""
    html = response.content.decode().split("<main")[1]
    opening = r'<div class="(?:alert alert-danger|invalid-feedback)[^>]*>\s*((?:<div>.*?</div>)+)'
    blocks = re.findall(opening, html, re.S)
    return [m.strip() for block in blocks for m in re.findall(r"<div>(.*?)</div>", block)]


def _can_log_in(username, password=NEW_PASSWORD) -> bool:
    response = Client().post(
        reverse("accounts:login"), {"username": username, "password": password}
    )
    return response.status_code == 302


def _applicant(**kwargs):
    return UserFactory(citizen=True, **kwargs)


# -- the whole way: window, slip, activation page, login ----------------------------------


def test_a_window_registered_citizen_activates_with_the_slip_and_signs_in(window, clerk):
    response = _register_at_the_window(window)
    assert response.status_code == 200
    page = response.content.decode()
    person = User.objects.get(id_number_index=crypto.blind_index(NEW_ID_NUMBER, "id_number"))
    assert not person.has_usable_password() and person.must_change_password
    slip = _slip(page)
    assert person.username in slip
    code = _code(slip)
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", code)
    assert "账号开通凭证" in slip and "有效期至" in slip and ACTIVATE_URL in slip
    assert "no-store" in response["Cache-Control"]
    # Only a digest is stored, never the code.
    stored = ActivationCode.objects.get(user=person)
    assert code not in stored.digest and code.replace("-", "") not in stored.digest
    assert stored.issued_by == clerk
    assert AuditEvent.objects.filter(action="account.activation_issue", actor=clerk).exists()

    response = _activate(person.username, code.lower().replace("-", " "), "002x")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    person.refresh_from_db()
    assert person.has_usable_password() and not person.must_change_password
    assert person.password_changed_at is not None
    assert _can_log_in(person.username)
    assert AuditEvent.objects.filter(action="account.activate", actor=person).exists()

    # The code cannot be used twice.
    again = _activate(person.username, code, "002X", password="Another-Pass-2026")
    assert again.status_code == 400 and "已使用" in again.content.decode()
    assert _can_log_in(person.username)


def test_an_enterprise_activates_with_the_last_four_of_its_credit_code(window):
    page = _register_at_the_window(window, "enterprise", NEW_USCC).content.decode()
    company = User.objects.get(uscc=NEW_USCC)
    assert company.kind == AccountKind.ENTERPRISE
    code = _code(_slip(page))
    assert NEW_USCC not in _slip(page)
    assert "统一社会信用代码后四位" in _slip(page)
    assert _activate(company.username, code, NEW_USCC[-4:]).status_code == 302
    assert _can_log_in(company.username)


def test_the_slip_never_shows_the_id_number(window):
    page = _register_at_the_window(window).content.decode()
    slip = _slip(page)
    assert NEW_ID_NUMBER not in page
    # Not even masked: its last 4 characters are the second factor.
    assert "002X" not in slip and "110***" not in slip
    assert "王五" in slip


def test_the_login_page_links_to_the_activation_page(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert ACTIVATE_URL in page and "窗口开户用户开通账号" in page
    form = client.get(ACTIVATE_URL).content.decode()
    for label in ("账号", "开通码", "证件号码后四位", "新密码", "确认新密码"):
        assert label in form


# -- wrong answers --------------------------------------------------------------------------


def test_wrong_code_wrong_tail_and_unknown_user_get_the_same_answer(clerk):
    person = _applicant()
    code, _issued = activation.issue_activation_code(clerk, person)
    tail = person.id_number.reveal()[-4:]
    wrong_code = "2345-6789" if code != "2345-6789" else "9876-5432"
    wrong_tail = "0000" if tail != "0000" else "1111"
    answers = [
        _activate(person.username, wrong_code, tail),
        _activate(person.username, code, wrong_tail),
        _activate("no-such-user", code, tail),
    ]
    for response in answers:
        assert response.status_code == 400
        assert _errors(response) == [WRONG]
    person.refresh_from_db()
    assert person.check_password(PASSWORD) and not person.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="account.activate_failed").count() == 3
    # The right answer still works: two wrong tries are under the limit.
    assert _activate(person.username, code, tail).status_code == 302


def _full_width(text: str) -> str:
    """What a Chinese input method in full-width mode types for ASCII letters and digits."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def test_full_width_and_chinese_input_is_read_as_typed_never_a_500(clerk):
    person = _applicant()
    code, _issued = activation.issue_activation_code(clerk, person)
    tail = person.id_number.reveal()[-4:]
    assert _activate(person.username, code, "后四位").status_code == 400
    assert _activate(person.username, "开通码", tail).status_code == 400
    response = _activate(person.username, _full_width(code.lower()), _full_width(tail.lower()))
    assert response.status_code == 302
    assert _can_log_in(person.username)


def test_activation_ends_the_accounts_login_lockout(clerk):
    person = _applicant()
    for _try in range(5):  # someone guessing the password, from elsewhere
        Client().post(
            reverse("accounts:login"),
            {"username": person.username, "password": "Wrong-pass-1"},
            REMOTE_ADDR="10.0.0.9",
        )
    assert not _can_log_in(person.username, PASSWORD)  # locked, even with the right password
    code, _issued = activation.issue_activation_code(clerk, person)
    assert _activate(person.username, code, person.id_number.reveal()[-4:]).status_code == 302
    assert _can_log_in(person.username)


def test_five_wrong_tries_void_the_code(clerk):
    person = _applicant()
    code, issued = activation.issue_activation_code(clerk, person)
    tail = person.id_number.reveal()[-4:]
    wrong_code = "2345-6789" if code != "2345-6789" else "9876-5432"
    for _try in range(activation.MAX_ATTEMPTS):
        with pytest.raises(InvalidInput, match=WRONG):
            activation.activate(
                username=person.username, code=wrong_code, id_tail=tail, password=NEW_PASSWORD
            )
    issued.refresh_from_db()
    assert issued.attempts == activation.MAX_ATTEMPTS and issued.voided_at is not None
    with pytest.raises(InvalidInput, match="失效"):
        activation.activate(
            username=person.username, code=code, id_tail=tail, password=NEW_PASSWORD
        )
    person.refresh_from_db()
    assert not person.check_password(NEW_PASSWORD)


def test_failures_are_throttled_per_client_address(clerk, settings):
    settings.ACCOUNTS_ACTIVATION_MAX_FAILURES = 3
    person = _applicant()
    code, _issued = activation.issue_activation_code(clerk, person)
    tail = person.id_number.reveal()[-4:]
    for _try in range(3):
        assert _activate(f"nobody{_try}", code, tail).status_code == 400
    # The right answer too is refused from that address until the hour is over.
    refused = _activate(person.username, code, tail)
    assert refused.status_code == 429 and "尝试次数过多" in refused.content.decode()
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert _activate(person.username, code, tail, client=other).status_code == 302


def test_an_expired_code_is_refused(clerk):
    person = _applicant()
    code, issued = activation.issue_activation_code(clerk, person)
    assert issued.expires_at - issued.issued_at == timedelta(days=7)
    ActivationCode.objects.filter(pk=issued.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = _activate(person.username, code, person.id_number.reveal()[-4:])
    assert response.status_code == 400 and "已过期" in response.content.decode()
    person.refresh_from_db()
    assert not person.check_password(NEW_PASSWORD)


def test_the_validity_follows_the_setting(clerk, settings):
    settings.ACCOUNTS_ACTIVATION_DAYS = 3
    _code_, issued = activation.issue_activation_code(clerk, _applicant())
    assert issued.expires_at - issued.issued_at == timedelta(days=3)


def test_a_weak_password_is_refused_and_the_code_stays_usable(clerk):
    person = _applicant()
    code, issued = activation.issue_activation_code(clerk, person)
    tail = person.id_number.reveal()[-4:]
    weak = _activate(person.username, code, tail, password="12345678")
    assert weak.status_code == 400
    assert "密码不能全部是数字。" in weak.content.decode()
    mismatch = _activate(person.username, code, tail, again="Dongying-2027!")
    assert mismatch.status_code == 400 and "两次输入的新密码不一致" in mismatch.content.decode()
    issued.refresh_from_db()
    assert issued.used_at is None and issued.voided_at is None and issued.attempts == 0
    assert _activate(person.username, code, tail).status_code == 302
    assert _can_log_in(person.username)


# -- who may issue, for whom ------------------------------------------------------------------


def test_a_new_code_voids_the_earlier_one(clerk):
    person = _applicant()
    first, _issued = activation.issue_activation_code(clerk, person)
    second, _issued = activation.issue_activation_code(clerk, person)
    tail = person.id_number.reveal()[-4:]
    with pytest.raises(InvalidInput, match="失效"):
        activation.activate(
            username=person.username, code=first, id_tail=tail, password=NEW_PASSWORD
        )
    activation.activate(username=person.username, code=second, id_tail=tail, password=NEW_PASSWORD)
    assert _can_log_in(person.username)


@pytest.mark.parametrize("role", [None, Role.APPROVER, Role.CITIZEN, Role.SECURITY_ADMIN])
def test_only_window_clerks_issue_codes(role):
    person = _applicant()
    actor = UserFactory(role=role) if role else None
    with pytest.raises(PermissionDenied):
        activation.issue_activation_code(actor, person)
    assert not ActivationCode.objects.exists()


def test_staff_accounts_cannot_be_activated_this_way(clerk):
    staff = UserFactory(role=Role.APPROVER)
    with pytest.raises(InvalidInput):
        activation.issue_activation_code(clerk, staff)
    # Even a code that somehow exists for a staff account is of no use.
    code = "ABCDEFGH"
    ActivationCode.objects.create(
        user=staff,
        digest=activation._digest(staff.pk, code),
        expires_at=timezone.now() + timedelta(days=1),
    )
    response = _activate(staff.username, code, "0000")
    assert response.status_code == 400 and WRONG in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


# -- re-issuing at the window -------------------------------------------------------------------


def _lookup_token(window, person):
    found = window.post(
        reverse("cases:window_apply"),
        {
            "step": "lookup",
            "lookup-kind": "citizen",
            "lookup-identifier": person.id_number.reveal(),
        },
    )
    page = found.content.decode()
    assert 'data-testid="reissue-activation"' in page
    return re.search(r'name="applicant" value="([^"]+)"', page).group(1)


def test_the_clerk_reissues_a_code_for_a_forgotten_password(window, clerk):
    person = _applicant()
    services.issue_api_token(person, "旧终端", 30)  # made with the forgotten password
    token = _lookup_token(window, person)
    url = reverse("cases:window_activation_slip")
    assert window.get(url).status_code == 405
    response = window.post(url, {"applicant": token})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    page = response.content.decode()
    full_id = person.id_number.reveal()
    assert full_id not in page and str(person.id_number) not in page
    assert "data-ow-print" in page and person.username in page
    code = _code(page)
    assert _activate(person.username, code, full_id[-4:]).status_code == 302
    assert _can_log_in(person.username) and not _can_log_in(person.username, PASSWORD)
    assert ApiToken.objects.get(user=person).revoke_reason == "password_change"


@pytest.mark.parametrize("role", [Role.APPROVER, Role.CITIZEN, Role.LEADER])
def test_others_cannot_reissue_codes(window, client, role):
    person = _applicant()
    token = _lookup_token(window, person)
    other = Client()
    other.force_login(UserFactory(role=role))
    response = other.post(reverse("cases:window_activation_slip"), {"applicant": token})
    assert response.status_code in (403, 404)
    assert not ActivationCode.objects.exists()
    anonymous = Client().post(reverse("cases:window_activation_slip"), {"applicant": token})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_a_forged_applicant_token_is_refused(window):
    response = window.post(reverse("cases:window_activation_slip"), {"applicant": "1:forged"})
    assert response.status_code == 400
    assert not ActivationCode.objects.exists()
