"""Every valid fixture is accepted and comes back normalised."""

import pytest

from onewindow.core.errors import InvalidInput
from onewindow.core.pii import normalise_phone, validate_id_number, validate_phone, validate_uscc
from tests.core.pii_fixtures import (
    id_check_char,
    org_check_char,
    uscc_check_char,
    valid_id_numbers,
    valid_phones,
    valid_usccs,
)

# Real codes published online (python-stdnum's test data): they must pass our stricter
# checks too, including the embedded organisation code.
REAL_USCCS = [
    "121200004013590816",
    "91110000600037341L",
    "91110000710926094P",
    "91120224064012553U",
    "911522010783710635",
    "91152201078371135X",
    "9115220107837757XE",
    "9115220107837941X1",
    "91310000631696382C",
    "91310115MA1K3BTP2B",
    "9131012056010553X5",
    "91340600MA2PBM9HXD",
    "91340600MA2PBMA74B",
    "91340603MA2UJXXCXF",
    "91371082775260043P",
    "9144030071526726XG",
    "9162010555628132X1",
    "91620105L015101280",
    "91620105MA71T4YW8Q",
    "91620105MA73NBBLXE",
    "92340602MA2PBMEM24",
    "92340603MA2PBMYMX1",
    "92340603MA2PBN17X5",
    "92340621MA2PBKRXXG",
    "92340621MA2UK3PJXE",
    "92340621MA2UK338XJ",
    "92340604MA2PEM4L7X",
    "92340621MA2PBN0KXX",
    "913101145852519045",
    "91620105750935948X",
]


def test_oracle_matches_the_standards_own_examples():
    # GB 11643-1999 gives 11010519491231002X; GB 11714 / GB 32100 via real codes.
    assert id_check_char("11010519491231002") == "X"
    for code in REAL_USCCS:
        assert org_check_char(code[8:16]) == code[16], code
        assert uscc_check_char(code[:17]) == code[17], code


def test_fixture_generators_are_deterministic_and_distinct():
    assert valid_id_numbers(50, 1) == valid_id_numbers(50, 1)
    assert valid_id_numbers(50, 1) != valid_id_numbers(50, 2)
    assert len(set(valid_id_numbers(500, 3))) == 500
    assert len(set(valid_usccs(500, 3))) == 500
    assert len(set(valid_phones(500, 3))) == 500


@pytest.mark.parametrize("seed", [0, 1, 20261128])
def test_every_valid_id_number_fixture_is_accepted(seed):
    numbers = valid_id_numbers(300, seed)
    assert len(numbers) >= 200
    assert [validate_id_number(n) for n in numbers] == numbers


def test_id_number_is_normalised():
    number = next(n for n in valid_id_numbers(500, 5) if n.endswith("X"))
    assert validate_id_number(f"  {number.lower()} ") == number
    assert validate_id_number("11010519491231002X") == "11010519491231002X"


@pytest.mark.parametrize("birth", ["19350101", "19560704", "19821231"])
def test_county_code_newer_than_the_birth_is_accepted(birth):
    # 东营区 (370502) dates from 1983; people born earlier got their cards there later.
    body = f"370502{birth}123"
    assert validate_id_number(body + id_check_char(body)) == body + id_check_char(body)


@pytest.mark.parametrize("region", ["810000", "820000", "830000"])
def test_residence_permit_numbers_are_accepted(region):
    # 港澳台居民居住证 share the ID format with these region codes.
    body = f"{region}19900101123"
    assert validate_id_number(body + id_check_char(body)) == body + id_check_char(body)


@pytest.mark.parametrize("seed", [0, 1, 20261128])
def test_every_valid_uscc_fixture_is_accepted(seed):
    codes = valid_usccs(300, seed)
    assert [validate_uscc(c) for c in codes] == codes


def test_real_usccs_are_accepted_and_normalised():
    assert [validate_uscc(c) for c in REAL_USCCS] == REAL_USCCS
    assert validate_uscc(" 91110000600037341l ") == "91110000600037341L"


@pytest.mark.parametrize("head", ["N2", "Y1", "A1", "51", "11"])
def test_uscc_of_every_registration_authority_is_accepted(head):
    # N: 农村集体经济组织 (common in a district), Y: 其他, A: 军队编制 — stdnum refuses them.
    body = f"{head}370502MA3C8KQX"
    body += org_check_char(body[8:16])
    assert validate_uscc(body + uscc_check_char(body)) == body + uscc_check_char(body)


@pytest.mark.parametrize("seed", [0, 1, 20261128])
def test_every_valid_phone_fixture_is_accepted(seed):
    phones = valid_phones(300, seed)
    assert [validate_phone(p) for p in phones] == phones


@pytest.mark.parametrize(
    "text", ["13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "+8613812345678"]
)
def test_phone_is_normalised(text):
    assert normalise_phone(text) == "13812345678"
    assert validate_phone(text) == "13812345678"


@pytest.mark.parametrize(
    ("validator", "message"),
    [
        (validate_id_number, "请填写身份证号码"),
        (validate_uscc, "请填写统一社会信用代码"),
        (validate_phone, "请填写手机号码"),
    ],
)
def test_empty_value_is_asked_for_by_name(validator, message):
    with pytest.raises(InvalidInput) as info:
        validator("  ")
    assert info.value.message == message
    assert info.value.status == 400
