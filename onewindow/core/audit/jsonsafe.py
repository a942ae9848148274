"""Make before/after values safe to store and to hash: plain JSON, personal data masked.

The result must read back from SQLite and PostgreSQL (jsonb) exactly as it was written,
or the chain would fail to verify: so no NUL characters, no lone surrogates, and no
float that a database would print differently (those become strings).
"""

import datetime
import decimal
import enum
import math
import uuid

from django.db import models
from django.utils.functional import Promise

from onewindow.core.pii.masking import mask_text

_MAX_DEPTH = 20


def clean_text(value, max_length: int | None = None) -> str:
    """A string that both databases store unchanged, with personal data masked."""
    text = ("" if value is None else str(value)).replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    text = mask_text(text)
    return text[:max_length] if max_length is not None else text


def _number(value):
    # Numbers can carry a phone or an ID number too (13812345678 as an int).
    masked = mask_text(str(value))
    return value if masked == str(value) else masked


def json_safe(value, _depth: int = 0):
    """Convert ``value`` to JSON types; strings (and keys) go through mask_text."""
    if _depth > _MAX_DEPTH:
        return clean_text(repr(value)[:200])
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):  # also Masked and TextChoices: their str() is safe
        return clean_text(value)
    if isinstance(value, enum.Enum):
        return json_safe(value.value, _depth + 1)
    if isinstance(value, int):
        return _number(int(value))
    if isinstance(value, float):
        text = repr(value)
        # jsonb prints 1e-05 as 0.00001 and refuses NaN: keep such values as text.
        if not math.isfinite(value) or "e" in text:
            return text
        return _number(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return clean_text(str(value))
    if isinstance(value, datetime.date | datetime.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return str(value)
    if isinstance(value, Promise):
        return clean_text(str(value))
    if isinstance(value, models.Model):
        return clean_text(str(value))
    if isinstance(value, dict):
        return {clean_text(k): json_safe(v, _depth + 1) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((json_safe(v, _depth + 1) for v in value), key=repr)
    if isinstance(value, list | tuple):
        return [json_safe(v, _depth + 1) for v in value]
    if isinstance(value, bytes | bytearray | memoryview):
        return f"<{len(value)} 字节>"
    return clean_text(str(value))
