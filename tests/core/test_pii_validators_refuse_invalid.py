"""Each validator refuses at least 10,000 invalid values, each with a Chinese message.

"Invalid" is decided by the oracle in pii_fixtures (check characters computed from the
standards here, not by python-stdnum). A deterministic loop with a fixed seed gives the
10,000; hypothesis adds breadth. Nothing here may raise anything but InvalidInput.
"""

import datetime
import random
import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onewindow.core.errors import InvalidInput
from onewindow.core.pii import validate_id_number, validate_phone, validate_uscc
from tests.core.pii_fixtures import (
    ID_REGIONS,
    USCC_ALPHABET,
    USCC_AUTHORITIES,
    id_check_char,
    id_oracle_invalid,
    org_check_char,
    phone_oracle_invalid,
    uscc_body,
    uscc_check_char,
    uscc_oracle_invalid,
    valid_id_numbers,
    valid_phones,
    valid_usccs,
)

SEED = 20261128
REQUIRED = 10_000
CJK = re.compile(r"[\u4e00-\u9fff]")
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
ASCII_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
NOISE = ASCII_LETTERS + "0123456789 -_.+/()#@!？，。、身份证号码手机一二三"
HYPOTHESIS = settings(max_examples=300, deadline=None)


def _run(validator, oracle, candidates):
    """Feed every candidate the oracle calls invalid; return (counts, accepted, bad)."""
    counts, accepted, bad = Counter(), [], []
    for kind, candidate in candidates:
        if not oracle(candidate):
            counts["skipped (oracle: could be valid)"] += 1
            continue
        counts[kind] += 1
        try:
            result = validator(candidate)
        except InvalidInput as exc:
            if not CJK.search(exc.message):
                bad.append((candidate, exc.message))
        except Exception as exc:  # anything else would be a 500 in a view
            bad.append((candidate, repr(exc)))
        else:
            accepted.append((candidate, result))
    return counts, accepted, bad


def _check_report(name, counts, accepted, bad, kinds):
    tried = sum(n for kind, n in counts.items() if not kind.startswith("skipped"))
    print(f"\n{name}: {tried} invalid values tried, {len(accepted)} accepted", dict(counts))
    assert accepted == [], accepted[:10]
    assert bad == [], bad[:10]
    assert tried >= REQUIRED
    # Every way of breaking a number must really have produced candidates.
    assert all(counts[kind] >= 100 for kind in kinds), counts


def _swap(text: str, i: int, j: int) -> str:
    chars = list(text)
    chars[i], chars[j] = chars[j], chars[i]
    return "".join(chars)


def _substitutions(rng, valid, alphabet_at, per_value):
    for value in valid:
        for _ in range(per_value):
            i = rng.randrange(len(value))
            char = rng.choice([c for c in alphabet_at(i) if c != value[i]])
            yield "substitution", value[:i] + char + value[i + 1 :]


def _transpositions(valid):
    for value in valid:
        for i in range(len(value) - 1):
            if value[i] != value[i + 1]:
                yield "adjacent transposition", _swap(value, i, i + 1)
        for i in range(len(value) - 2):
            if value[i] != value[i + 2]:
                yield "jump transposition", _swap(value, i, i + 2)


def _lengths(rng, valid, alphabet):
    for value in valid[:100]:
        for k in range(len(value)):
            yield "too short", value[:k]
        for extra in range(1, 4):
            yield "too long", value + "".join(rng.choice(alphabet) for _ in range(extra))
            yield "too long", "".join(rng.choice(alphabet) for _ in range(extra)) + value


def _randoms(rng, n, length):
    for _ in range(n):
        yield "random string", "".join(rng.choice(NOISE) for _ in range(rng.randint(1, length)))


def _letters(rng, valid, letters, per_value=5):
    for value in valid:
        for _ in range(per_value):
            i = rng.randrange(len(value))
            yield "letter", value[:i] + rng.choice(letters) + value[i + 1 :]


