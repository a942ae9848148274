"""The HMAC-SM3 hash chain: what is hashed, and how a stored chain is checked.

hash(n) = HMAC-SM3(AUDIT_HMAC_KEY, "onewindow-audit-v1" | prev_hash | canonical JSON of
event n). The id is left out because the hash is computed before the INSERT (rows cannot
be updated afterwards); ``seq``, the event's position, stands in for it.
"""

import datetime
import hmac as std_hmac
import ipaddress
import json
from functools import cache

from cryptography.hazmat.primitives import hashes, hmac
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

GENESIS = "0" * 64
_DOMAIN = b"onewindow-audit-v1\n"

# The hashed fields, in the order verify_audit reads them with values_list().
HASHED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_id",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "result",
    "ip_address",
    "before",
    "after",
    "summary",
)


@cache
def _key_from(hex_key: str) -> bytes:
    try:
        key = bytes.fromhex(hex_key)
    except ValueError:
        raise ImproperlyConfigured("AUDIT_HMAC_KEY 必须是十六进制字符串") from None
    if len(key) < 16:
        raise ImproperlyConfigured("AUDIT_HMAC_KEY 至少需要 16 字节（32 个十六进制字符）")
    return key


def _key() -> bytes:
    return _key_from(settings.AUDIT_HMAC_KEY)


def _mac(data: bytes) -> str:
    mac = hmac.HMAC(_key(), hashes.SM3())
    mac.update(_DOMAIN + data)
    return mac.finalize().hex()


def canonical_ip(value) -> str | None:
    """The form both databases give back (PostgreSQL's inet rewrites IPv6 text)."""
    if not value:
        return None
    try:
        ip = ipaddress.ip_address(str(value).split("/")[0].strip())
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.compressed


def _canonical_time(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).isoformat()


def canonical_payload(fields: dict) -> bytes:
    """The bytes hashed for one event; ``fields`` holds HASHED_FIELDS."""
    data = dict(fields)
    data["occurred_at"] = _canonical_time(data["occurred_at"])
    data["ip_address"] = canonical_ip(data["ip_address"])
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def event_hash(prev_hash: str, fields: dict) -> str:
    return _mac(prev_hash.encode("ascii") + b"\n" + canonical_payload(fields))


def head_mac(last_id: int, count: int, last_hash: str) -> str:
    return _mac(f"head\n{int(last_id)}\n{int(count)}\n{last_hash}".encode("ascii"))


def same(a: str, b: str) -> bool:
    return std_hmac.compare_digest(str(a), str(b))
