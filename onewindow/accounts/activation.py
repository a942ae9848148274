"""Activation codes (账号开通码): how an applicant registered at the window sets a password.

A window clerk registers a person who applies at the hall (cases/window.py) or, after
checking their ID, re-issues a code for an existing public account (a forgotten
password). The clerk prints a slip with the username and an 8-character one-time code;
the applicant opens the public activation page and enters the username, the code, the
last 4 characters of their ID number or credit code (not printed on the slip) and a new
password.

Only a keyed digest of each code is stored, bound to its user, so a copy of the database
cannot be searched for codes. A wrong username, code or ID tail all get the same
answer; each wrong try counts against the person's live code (void after
MAX_ATTEMPTS) and against the client address (the shared cache throttle).
"""

from __future__ import annotations

import hmac
import secrets
import unicodedata
from datetime import timedelta

from axes.utils import reset as axes_reset
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from onewindow.core import audit, throttle
from onewindow.core.errors import DomainError, InvalidInput, PermissionDenied
from onewindow.core.pii import Masked

from . import tokens
from .constants import AccountKind, Role, TokenRevokeReason
from .models import ActivationCode, User
from .services import _password, end_sessions

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read off paper
CODE_LENGTH = 8
MAX_ATTEMPTS = 5
PUBLIC_KINDS = (AccountKind.CITIZEN, AccountKind.ENTERPRISE)
DIGEST_SALT = "onewindow.accounts.activation"
THROTTLE_PREFIX = "accounts:activate:failures"
THROTTLE_SECONDS = 3600
DEFAULT_MAX_FAILURES = 20
DEFAULT_DAYS = 7

ISSUE = "account.activation_issue"
ACTIVATE = "account.activate"
ACTIVATE_FAILED = "account.activate_failed"


class WrongAnswer(InvalidInput):
    """The one answer for an unknown username, a wrong code and a wrong ID tail."""

    def __init__(self):
        super().__init__(_("账号、开通码或证件号后四位不正确"))


def valid_days() -> int:
    return int(getattr(settings, "ACCOUNTS_ACTIVATION_DAYS", DEFAULT_DAYS))


def max_failures() -> int:
    return int(getattr(settings, "ACCOUNTS_ACTIVATION_MAX_FAILURES", DEFAULT_MAX_FAILURES))


def _ascii_upper(value, limit: int) -> str:
    """Letters and digits as typed, full-width ones (a Chinese input method's) made ASCII.

    Anything else (the group hyphen, spaces, Chinese text) is dropped, so every later
    comparison is between plain ASCII strings.
    """
    text = unicodedata.normalize("NFKC", str(value or "")).upper()
    return "".join(c for c in text if c.isascii() and c.isalnum())[:limit]


def normalise_code(value) -> str:
    """What the applicant typed, without the group hyphen, spaces or lower case."""
    return _ascii_upper(value, CODE_LENGTH * 2)


