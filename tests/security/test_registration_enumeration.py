"""Registration does not tell who is registered (decision 0011).

Replays the probe: typing someone's ID number (or an enterprise's credit code) into the
public registration page or API answered "该身份证号码已注册", so anyone could test any number.
Now a registered and an unregistered number get the same answer, the registered one makes
nothing and its owner is told by text message, and submissions are throttled per address.
"""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from onewindow.accounts import services
from onewindow.accounts.models import User
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

PAGE = "/accounts/register/"
ENTERPRISE_PAGE = "/accounts/register/enterprise/"
API = "/api/accounts/register/citizen"
REGISTERED_ID = "37050219900315123X"
NEW_ID = "110101199003074477"
REGISTERED_USCC = "91370502QQ0NE8PR32"
NEW_USCC = "91350100M000100Y43"
OWNER_PHONE = "13805461234"


def _citizen(**over):
    data = {
        "username": "newcomer",
        "display_name": "李四",
        "id_number": NEW_ID,
        "phone": "13905462222",
        "password": "Huanghe#2026",
    }
    return {**data, **over}


def _enterprise(**over):
    data = {
        "username": "newfirm",
        "enterprise_name": "东营市新开餐饮有限公司",
        "uscc": NEW_USCC,
        "contact_name": "王五",
        "phone": "13905463333",
        "password": "Huanghe#2026",
    }
    return {**data, **over}


@pytest.fixture
def owner():
    """Someone who registered long ago with REGISTERED_ID."""
    return services.register_citizen(
        username="zhangsan",
        display_name="张三",
        phone=OWNER_PHONE,
        id_number=REGISTERED_ID,
        password=PASSWORD,
    )


@pytest.fixture
def firm():
    return services.register_enterprise(
        username="hhk",
        enterprise_name="东营市黄河口餐饮管理有限公司",
        uscc=REGISTERED_USCC,
        contact_name="王海",
        phone="13905460000",
        password=PASSWORD,
    )


def _fresh(url, data) -> tuple:
    """What a first-time visitor sees after posting ``data`` (no earlier messages queued)."""
    return _answer(Client().post(url, data))


def _answer(response) -> tuple:
    """What the person sees: the status, where it leads, and the words."""
    words = [str(m) for m in get_messages(response.wsgi_request)]
    if response.status_code != 302:
        words += [str(e) for errors in response.context["form"].errors.values() for e in errors]
    return response.status_code, response.get("Location"), words


def test_a_registered_and_a_new_id_number_get_the_same_answer_on_the_page(owner):
    registered = _fresh(PAGE, _citizen(username="probe1", id_number=REGISTERED_ID))
    new = _fresh(PAGE, _citizen(username="probe2", id_number=NEW_ID))
    assert registered == new
    status, location, words = new
    assert status == 302 and location.endswith("/accounts/login/")
    assert "结果已通过短信发送" in words[0]
    assert not User.objects.filter(username="probe1").exists()
    assert User.objects.get(username="probe2").id_number_index != owner.id_number_index


def test_a_registered_and_a_new_credit_code_get_the_same_answer_on_the_page(firm):
    registered = _fresh(ENTERPRISE_PAGE, _enterprise(username="p1", uscc=REGISTERED_USCC))
    new = _fresh(ENTERPRISE_PAGE, _enterprise(username="p2", uscc=NEW_USCC))
    assert registered == new and registered[0] == 302
    assert not User.objects.filter(username="p1").exists()
    assert User.objects.filter(username="p2", uscc=NEW_USCC).exists()


def test_a_registered_and_a_new_id_number_get_the_same_answer_from_the_api(client, owner):
    registered = client.post(
        API, _citizen(username="probe3", id_number=REGISTERED_ID), content_type="application/json"
    )
    new = client.post(API, _citizen(username="probe4"), content_type="application/json")
    assert (registered.status_code, registered.json()) == (new.status_code, new.json())
    assert new.status_code == 202
    assert not User.objects.filter(username="probe3").exists()
    assert User.objects.filter(username="probe4").exists()


def test_the_owner_of_a_registered_number_is_told_and_nothing_is_made(
    client, owner, outbox, django_capture_on_commit_callbacks
):
    users = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PAGE, _citizen(username="probe5", id_number=REGISTERED_ID, phone="13700000000"))
    assert User.objects.count() == users
    (notice,) = outbox("account.register_duplicate")
    assert notice["recipient"]["user_id"] == owner.pk  # the owner's phone, not the typed one
    assert "zhangsan" in notice["body"] and "未予注册" in notice["body"]


def test_a_new_account_is_told_by_text_message_too(
    client, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PAGE, _citizen(username="newcomer"))
    (notice,) = outbox("account.registered")
    assert notice["recipient"]["user_id"] == User.objects.get(username="newcomer").pk
    assert "newcomer" in notice["body"]


def test_the_owner_is_told_at_most_a_few_times_a_day(
    client, owner, outbox, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNTS_REGISTRATION_NOTICES_PER_DAY = 3
    for n in range(6):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                PAGE,
                _citizen(username=f"spam{n}", id_number=REGISTERED_ID),
                REMOTE_ADDR=f"192.0.2.{n + 1}",
            )
    assert len(outbox("account.register_duplicate")) == 3


def test_a_login_name_in_use_is_said_whatever_the_number(owner):
    # A new person whose chosen name is taken must hear it, and the words must be the same
    # whether the number they typed is registered or not.
    with_registered = _fresh(PAGE, _citizen(username="zhangsan", id_number=REGISTERED_ID))
    with_new = _fresh(PAGE, _citizen(username="zhangsan", id_number=NEW_ID))
    assert with_registered == with_new
    assert with_new[0] == 400 and "该登录名已被使用，请换一个" in with_new[2]


@pytest.mark.parametrize("name", [REGISTERED_ID, OWNER_PHONE, REGISTERED_USCC])
def test_a_login_name_cannot_be_an_identity_number(client, owner, name):
    # Otherwise "this name is in use" would say that this number is registered.
    status, _location, words = _answer(client.post(PAGE, _citizen(username=name)))
    assert status == 400
    assert "登录名不能使用身份证号码、手机号码或统一社会信用代码" in words


def test_registrations_are_throttled_per_address(client, settings):
    settings.ACCOUNTS_REGISTRATIONS_PER_HOUR = 3
    for n in range(3):
        client.post(PAGE, _citizen(username=f"try{n}", id_number="bad"), REMOTE_ADDR="203.0.113.9")
    refused = client.post(PAGE, _citizen(), REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 429
    assert "注册提交过于频繁" in refused.content.decode()
    api = client.post(API, _citizen(), content_type="application/json", REMOTE_ADDR="203.0.113.9")
    assert api.status_code == 429 and "注册提交过于频繁" in api.json()["detail"]
    assert not User.objects.filter(username="newcomer").exists()
    assert client.post(PAGE, _citizen(), REMOTE_ADDR="198.51.100.3").status_code == 302
