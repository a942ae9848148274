"""Valid ID numbers, credit codes and phones for tests, and an independent check oracle.

The check characters are computed here from the standards (GB 11643, GB 32100,
GB 11714), not with python-stdnum or onewindow.core.pii, so a test that uses them
does not just trust the code under test.

    from tests.core.pii_fixtures import valid_id_numbers, valid_phones, valid_usccs
"""

import datetime
import random

# GB 11643 (ISO 7064 MOD 11-2): weights for the 17 body digits, and the check character
# for each remainder of the weighted sum modulo 11.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_MAP = "10X98765432"

# GB 32100: 31-character alphabet (no I, O, S, V, Z) and the weights 3^i mod 31.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Registration authorities: 1 机构编制, 5 民政, 9 市场监管, N 农业农村, A 军队编制, Y 其他, ...
USCC_AUTHORITIES = "123456789ANY"

# GB 11714 organisation code: 8 characters valued 0-9, A=10 ... Z=35, then a check.
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# Counties whose codes are in use today (东营 first: the bureau's own district).
ID_REGIONS = (
    "370502",  # 东营区
    "370503",  # 河口区
    "370505",  # 垦利区 (2016-): older people carry it too, from a card issued later
    "370522",  # 利津县
    "370523",  # 广饶县
    "370102",  # 济南 历下区
    "370112",  # 济南 历城区
    "370202",  # 青岛 市南区
    "110101",  # 北京 东城区
    "110102",  # 北京 西城区
    "110105",  # 北京 朝阳区
    "110108",  # 北京 海淀区
    "120101",  # 天津 和平区
    "310101",  # 上海 黄浦区
    "310104",  # 上海 徐汇区
    "310115",  # 上海 浦东新区
    "320102",  # 南京 玄武区
    "330106",  # 杭州 西湖区
    "350203",  # 厦门 思明区
    "420106",  # 武汉 武昌区
    "430104",  # 长沙 岳麓区
    "440106",  # 广州 天河区
    "440304",  # 深圳 福田区
    "440305",  # 深圳 南山区
    "500103",  # 重庆 渝中区
    "510107",  # 成都 武侯区
    "610113",  # 西安 雁塔区
    "210102",  # 沈阳 和平区
    "230102",  # 哈尔滨 道里区
)

# Birth dates of the fixtures: real dates, none in the future.
_FIRST_BIRTH = datetime.date(1935, 1, 1)
_LAST_BIRTH = datetime.date(2015, 12, 31)


def id_check_char(body: str) -> str:
    """GB 11643 check character for a 17-digit body."""
    total = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True))
    return ID_CHECK_MAP[total % 11]


def uscc_check_char(body: str) -> str:
    """GB 32100 check character for a 17-character body: 31 - sum % 31, with 31 -> 0."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    check = 31 - total % 31
    return USCC_ALPHABET[0 if check == 31 else check]


def org_check_char(body: str) -> str:
    """GB 11714 check character for an 8-character organisation-code body."""
    total = sum(int(c, 36) * w for c, w in zip(body, ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def _unique(n: int, make) -> list[str]:
    seen: dict[str, None] = {}
    while len(seen) < n:
        seen[make()] = None
    return list(seen)


def id_body(rng: random.Random, region: str | None = None, birth: datetime.date | None = None):
    """17 digits: region, birth date YYYYMMDD, a 3-digit sequence."""
    region = region or rng.choice(ID_REGIONS)
    if birth is None:
        span = (_LAST_BIRTH - _FIRST_BIRTH).days
        birth = _FIRST_BIRTH + datetime.timedelta(days=rng.randint(0, span))
    return f"{region}{birth:%Y%m%d}{rng.randint(0, 999):03d}"


def valid_id_numbers(n: int, seed: int = 0) -> list[str]:
    """``n`` distinct valid 18-character ID numbers (real counties, real past dates)."""
    rng = random.Random(seed)

    def make():
        body = id_body(rng)
        return body + id_check_char(body)

    return _unique(n, make)


def uscc_body(rng: random.Random, head: str | None = None) -> str:
    """17 characters: authority and category, region, an organisation code with its check."""
    head = head or rng.choice(("91", "91", "91", "92", "93", "11", "12", "51", "52", "N2", "Y1"))
    org = "".join(rng.choice(USCC_ALPHABET) for _ in range(8))
    return head + rng.choice(ID_REGIONS) + org + org_check_char(org)


def valid_usccs(n: int, seed: int = 0) -> list[str]:
    """``n`` distinct valid unified social credit codes (GB 32100 and GB 11714 checks)."""
    rng = random.Random(seed)

    def make():
        body = uscc_body(rng)
        return body + uscc_check_char(body)

    return _unique(n, make)


def valid_phones(n: int, seed: int = 0) -> list[str]:
    """``n`` distinct mainland mobile numbers: 1, then 3-9, then 9 digits."""
    rng = random.Random(seed)
    return _unique(n, lambda: f"1{rng.choice('3456789')}{rng.randint(0, 10**9 - 1):09d}")


def _id_birth(number: str) -> datetime.date | None:
    try:
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def id_oracle_invalid(candidate) -> bool:
    """True when ``candidate`` is certainly not a valid ID number, judged without stdnum.

    False means "could be valid" (the county list is not reimplemented here); tests do
    not count those as invalid.
    """
    text = str(candidate).strip().upper()
    if len(text) != 18 or not text[:17].isascii() or not text[:17].isdigit():
        return True
    if text[17] not in "0123456789X" or id_check_char(text[:17]) != text[17]:
        return True
    birth = _id_birth(text)
    # A day of slack around today: the test and the server may disagree on the time zone.
    latest = datetime.date.today() + datetime.timedelta(days=1)
    return birth is None or not datetime.date(1900, 1, 1) <= birth <= latest


def uscc_oracle_invalid(candidate) -> bool:
    """True when ``candidate`` is not a valid unified social credit code."""
    text = str(candidate).strip().upper()
    if len(text) != 18 or any(c not in USCC_ALPHABET for c in text):
        return True
    if text[0] not in USCC_AUTHORITIES or not all(c in "0123456789" for c in text[1:8]):
        return True
    if text[16] not in "0123456789X" or org_check_char(text[8:16]) != text[16]:
        return True
    return uscc_check_char(text[:17]) != text[17]


def phone_oracle_invalid(candidate) -> bool:
    """True when ``candidate`` is not a mainland mobile number after removing spaces,
    hyphens and a leading +86."""
    text = "".join(c for c in str(candidate) if not c.isspace() and c != "-")
    if text.startswith("+86"):
        text = text[3:]
    return not (
        len(text) == 11
        and all(c in "0123456789" for c in text)
        and text[0] == "1"
        and text[1] in "3456789"
    )