def grouped(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def _digest(user_pk, code: str) -> str:
    return salted_hmac(DIGEST_SALT, f"{user_pk}:{code}", algorithm="sha256").hexdigest()


def identity_tail(user) -> str:
    """The last 4 characters of the person's ID number or the enterprise's credit code."""
    value = user.uscc if user.kind == AccountKind.ENTERPRISE else user.id_number
    value = value.reveal() if isinstance(value, Masked) else str(value or "")
    return value[-4:].upper() if len(value) >= 4 else ""


@transaction.atomic
def issue_activation_code(clerk, user, request=None) -> tuple[str, ActivationCode]:
    """A new code for a public account, voiding its earlier unused ones; shown once."""
    if not getattr(clerk, "is_authenticated", False) or not clerk.has_role(Role.CLERK):
        raise PermissionDenied(_("仅窗口工作人员可以生成账号开通码"))
    if user is None or user.kind not in PUBLIC_KINDS or not user.is_active:
        raise InvalidInput(_("只能为个人或企业申请人的账号生成开通码"))
    now = timezone.now()
    ActivationCode.objects.filter(user=user, used_at=None, voided_at=None).update(voided_at=now)
    code = "".join(secrets.choice(ALPHABET) for _i in range(CODE_LENGTH))
    activation = ActivationCode.objects.create(
        user=user,
        digest=_digest(user.pk, code),
        issued_by=clerk,
        issued_at=now,
        expires_at=now + timedelta(days=valid_days()),
    )
    audit.record(
        ISSUE,
        actor=clerk,
        obj=user,
        after={"username": user.username, "expires_at": activation.expires_at},
        request=request,
        summary=_("生成账号开通码 %(username)s") % {"username": user.username},
    )
    return grouped(code), activation


def activate(username, code, id_tail, password, request=None) -> User:
    """Set the password of a window-registered account with its code; the user, or raise."""
    # Counted before the try; given back unless it was a wrong answer.
    key = throttle.take(
        THROTTLE_PREFIX,
        request,
        limit=max_failures(),
        seconds=THROTTLE_SECONDS,
        message=_("尝试次数过多，请一小时后再试。"),
    )
    with transaction.atomic():
        # A wrong try must be counted even though it fails: the error is raised only
        # after the transaction (attempts, audit) has committed.
        user, error = _activate(username, code, id_tail, password, request)
    if not isinstance(error, WrongAnswer):
        throttle.give_back(key)
    if error is not None:
        raise error
    return user


def _activate(username, code, tail, password, request) -> tuple[User | None, DomainError | None]:
    username = str(username or "").strip()[:150]
    code = normalise_code(code)
    tail = _ascii_upper(tail, 8)
    user = None
    if username:
        user = User.objects.filter(
            username__iexact=username, kind__in=PUBLIC_KINDS, is_active=True
        ).first()
    codes = (
        list(ActivationCode.objects.select_for_update().filter(user=user).order_by("-issued_at"))
        if user is not None
        else []
    )
    # Compute the digest even for an unknown user, so timing says little either way.
    digest = _digest(user.pk if user is not None else 0, code)
    match = next((c for c in codes if hmac.compare_digest(c.digest, digest)), None)
    expected = identity_tail(user) if user is not None else ""
    tail_ok = hmac.compare_digest(expected or "-", tail) and bool(expected)
    now = timezone.now()
    if match is None or not tail_ok:
        _count_attempt(codes, now)
        audit.record(
            ACTIVATE_FAILED,
            result="failure",
            object_type="accounts.user",
            object_id=username,
            summary=username,
            request=request,
        )
        return None, WrongAnswer()
    if match.used_at is not None:
        return None, InvalidInput(_("该开通码已使用过，请直接登录；忘记密码请到窗口重新办理"))
    if match.voided_at is not None:
        return None, InvalidInput(
            _("该开通码已失效（输错次数过多或已重新生成），请到窗口重新领取开通码")
        )
    if match.expires_at <= now:
        return None, InvalidInput(_("该开通码已过期，请到窗口重新领取开通码"))
    try:
        _password(password, user)
    except InvalidInput as exc:
        return None, InvalidInput(exc.message, field="password")
    if not ActivationCode.objects.filter(pk=match.pk, used_at=None, voided_at=None).update(
        used_at=now
    ):
        return None, InvalidInput(_("该开通码已使用过，请直接登录；忘记密码请到窗口重新办理"))
    user.set_password(password)
    user.must_change_password = False
    user.password_changed_at = now
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    # A re-issued code is a password reset: whoever held the old password is signed out
    # and loses the account's API tokens, and the account's login lockout (its failed
    # tries) ends, since the person has just proved who they are. A locked address stays
    # locked.
    end_sessions(user)
    tokens.revoke_all(user, TokenRevokeReason.PASSWORD_CHANGE, actor=user, request=request)
    axes_reset(username=user.username)
    audit.record(ACTIVATE, actor=user, obj=user, after={"code": match.pk}, request=request)
    return user, None


def _count_attempt(codes, now) -> None:
    """One more wrong try against the person's live code; void at MAX_ATTEMPTS."""
    live = next(
        (c for c in codes if c.used_at is None and c.voided_at is None and c.expires_at > now),
        None,
    )
    if live is None:
        return
    ActivationCode.objects.filter(pk=live.pk).update(attempts=F("attempts") + 1)
    ActivationCode.objects.filter(pk=live.pk, voided_at=None, attempts__gte=MAX_ATTEMPTS).update(
        voided_at=now
    )