def _unicode_digits(rng, valid):
    for value in valid:
        yield "full-width digits", value.translate(FULL_WIDTH)
        i = rng.randrange(len(value))
        yield "full-width digits", value[:i] + value[i].translate(FULL_WIDTH) + value[i + 1 :]
        yield "other unicode digits", value.translate(ARABIC_INDIC)


# --- ID numbers (GB 11643) -------------------------------------------------------------


def _impossible_dates(rng):
    year_now = datetime.date.today().year
    dates = [
        "19900230", "19900231", "19900229", "21000229", "19000229", "19900431", "19900631",
        "19900931", "19901131", "19900001", "19901301", "19909901", "19900100", "19900132",
        "19900199", "18991231", "18000101", "00000000", "00010101", f"{year_now + 1}0101",
        f"{year_now + 5}0615", "20991231", "99991231", "30000101",
    ]  # fmt: skip
    for text in dates:
        for _ in range(50):
            body = f"{rng.choice(ID_REGIONS)}{text}{rng.randint(0, 999):03d}"
            yield "impossible birth date", body + id_check_char(body)


def _wrong_id_checks(valid):
    for value in valid:
        for char in "0123456789X":
            if char != value[17]:
                yield "wrong check character", value[:17] + char


def _id_candidates():
    rng = random.Random(SEED)
    valid = valid_id_numbers(300, SEED)
    yield from _substitutions(rng, valid, lambda i: "0123456789X" if i == 17 else "0123456789", 15)
    yield from _transpositions(valid)
    yield from _lengths(rng, valid, "0123456789")
    yield from _randoms(rng, 1500, 25)
    yield from _letters(rng, valid, ASCII_LETTERS.replace("X", "").replace("x", ""))
    yield from _unicode_digits(rng, valid)
    yield from _impossible_dates(rng)
    yield from _wrong_id_checks(valid)
    for value in valid[:100]:
        yield "separators", f"{value[:6]} {value[6:14]} {value[14:]}"
        yield "separators", f"{value[:6]}-{value[6:14]}-{value[14:]}"
        yield "legacy 15 digits", value[:6] + value[8:17]
    for value in ("", "   ", None, 0):
        yield "empty", value


def test_id_number_validator_refuses_10000_invalid_values():
    counts, accepted, bad = _run(validate_id_number, id_oracle_invalid, _id_candidates())
    kinds = [
        "substitution", "adjacent transposition", "jump transposition", "too short",
        "too long", "random string", "letter", "full-width digits", "other unicode digits",
        "impossible birth date", "wrong check character", "separators", "legacy 15 digits",
    ]  # fmt: skip
    _check_report("ID number", counts, accepted, bad, kinds)


@pytest.mark.parametrize("region", ["000000", "999999", "379999", "370599", "990101", "449999"])
def test_id_number_with_unknown_region_is_refused_in_chinese(region):
    # 379999 and 370599: a known province with no such county once crashed stdnum (KeyError).
    body = f"{region}19900101123"
    with pytest.raises(InvalidInput) as info:
        validate_id_number(body + id_check_char(body))
    assert "地区代码" in info.value.message


def test_id_number_born_after_county_was_abolished_is_refused():
    # 370521 垦利县 became 370505 垦利区 in 2016: a child born in 2017 cannot carry it.
    body = "37052120170101123"
    with pytest.raises(InvalidInput):
        validate_id_number(body + id_check_char(body))


@st.composite
def id_numbers(draw):
    region = draw(st.sampled_from(ID_REGIONS))
    birth = draw(st.dates(datetime.date(1935, 1, 1), datetime.date(2015, 12, 31)))
    body = f"{region}{birth:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    return body + id_check_char(body)


