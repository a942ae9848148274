"""The signed string in a rating QR code: ``<key>:<signature>``, about 60 characters.

The key is a random id stored on the ``RatingToken`` row; the signature is django.core.signing's
HMAC-SHA256 of the key under this module's own salt, so a forged or altered code is refused
before the database is read. The signature carries no timestamp: the row holds the expiry
(in working days) and the use, and the same key always signs to the same string, so a receipt
printed again shows the same code.
"""

from __future__ import annotations

import secrets

from django.core import signing
from django.utils.translation import gettext as _

from onewindow.core.errors import InvalidInput

SALT = "onewindow.feedback.ratings.token"
# 12 random bytes: 16 URL-safe characters, 96 bits.
KEY_BYTES = 12
MAX_SIGNED_LENGTH = 100


def new_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT)


def sign(key: str) -> str:
    return _signer().sign(key)


def unsign(signed) -> str:
    """The key inside ``signed``; InvalidInput when it is forged, altered or malformed."""
    text = str(signed or "")
    if not text or len(text) > MAX_SIGNED_LENGTH:
        raise invalid()
    try:
        return _signer().unsign(text)
    except signing.BadSignature:
        raise invalid() from None


def invalid() -> InvalidInput:
    return InvalidInput(_("评价码无效，请扫描窗口或收件凭证上的二维码"), field="token")
