"""忘记密码: an applicant resets the password with a code sent to their phone (issue 15)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from onewindow.accounts import activation, password_reset
from onewindow.accounts.models import ActivationCode
from onewindow.core.audit.models import AuditEvent
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

REQUEST_URL = reverse("accounts:password_reset")
CONFIRM_URL = reverse("accounts:password_reset_confirm")
NEW_PASSWORD = "Dongying-2026!"
SENT = "如果该账号存在并登记了手机号码，验证码已发送"
WRONG = "账号、开通码或证件号后四位不正确"


def _request(client, username, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(REQUEST_URL, {"username": username}, follow=True)


def _code(outbox) -> str:
    line = outbox(password_reset.EVENT)[-1]
    return re.search(r"验证码 ([0-9A-Z]{4}-[0-9A-Z]{4})", line["body"]).group(1)


def _confirm(client, user, code, tail=None, password=NEW_PASSWORD):
    return client.post(
        CONFIRM_URL,
        {
            "username": user.username,
            "code": code,
            "id_tail": activation.identity_tail(user) if tail is None else tail,
            "password": password,
            "password_again": password,
        },
    )


def test_the_login_page_links_to_the_reset_page(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert REQUEST_URL in page
    assert client.get(REQUEST_URL).status_code == 200


def test_a_citizen_resets_the_password_with_the_code_from_the_phone(
    outbox, django_capture_on_commit_callbacks
):
    person = UserFactory(citizen=True)
    signed_in = Client()
    signed_in.force_login(person)
    client = Client()
    page = _request(client, person.username, django_capture_on_commit_callbacks)
    assert page.redirect_chain[-1][0] == CONFIRM_URL
    assert SENT in page.content.decode()
    [line] = outbox(password_reset.EVENT)
    assert line["recipient"]["user_id"] == person.pk
    assert line["channels"] == ["sms", "email"]

    response = _confirm(client, person, _code(outbox).lower())
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    # The old password's sessions end.
    assert signed_in.get(reverse("accounts:me")).status_code == 302
    sent = AuditEvent.objects.get(action=password_reset.REQUEST)
    assert sent.result == "success" and sent.object_id == str(person.pk)
    assert AuditEvent.objects.filter(action=activation.ACTIVATE, actor=person).exists()
    # The code is used up.
    assert WRONG not in _confirm(Client(), person, _code(outbox)).content.decode()
    assert "已使用过" in _confirm(Client(), person, _code(outbox)).content.decode()


def test_an_enterprise_resets_with_its_credit_code_tail(outbox, django_capture_on_commit_callbacks):
    firm = UserFactory(enterprise=True, uscc="91350100M000100Y43")
    _request(Client(), firm.username, django_capture_on_commit_callbacks)
    assert _confirm(Client(), firm, _code(outbox), tail="0Y43").status_code == 302
    firm.refresh_from_db()
    assert firm.check_password(NEW_PASSWORD)


def test_the_answer_is_the_same_whether_the_account_exists(
    outbox, django_capture_on_commit_callbacks
):
    person = UserFactory(citizen=True)
    staff = UserFactory(clerk=True)
    no_phone = UserFactory(citizen=True, phone="", phone_index="")
    pages = [
        _request(Client(), name, django_capture_on_commit_callbacks)
        for name in (person.username, "nobody-here", staff.username, no_phone.username)
    ]
    assert {p.status_code for p in pages} == {200}
    assert {p.redirect_chain[-1][0] for p in pages} == {CONFIRM_URL}
    assert all(SENT in p.content.decode() for p in pages)
    # Only the applicant with a phone got a code; staff reset through the administrator.
    assert [line["recipient"]["user_id"] for line in outbox(password_reset.EVENT)] == [person.pk]
    failures = AuditEvent.objects.filter(action=password_reset.REQUEST, result="failure")
    assert sorted(failures.values_list("object_id", flat=True)) == sorted(
        ["nobody-here", staff.username, no_phone.username]
    )


def test_a_code_is_void_after_five_wrong_tries(outbox, django_capture_on_commit_callbacks):
    person = UserFactory(citizen=True)
    _request(Client(), person.username, django_capture_on_commit_callbacks)
    code = _code(outbox)
    for _try in range(activation.MAX_ATTEMPTS):
        assert WRONG in _confirm(Client(), person, "ABCD-EFGH").content.decode()
    page = _confirm(Client(), person, code).content.decode()
    assert "失效" in page
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_a_wrong_id_tail_is_refused(outbox, django_capture_on_commit_callbacks):
    person = UserFactory(citizen=True)
    _request(Client(), person.username, django_capture_on_commit_callbacks)
    assert WRONG in _confirm(Client(), person, _code(outbox), tail="0000").content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_a_requested_code_does_not_void_the_window_slip(outbox, django_capture_on_commit_callbacks):
    person = UserFactory(citizen=True)
    clerk = UserFactory(clerk=True)
    slip, _record = activation.issue_activation_code(clerk, person)
    _request(Client(), person.username, django_capture_on_commit_callbacks)
    _request(Client(), person.username, django_capture_on_commit_callbacks)
    live = ActivationCode.objects.filter(user=person, voided_at=None)
    assert live.filter(issued_by=clerk).count() == 1
    assert live.filter(issued_by=None).count() == 1  # the second request voided the first
    assert _confirm(Client(), person, slip).status_code == 302


def test_an_account_gets_at_most_three_codes_an_hour(outbox, django_capture_on_commit_callbacks):
    person = UserFactory(citizen=True)
    pages = [
        _request(
            Client(REMOTE_ADDR=f"10.0.0.{n}"), person.username, django_capture_on_commit_callbacks
        )
        for n in range(1, 6)
    ]
    assert all(SENT in p.content.decode() for p in pages)
    assert len(outbox(password_reset.EVENT)) == password_reset.ACCOUNT_LIMIT
    assert (
        AuditEvent.objects.filter(
            action=password_reset.REQUEST, result="failure", object_id=str(person.pk)
        ).count()
        == 2
    )


def test_one_address_is_refused_after_ten_requests(outbox, django_capture_on_commit_callbacks):
    client = Client()
    for n in range(password_reset.ADDRESS_LIMIT):
        assert _request(client, f"nobody{n}", django_capture_on_commit_callbacks).status_code == 200
    refused = client.post(REQUEST_URL, {"username": "nobody"})
    assert refused.status_code == 429
    assert "尝试次数过多" in refused.content.decode()
