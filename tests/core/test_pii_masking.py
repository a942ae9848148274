"""ID numbers show first 3 and last 4, phones 3 and 4, wherever a Masked value is printed."""

import copy
import json
import pickle

import pytest
from django.template import Context, Template

from onewindow.core.pii import Masked, mask_id_number, mask_phone, mask_text
from tests.core.pii_fixtures import valid_id_numbers, valid_phones

ID = "370502199001011233"
ID_MASKED = "370***********1233"
PHONE = "13812345678"
PHONE_MASKED = "138****5678"


def test_id_number_keeps_first_three_and_last_four():
    assert mask_id_number(ID) == ID_MASKED
    assert mask_id_number("37050219900101109X") == "370***********109X"
    for number in valid_id_numbers(200, 11):
        masked = mask_id_number(number)
        assert masked == number[:3] + "*" * 11 + number[-4:]
        assert number[3:14] not in masked


def test_phone_keeps_first_three_and_last_four():
    assert mask_phone(PHONE) == PHONE_MASKED
    for phone in valid_phones(200, 11):
        assert mask_phone(phone) == phone[:3] + "****" + phone[-4:]


@pytest.mark.parametrize("value", ["", None, "1234567"])
def test_short_values_are_all_stars(value):
    assert set(mask_phone(value)) <= {"*"}
    assert set(mask_id_number(value)) <= {"*"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"申请人身份证号{ID}，联系电话{PHONE}。",
            f"申请人身份证号{ID_MASKED}，联系电话{PHONE_MASKED}。",
        ),
        ("身份证37050219900101109x已核验", "身份证370***********109x已核验"),
        (f"手机：+86{PHONE}", f"手机：+86{PHONE_MASKED}"),
        (f"手机：+86 {PHONE}", f"手机：+86 {PHONE_MASKED}"),
        ("电话 138 1234 5678 / 138-1234-5678", f"电话 {PHONE_MASKED} / {PHONE_MASKED}"),
        ("证件 370502 19900101 1233", f"证件 {ID_MASKED}"),
        (f"id={ID}&phone={PHONE}", f"id={ID_MASKED}&phone={PHONE_MASKED}"),
        (f"ID{ID}x", f"ID{ID_MASKED}x"),
        ("老身份证370502900101123", "老身份证370********1123"),
    ],
)
def test_mask_text_masks_numbers_inside_chinese_text(text, expected):
    assert mask_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "受理日期20261128，承诺时限3个工作日",
        "办结时间 2026-11-28 14:30:05",
        "订单号202611280001已支付",
        "金额：12,345.67元；押金1500000元",
        "投资项目备案509个，核准3个，审批76个",
        "统一社会信用代码91370502MA3C8KQX73",
        "事项编码 11370502MB285591XF4370116008000",
        "一个12位数字123456789012和10位数字1381234567",
    ],
)
def test_mask_text_leaves_ordinary_numbers_alone(text):
    assert mask_text(text) == text


def test_masked_id_number_prints_masked_everywhere():
    value = Masked(ID, "id_number")
    assert str(value) == ID_MASKED
    assert f"{value}" == ID_MASKED
    assert "%s" % value == ID_MASKED  # noqa: UP031 - the old formatting path is the point
    assert "{}".format(value) == ID_MASKED  # noqa: UP032
    assert format(value) == ID_MASKED
    assert format(value, ">20") == "  " + ID_MASKED
    assert repr(value) == repr(ID_MASKED)
    assert "证件：" + value == "证件：" + ID_MASKED
    assert json.dumps(value) == json.dumps(ID_MASKED)
    assert json.dumps({"id": value}, ensure_ascii=False) == f'{{"id": "{ID_MASKED}"}}'
    assert value.encode() == ID_MASKED.encode()
    assert ID not in f"{value!r}{value!s}{value!a}"


def test_masked_renders_masked_in_a_django_template():
    value = Masked(PHONE, "phone")
    assert Template("{{ v }}").render(Context({"v": value})) == PHONE_MASKED
    rendered = Template("{{ v|upper }} {{ v|default:'无' }} {{ v|safe }}").render(
        Context({"v": value})
    )
    assert PHONE not in rendered and rendered.count(PHONE_MASKED) == 3


def test_pickle_keeps_only_the_masked_text():
    value = Masked(ID, "id_number")
    data = pickle.dumps(value)
    assert ID.encode() not in data
    restored = pickle.loads(data)
    assert restored == ID_MASKED
    assert not hasattr(restored, "reveal")


def test_reveal_gives_the_full_value_and_copies_keep_it():
    value = Masked(ID, "id_number")
    assert value.reveal() == ID
    assert value.kind == "id_number"
    assert copy.copy(value).reveal() == ID
    assert copy.deepcopy({"v": value})["v"].reveal() == ID
    assert Masked(PHONE, "phone").reveal() == PHONE
