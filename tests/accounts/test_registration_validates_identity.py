"""Citizens and enterprises register with checked identity numbers; bad input changes nothing."""

import pytest

from onewindow.accounts.models import User
from onewindow.core.audit.models import AuditEvent

VALID_ID = "37050219900315123X"  # check digit computed by GB 11643 (asserted below)
VALID_USCC = "91370502QQ0NE8PR32"


def test_fixture_numbers_are_valid():
    from stdnum.cn import ric, uscc

    assert ric.is_valid(VALID_ID)
    assert uscc.is_valid(VALID_USCC)


def _citizen(**over):
    data = {
        "username": "zhangsan",
        "display_name": "张三",
        "id_number": VALID_ID,
        "phone": "13805461234",
        "password": "Huanghe#2026",
    }
    data.update(over)
    return data


@pytest.mark.django_db
def test_citizen_registers_and_personal_data_is_masked(client):
    response = client.post("/accounts/register/", _citizen())
    assert response.status_code == 302
    user = User.objects.get(username="zhangsan")
    assert str(user.id_number) == "370***********123X"
    assert str(user.phone) == "138****1234"
    assert user.id_number.reveal() == VALID_ID
    assert user.has_role("citizen")
    assert AuditEvent.objects.filter(action="account.register", object_id=str(user.pk)).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "370502199003151234", "身份证号码校验位不正确"),
        ("id_number", "37050219900315123", "身份证号码应为18位"),
        ("id_number", "", "请填写身份证号码"),
        ("phone", "12345678901", "手机号码应为以1开头的11位数字"),
        ("phone", "1380546123", "手机号码应为以1开头的11位数字"),
        ("display_name", "张" * 51, "姓名不能超过50个字符"),
        ("username", "张三", "登录名只能使用"),
        ("password", "abcdefgh", "密码"),
    ],
)
def test_bad_citizen_input_is_refused_in_chinese_and_nothing_is_saved(
    client, field, value, message
):
    users_before = User.objects.count()
    events_before = AuditEvent.objects.count()
    response = client.post("/accounts/register/", _citizen(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.count() == users_before
    assert AuditEvent.objects.count() == events_before


@pytest.mark.django_db
def test_every_bad_field_is_reported_at_once(client):
    response = client.post(
        "/accounts/register/", _citizen(id_number="123", phone="999", display_name="")
    )
    body = response.content.decode()
    assert "身份证号码应为18位" in body
    assert "手机号码应为以1开头的11位数字" in body


@pytest.mark.django_db
def test_the_same_id_number_cannot_register_twice(client):
    # The answer does not say so (tests/security/test_registration_enumeration.py).
    assert client.post("/accounts/register/", _citizen()).status_code == 302
    assert client.post("/accounts/register/", _citizen(username="other")).status_code == 302
    assert User.objects.filter(username="other").count() == 0
    assert User.objects.filter(username="zhangsan").count() == 1


@pytest.mark.django_db
def test_enterprise_registers_with_a_valid_credit_code(client):
    data = {
        "username": "hhk",
        "enterprise_name": "东营市黄河口餐饮管理有限公司",
        "uscc": VALID_USCC,
        "contact_name": "王海",
        "phone": "13905460000",
        "password": "Huanghe#2026",
    }
    assert client.post("/accounts/register/enterprise/", data).status_code == 302
    user = User.objects.get(username="hhk")
    assert user.uscc == VALID_USCC and user.has_role("enterprise")

    data.update(username="hhk2", uscc="91370502QQ0NE8PR33")
    response = client.post("/accounts/register/enterprise/", data)
    assert response.status_code == 400
    assert "统一社会信用代码校验位不正确" in response.content.decode()
    assert not User.objects.filter(username="hhk2").exists()


@pytest.mark.django_db
def test_api_registration_answers_400_with_the_chinese_message(client):
    response = client.post(
        "/api/accounts/register/citizen",
        _citizen(id_number="370502199003151234"),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "身份证号码校验位不正确" in response.json()["detail"]
    assert not User.objects.filter(username="zhangsan").exists()

    response = client.post(
        "/api/accounts/register/citizen",
        _citizen(display_name="张" * 300),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "内容过长" in response.json()["detail"]

    response = client.post(
        "/api/accounts/register/citizen", _citizen(), content_type="application/json"
    )
    assert response.status_code == 202
    assert "注册申请已受理" in response.json()["detail"]
    user = User.objects.get(username="zhangsan")
    assert str(user.id_number) == "370***********123X" and str(user.phone) == "138****1234"
