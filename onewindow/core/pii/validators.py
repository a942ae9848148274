"""Validators for ID numbers (GB 11643), credit codes (GB 32100) and mobile phones.

Each returns the normalised value or raises InvalidInput with a Chinese message.
"""

import datetime
import re

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum import numdb
from stdnum.cn import ric

from onewindow.core.errors import InvalidInput

# 17 ASCII digits and a digit or X. stdnum's own validate() is not used: an unknown
# county inside a known province makes it raise KeyError, and it refuses region codes
# newer than the birth year (see _region_known).
_ID_RE = re.compile(r"[0-9]{17}[0-9X]")
# 港澳台居民居住证 numbers use the ID format with these region codes.
_RESIDENCE_PERMIT_REGIONS = frozenset({"810000", "820000", "830000"})

# ASCII digits only: ``\d`` would also let full-width and other Unicode digits through.
_PHONE_RE = re.compile(r"1[3-9][0-9]{9}")

# Nobody holding an 18-character card was born before this.
_OLDEST_BIRTH_DATE = datetime.date(1900, 1, 1)

# GB 32100: 1 registration-authority character (1 机构编制, 5 民政, 9 市场监管, N 农业农村,
# A 军队编制, Y 其他, and the digits added later), 1 category digit, 6 region digits, the
# 9-character organisation code (GB 11714: 8 characters and a digit-or-X check), 1 check
# character. The alphabet leaves out I, O, S, V and Z.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_RE = re.compile(r"[1-9ANY][0-9]{7}[0-9A-HJ-NP-RTUW-Y]{8}[0-9X][0-9A-HJ-NP-RTUW-Y]")
_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _today() -> datetime.date:
    return timezone.localdate() if settings.USE_TZ else datetime.date.today()


def _region_known(number: str, birth_year: int) -> bool:
    """Whether the first six digits name a county that still existed in ``birth_year``.

    A card carries the code of the place that issued it, often years after the birth,
    so a county created later is fine (stdnum refuses it: everyone born in 东营区 before
    1983 would be turned away); one abolished before the birth is not.
    """
    region = number[:6]
    if region in _RESIDENCE_PERMIT_REGIONS:
        return True
    found = {k: v for _prefix, props in numdb.get("cn/loc").info(region) for k, v in props.items()}
    if "county" not in found:  # unknown code, or only the province matched
        return False
    for county in found["county"].split(","):
        if not county.startswith("["):
            return True
        end = county[1:].split("]", 1)[0].split("-")[1]
        if not end or int(end) >= birth_year:
            return True
    return False


def validate_id_number(value, field: str = "id_number") -> str:
    text = str(value or "").strip().upper()
    if not text:
        raise InvalidInput(_("请填写身份证号码"), field=field)
    # Only the 18-character form: first-generation 15-digit cards expired in 2013.
    if len(text) != 18:
        raise InvalidInput(_("身份证号码应为18位"), field=field)
    if not _ID_RE.fullmatch(text):
        raise InvalidInput(_("身份证号码格式不正确"), field=field)
    if ric.calc_check_digit(text) != text[17]:
        raise InvalidInput(_("身份证号码校验位不正确，请核对"), field=field)
    try:
        birth_date = ric.get_birth_date(text)
    except stdnum_errors.ValidationError:
        raise InvalidInput(_("身份证号码中的出生日期无效"), field=field) from None
    # A date that exists is not enough: nobody was born tomorrow.
    if not _OLDEST_BIRTH_DATE <= birth_date <= _today():
        raise InvalidInput(_("身份证号码中的出生日期无效"), field=field)
    if not _region_known(text, birth_date.year):
        raise InvalidInput(_("身份证号码中的地区代码无效"), field=field)
    return text


def _org_code_check(body: str) -> str:
    # GB 11714 values letters A=10 ... Z=35 (unlike the GB 32100 alphabet, which skips I, O...).
    total = sum(int(c, 36) * w for c, w in zip(body, _ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else str(check % 11)


def _uscc_check(body: str) -> str:
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(body, _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value, field: str = "uscc") -> str:
    text = str(value or "").strip().upper()
    if not text:
        raise InvalidInput(_("请填写统一社会信用代码"), field=field)
    if len(text) != 18:
        raise InvalidInput(_("统一社会信用代码应为18位"), field=field)
    # Own implementation: stdnum 2.2 neither checks the embedded organisation code nor
    # accepts the N (农村集体经济组织), A and Y registration authorities.
    if not _USCC_RE.fullmatch(text):
        raise InvalidInput(_("统一社会信用代码格式不正确"), field=field)
    if _uscc_check(text[:17]) != text[17]:
        raise InvalidInput(_("统一社会信用代码校验位不正确，请核对"), field=field)
    # A typo anywhere fails the check above; this catches a code made up to pass it.
    if _org_code_check(text[8:16]) != text[16]:
        raise InvalidInput(_("统一社会信用代码中的组织机构代码无效，请核对"), field=field)
    return text


def normalise_phone(value) -> str:
    text = re.sub(r"[\s-]", "", str(value or ""))
    if text.startswith("+86"):
        text = text[3:]
    return text


def validate_phone(value, field: str = "phone") -> str:
    text = normalise_phone(value)
    if not text:
        raise InvalidInput(_("请填写手机号码"), field=field)
    if not _PHONE_RE.fullmatch(text):
        raise InvalidInput(_("手机号码应为以1开头的11位数字"), field=field)
    return text
