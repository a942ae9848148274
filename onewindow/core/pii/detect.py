"""Finding ID numbers and mobile numbers in free text, in the forms people type them.

One detector serves every place that must not show or keep these numbers in clear:
free-text fields (complaints, comments, narratives), the audit log, notifications and
log lines. It finds:

- 18-character resident ID numbers whose GB 11643 check character is right and whose
  birth date is real (and 15-digit first-generation numbers with a real birth date);
- mainland mobile numbers (11 digits from 13 to 19), also after +86 / 0086;

written with full-width digits, and with single spaces, dashes, dots or middle dots
between the digit groups (``138 1234 5678``, ``１３８－１２３４－５６７８``,
``370502 19900101 123X``). The check character keeps ordinary long numbers (order
numbers, amounts) from being taken for IDs; a number that follows ``<digit>.`` or is
followed by ``.<digit>`` is a decimal fraction (a task's run time ``0.13812345678``),
never a phone.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

ID = "id_number"
PHONE = "phone"

# Separators people put between digit groups (after full-width forms are folded).
_SEPARATORS = " \u00a0-\u2010\u2011\u2012\u2013\u2014.\u00b7\u30fb"
# A run of digits with at most one separator between two digits; an ID may end in X.
_SEP = f"[{re.escape(_SEPARATORS)}]"
_RUN = re.compile(rf"[0-9](?:{_SEP}?[0-9])*(?:{_SEP}?[Xx])?")

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_OLDEST_BIRTH = datetime.date(1900, 1, 1)
_LONGEST = 19  # characters: an ID and a letter after it; a phone with 0086 has 15


@dataclass(frozen=True)
class Found:
    """One number found in a text: ``text[start:end]`` is what the writer typed."""

    start: int
    end: int
    kind: str
    masked: str


@lru_cache(maxsize=512)
def _fold_char(char: str) -> str:
    # Full-width digits, X, plus, hyphen, dot and the ideographic space become their
    # ASCII forms; anything whose folded form is not one character stays as it is, so
    # positions in the folded text are positions in the original.
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


def fold(text: str) -> str:
    if text.isascii():
        return text
    return "".join(_fold_char(c) for c in text)


def _birth_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        born = datetime.date(year, month, day)
    except ValueError:
        return None
    return born if _OLDEST_BIRTH <= born <= datetime.date.today() else None


def is_id_number(digits: str) -> bool:
    """An 18-character ID with a right check character and a real birth date (or a
    15-digit first-generation one with a real birth date)."""
    if len(digits) == 18 and digits[:17].isdigit():
        total = sum(int(d) * w for d, w in zip(digits[:17], _ID_WEIGHTS, strict=True))
        if _ID_CHECK[total % 11] != digits[17].upper():
            return False
        born = _birth_date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
        return born is not None
    if len(digits) == 15 and digits.isdigit():
        born = _birth_date(1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))
        return born is not None
    return False


def _phone_part(digits: str) -> str | None:
    """The 11-digit mobile number in ``digits`` (with or without 86 / 0086), or None."""
    for prefix in ("", "86", "0086"):
        if len(digits) == 11 + len(prefix) and digits.startswith(prefix):
            number = digits[len(prefix) :]
            if number.isdigit() and number[0] == "1" and number[1] in "3456789":
                return number
    return None


def _mask_id(digits: str) -> str:
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def _mask_phone(number: str) -> str:
    return number[:3] + "****" + number[-4:]


def _groups(run: str, offset: int) -> list[tuple[int, int]]:
    """(start, end) of each digit group of a run, as positions in the text."""
    spans, start = [], None
    for i, char in enumerate(run):
        if char in _SEPARATORS:
            if start is not None:
                spans.append((offset + start, offset + i))
            start = None
        elif start is None:
            start = i
    spans.append((offset + start, offset + len(run)))
    return spans


def _is_fraction_edge(folded: str, position: int, step: int) -> bool:
    """Whether a dot at ``position`` joins a digit on the far side: 0.138..., ...678.5."""
    far = position + step
    return (
        0 <= position < len(folded)
        and folded[position] == "."
        and 0 <= far < len(folded)
        and folded[far].isdigit()
    )


def _match(folded: str, groups: list, i: int, j: int) -> Found | None:
    start, end = groups[i][0], groups[j][1]
    if _is_fraction_edge(folded, start - 1, -1) or _is_fraction_edge(folded, end, 1):
        return None
    digits = "".join(folded[a:b] for a, b in groups[i : j + 1])
    if is_id_number(digits):
        return Found(start, end, ID, _mask_id(digits))
    if digits[-1] in "Xx":  # not an ID's check character: a letter after the number
        digits, end = digits[:-1], end - 1
        if is_id_number(digits):
            return Found(start, end, ID, _mask_id(digits))
    number = _phone_part(digits)
    if number is None:
        return None
    # A country code the writer typed stays as typed ("+86 138****5678").
    prefix_digits, keep = len(digits) - 11, start
    while prefix_digits:
        if folded[keep].isdigit():
            prefix_digits -= 1
        keep += 1
    while folded[keep] in _SEPARATORS:
        keep += 1
    return Found(keep, end, PHONE, _mask_phone(number))


def find(text: str) -> list[Found]:
    """Every ID number and mobile number in ``text``, left to right, not overlapping."""
    text = "" if text is None else str(text)
    folded = fold(text)
    found = []
    for run in _RUN.finditer(folded):
        groups = _groups(run.group(), run.start())
        i = 0
        while i < len(groups):
            best = None
            width = 0
            for j in range(i, len(groups)):
                width += groups[j][1] - groups[j][0]
                if width > _LONGEST:
                    break
                best = _match(folded, groups, i, j) or best
            if best is None:
                i += 1
                continue
            found.append(best)
            i = next((k for k, g in enumerate(groups) if g[0] >= best.end), len(groups))
    return found


def mask_text(text) -> str:
    """``text`` with every number :func:`find` finds replaced by its masked form."""
    text = "" if text is None else str(text)
    if not any(c.isdigit() for c in text):
        return text
    pieces, last = [], 0
    for hit in find(text):
        pieces.append(text[last : hit.start])
        pieces.append(hit.masked)
        last = hit.end
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def contains_personal_data(text) -> bool:
    return bool(find(text))