@HYPOTHESIS
@given(id_numbers(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_any_single_substitution_of_an_id_number_is_refused(number, position, char):
    if position < 17 and char == "X":
        char = "5"
    changed = number[:position] + char + number[position + 1 :]
    if changed == number:
        assert validate_id_number(changed) == number
        return
    assert id_oracle_invalid(changed)
    with pytest.raises(InvalidInput) as info:
        validate_id_number(changed)
    assert CJK.search(info.value.message)


@HYPOTHESIS
@given(
    st.one_of(
        st.text(max_size=24),
        st.from_regex(r"[0-9]{17}[0-9Xx]", fullmatch=True),
        st.from_regex(r"[1-8][0-9]{5}(19|20)[0-9]{9}[0-9X]", fullmatch=True),
    )
)
def test_id_number_validator_answers_any_text_in_chinese(text):
    # Anything the oracle calls invalid is refused; the rest is either accepted or
    # refused (unknown county), never a crash.
    try:
        result = validate_id_number(text)
    except InvalidInput as exc:
        assert CJK.search(exc.message)
    else:
        assert not id_oracle_invalid(text)
        assert result == text.strip().upper()


# --- Unified social credit codes (GB 32100) --------------------------------------------


def _uscc_alphabet_at(i):
    if i == 0:
        return USCC_AUTHORITIES
    return "0123456789" if i < 8 else USCC_ALPHABET


def _wrong_uscc_checks(valid):
    for value in valid:
        for char in USCC_ALPHABET:
            if char != value[17]:
                yield "wrong check character", value[:17] + char


def _wrong_org_checks(valid):
    # The GB 32100 check is right; only the embedded GB 11714 check is wrong.
    for value in valid:
        for char in "0123456789X":
            if char != value[16]:
                body = value[:16] + char
                yield "wrong organisation-code check", body + uscc_check_char(body)


def _bad_structure(rng, valid):
    # Checks recomputed, so only the structure is wrong.
    for value in valid:
        head = rng.choice([c for c in USCC_ALPHABET if c not in USCC_AUTHORITIES])
        org = value[8:16]
        body = head + value[1:16] + org_check_char(org)
        yield "bad registration authority", body + uscc_check_char(body)
        i = rng.randrange(1, 8)
        body = value[:i] + rng.choice("ABCDEFGHJKLMNPQRTUWXY") + value[i + 1 : 17]
        yield "letter in region part", body + uscc_check_char(body)


def _forbidden_letters(rng, valid):
    for value in valid:
        for _ in range(4):
            i = rng.randrange(8, 18)
            yield "forbidden letter (I O S V Z)", value[:i] + rng.choice("IOSVZ") + value[i + 1 :]


def _random_codes(rng, n):
    for _ in range(n):
        body = "".join(rng.choice(USCC_ALPHABET) for _ in range(18))
        yield "random code", body


def _uscc_candidates():
    rng = random.Random(SEED)
    valid = valid_usccs(300, SEED)
    yield from _substitutions(rng, valid, _uscc_alphabet_at, 10)
    yield from _transpositions(valid)
    yield from _lengths(rng, valid, USCC_ALPHABET)
    yield from _randoms(rng, 1500, 25)
    yield from _random_codes(rng, 1500)
    yield from _forbidden_letters(rng, valid)
    yield from _unicode_digits(rng, valid)
    yield from _wrong_uscc_checks(valid)
    yield from _wrong_org_checks(valid)
    yield from _bad_structure(rng, valid)
    for value in valid[:100]:
        yield "lowercase with wrong check", value[:17].lower() + ("0" if value[17] != "0" else "1")
    for value in ("", "   ", None, 0):
        yield "empty", value


def test_uscc_validator_refuses_10000_invalid_values():
    counts, accepted, bad = _run(validate_uscc, uscc_oracle_invalid, _uscc_candidates())
    kinds = [
        "substitution", "adjacent transposition", "jump transposition", "too short",
        "too long", "random string", "random code", "forbidden letter (I O S V Z)",
        "full-width digits", "wrong check character", "wrong organisation-code check",
        "bad registration authority", "letter in region part",
    ]  # fmt: skip
    _check_report("USCC", counts, accepted, bad, kinds)


@st.composite
def usccs(draw):
    body = uscc_body(random.Random(draw(st.integers(0, 2**32))))
    return body + uscc_check_char(body)


@HYPOTHESIS
@given(usccs(), st.integers(0, 17), st.sampled_from(USCC_ALPHABET + "IOSVZ"))
def test_any_single_substitution_of_a_uscc_is_refused(code, position, char):
    changed = code[:position] + char + code[position + 1 :]
    if changed == code:
        assert validate_uscc(changed) == code
        return
    assert uscc_oracle_invalid(changed)
    with pytest.raises(InvalidInput) as info:
        validate_uscc(changed)
    assert CJK.search(info.value.message)


@HYPOTHESIS
@given(
    st.one_of(
        st.text(max_size=24),
        st.text(alphabet=USCC_ALPHABET + "IOSVZ", min_size=18, max_size=18),
    )
)
def test_uscc_validator_agrees_with_the_oracle_on_any_text(text):
    try:
        result = validate_uscc(text)
    except InvalidInput as exc:
        assert CJK.search(exc.message)
        assert uscc_oracle_invalid(text)
    else:
        assert not uscc_oracle_invalid(text)
        assert result == text.strip().upper()


# --- Mobile phones ---------------------------------------------------------------------


def _wrong_prefixes(rng, n):
    for _ in range(n):
        first = rng.choice(["10", "11", "12", "0", "2", "3", "4", "5", "6", "7", "8", "9"])
        digits = first + "".join(rng.choice("0123456789") for _ in range(11 - len(first)))
        yield "wrong prefix", digits


def _bad_separators(rng, valid):
    for value in valid:
        sep = rng.choice("./_()*#,，")
        yield "bad separator", f"{value[:3]}{sep}{value[3:7]}{sep}{value[7:]}"
        yield (
            "foreign or malformed country code",
            rng.choice(["+852", "+853", "+886", "+1", "+44", "0086", "86", "+860", "++86", "+ 86"])
            + value,
        )


def _phone_candidates():
    rng = random.Random(SEED)
    valid = valid_phones(400, SEED)
    yield from _wrong_prefixes(rng, 2000)
    yield from _lengths(rng, valid, "0123456789")
    yield from _randoms(rng, 2000, 16)
    yield from _letters(rng, valid, ASCII_LETTERS, per_value=4)
    yield from _unicode_digits(rng, valid)
    yield from _bad_separators(rng, valid)
    for value in valid:
        yield "+86 then too short", "+86" + value[:-1]
        yield "+86 then wrong prefix", "+86" + "12" + value[2:]
        yield "substitution of 2nd digit", value[0] + rng.choice("012") + value[2:]
    for value in ("", "   ", "+86", None, 0):
        yield "empty", value


def test_phone_validator_refuses_10000_invalid_values():
    counts, accepted, bad = _run(validate_phone, phone_oracle_invalid, _phone_candidates())
    kinds = [
        "wrong prefix", "too short", "too long", "random string", "letter",
        "full-width digits", "other unicode digits", "bad separator",
        "foreign or malformed country code", "+86 then too short", "+86 then wrong prefix",
        "substitution of 2nd digit",
    ]  # fmt: skip
    _check_report("Phone", counts, accepted, bad, kinds)


@HYPOTHESIS
@given(
    st.one_of(
        st.text(max_size=20),
        st.from_regex(r"(\+86)?[ -]?1[0-9]{2}[ -]?[0-9]{3,5}[ -]?[0-9]{3,5}", fullmatch=True),
    )
)
def test_phone_validator_agrees_with_the_oracle_on_any_text(text):
    try:
        result = validate_phone(text)
    except InvalidInput as exc:
        assert CJK.search(exc.message)
        assert phone_oracle_invalid(text)
    else:
        assert not phone_oracle_invalid(text)
        assert re.fullmatch(r"1[3-9][0-9]{9}", result)
