"""Forgotten password (忘记密码): an applicant resets it with a code sent to their phone.

The applicant gives their account name on the public page. When it names an active
personal or enterprise account with a phone number, a one-time code goes out through the
notify backends (SMS, or email when that is the account's channel; the console in the
demo). The page answers alike whether or not the account exists, and every request is
audited.

The code is an activation code (activation.py) issued by nobody and valid for
RESET_MINUTES: the applicant sets the new password on the confirm page with their account
name, the code and the last 4 characters of their ID number or credit code, so the
wrong-answer counting (void after MAX_ATTEMPTS), the address throttle and the sign-out of
every session apply unchanged. A requested code voids only earlier requested codes, never
a slip a window clerk printed, so a stranger who knows an account name cannot spoil it.

Two limits stop the page being used to flood someone's phone: per client address
(ADDRESS_LIMIT an hour, refused with a 429) and per account (ACCOUNT_LIMIT codes an hour;
past it nothing is sent, and the page still gives its usual answer).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core import audit, throttle
from onewindow.core.notify import notify

from .activation import ALPHABET, CODE_LENGTH, PUBLIC_KINDS, _digest, grouped
from .models import ActivationCode, User

RESET_MINUTES = 15
ADDRESS_PREFIX = "accounts:reset:address"
ADDRESS_LIMIT = 10
ACCOUNT_PREFIX = "accounts:reset:account"
ACCOUNT_LIMIT = 3
WINDOW_SECONDS = 3600

REQUEST = "account.password_reset_request"
EVENT = "account.password_reset"


def request_reset(username, request=None) -> None:
    """Send a reset code to the named account's phone if there is one; never says which."""
    throttle.take(
        ADDRESS_PREFIX,
        request,
        limit=ADDRESS_LIMIT,
        seconds=WINDOW_SECONDS,
        message=_("尝试次数过多，请一小时后再试。"),
    )
    username = str(username or "").strip()[:150]
    user = (
        User.objects.filter(username__iexact=username, kind__in=PUBLIC_KINDS, is_active=True)
        .exclude(phone_index="")
        .first()
        if username
        else None
    )
    with transaction.atomic():
        if user is None:
            audit.record(
                REQUEST,
                result="failure",
                object_type="accounts.user",
                object_id=username,
                summary=username,
                request=request,
            )
            return
        if throttle.hit(f"{ACCOUNT_PREFIX}:{user.pk}", WINDOW_SECONDS) > ACCOUNT_LIMIT:
            audit.record(
                REQUEST,
                result="failure",
                obj=user,
                after={"sent": False, "reason": "account_limit"},
                request=request,
                summary=_("找回密码请求过于频繁，未发送验证码"),
            )
            return
        _send_code(user, request)


def _send_code(user, request) -> None:
    now = timezone.now()
    ActivationCode.objects.filter(user=user, issued_by=None, used_at=None, voided_at=None).update(
        voided_at=now
    )
    code = "".join(secrets.choice(ALPHABET) for _i in range(CODE_LENGTH))
    reset = ActivationCode.objects.create(
        user=user,
        digest=_digest(user.pk, code),
        issued_by=None,
        issued_at=now,
        expires_at=now + timedelta(minutes=RESET_MINUTES),
    )
    notify(
        user,
        subject=_("找回密码验证码"),
        body=_(
            "您正在找回一窗通账号 %(username)s 的密码，验证码 %(code)s，%(minutes)s分钟内有效。"
            "如非本人操作，请忽略本消息，不要把验证码告诉任何人。"
        )
        % {"username": user.username, "code": grouped(code), "minutes": RESET_MINUTES},
        event=EVENT,
        obj=user,
        channels=("sms", "email"),
        security=True,  # a reset code arrives whatever the 通知设置 say (decision 0048)
    )
    audit.record(
        REQUEST,
        obj=user,
        after={"sent": True, "code": reset.pk, "expires_at": reset.expires_at},
        request=request,
        summary=_("发送找回密码验证码 %(username)s") % {"username": user.username},
    )
