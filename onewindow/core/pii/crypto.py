"""SM4-GCM encryption and HMAC-SM3 blind indexes for personal data at rest.

Keys come from settings (the environment): PII_ENCRYPTION_KEY (16 bytes, hex) and
PII_INDEX_KEY (32 bytes, hex). The stored form is ``v1:`` + base64(nonce | ciphertext | tag).
"""

import base64
import os
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

from .masking import Masked

_PREFIX = "v1:"
_NONCE_BYTES = 12
_TAG_BYTES = 16


@cache
def _key(name: str, length: int) -> bytes:
    try:
        key = bytes.fromhex(getattr(settings, name))
    except (AttributeError, TypeError, ValueError):
        raise ImproperlyConfigured(f"{name} 必须是十六进制字符串") from None
    if len(key) != length:
        raise ImproperlyConfigured(f"{name} 必须是 {length} 字节（{length * 2} 个十六进制字符）")
    return key


@receiver(setting_changed)
def _forget_keys(*, setting, **kwargs):
    # override_settings (tests) and key rotation must not keep serving the cached key.
    if setting in ("PII_ENCRYPTION_KEY", "PII_INDEX_KEY"):
        _key.cache_clear()


def _plain(value: str) -> str:
    # A Masked value's own text is the masked form: encrypting or indexing that would
    # silently store "138****5678", so use the full value it carries.
    return value.reveal() if isinstance(value, Masked) else str(value)


def sm4_gcm_encrypt(key: bytes, plaintext: bytes, nonce: bytes, aad: bytes = b"") -> bytes:
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(aad)
    return encryptor.update(plaintext) + encryptor.finalize() + encryptor.tag


def sm4_gcm_decrypt(key: bytes, data: bytes, nonce: bytes, aad: bytes = b"") -> bytes:
    ciphertext, tag = data[:-_TAG_BYTES], data[-_TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(aad)
    return decryptor.update(ciphertext) + decryptor.finalize()


def hmac_sm3(key: bytes, data: bytes) -> bytes:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize()


def sm3(data: bytes) -> bytes:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize()


def encrypt(value: str, kind: str) -> str:
    """Encrypt a personal-data value; ``kind`` is bound in as associated data."""
    nonce = os.urandom(_NONCE_BYTES)
    sealed = sm4_gcm_encrypt(
        _key("PII_ENCRYPTION_KEY", 16), _plain(value).encode(), nonce, kind.encode()
    )
    return _PREFIX + base64.b64encode(nonce + sealed).decode()


def decrypt(stored: str, kind: str) -> str:
    if not stored.startswith(_PREFIX):
        raise ValueError("unknown personal-data ciphertext version")
    raw = base64.b64decode(stored[len(_PREFIX) :])
    nonce, sealed = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
    return sm4_gcm_decrypt(_key("PII_ENCRYPTION_KEY", 16), sealed, nonce, kind.encode()).decode()


def blind_index(value: str, kind: str) -> str:
    """Deterministic HMAC-SM3 of the normalised value, for exact-match search."""
    return hmac_sm3(_key("PII_INDEX_KEY", 32), f"{kind}:{_plain(value)}".encode()).hex()


# Known answers checked at start-up (GB/T 32905 SM3 examples 1 and 2, GB/T 32907 SM4
# example 1, RFC 8998 appendix A.1 SM4-GCM), so a broken or substituted crypto library
# stops the server. A round trip alone would pass a cipher that does nothing.
_SM3_ABC = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
_SM3_ABCD16 = "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
_SM4_KEY = bytes.fromhex("0123456789abcdeffedcba9876543210")
_SM4_CIPHER = "681edf34d206965e86b3e94f536e4246"
_GCM_NONCE = bytes.fromhex("00001234567800000000abcd")
_GCM_AAD = bytes.fromhex("feedfacedeadbeeffeedfacedeadbeefabaddad2")
_GCM_PLAIN = bytes.fromhex("".join(c * 16 for c in "abcdefea"))  # AAAA...BBBB...
_GCM_SEALED = bytes.fromhex(
    "17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735"
    "d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d"
    "83de3541e4c2b58177e065a9bf7b62ec"
)


def self_test() -> None:
    if sm3(b"abc").hex() != _SM3_ABC or sm3(b"abcd" * 16).hex() != _SM3_ABCD16:
        raise ImproperlyConfigured("SM3 已知答案自检失败")
    encryptor = Cipher(algorithms.SM4(_SM4_KEY), modes.ECB()).encryptor()  # noqa: S305 - KAT only
    if (encryptor.update(_SM4_KEY) + encryptor.finalize()).hex() != _SM4_CIPHER:
        raise ImproperlyConfigured("SM4 已知答案自检失败")
    if sm4_gcm_encrypt(_SM4_KEY, _GCM_PLAIN, _GCM_NONCE, _GCM_AAD) != _GCM_SEALED:
        raise ImproperlyConfigured("SM4-GCM 已知答案自检失败")
    if sm4_gcm_decrypt(_SM4_KEY, _GCM_SEALED, _GCM_NONCE, _GCM_AAD) != _GCM_PLAIN:
        raise ImproperlyConfigured("SM4-GCM 自检失败")
    # The tag must be checked: a flipped bit has to be refused.
    tampered = bytes([_GCM_SEALED[0] ^ 1]) + _GCM_SEALED[1:]
    try:
        sm4_gcm_decrypt(_SM4_KEY, tampered, _GCM_NONCE, _GCM_AAD)
    except InvalidTag:
        pass
    else:
        raise ImproperlyConfigured("SM4-GCM 认证标签自检失败")
    # Keys must be present and well-formed before any request is served.
    _key("PII_ENCRYPTION_KEY", 16)
    _key("PII_INDEX_KEY", 32)
