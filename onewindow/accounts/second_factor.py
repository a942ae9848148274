"""The staff second factor (动态口令, TOTP): enrolling a device and checking a code.

Enrolment shows the device's secret once, so it must be the account's owner who asks:
the password is typed again (a stolen session alone cannot start an enrolment and read
the secret before the owner confirms). Each enrolment replaces any unconfirmed device,
an unconfirmed device expires after OTP_ENROLMENT_MINUTES, and confirming one deletes
the user's other devices, so a secret captured earlier is worth nothing.

Wrong passwords go through django-axes (authenticate), so they count towards the lockout
like failures at the login page; wrong codes count in django-otp's throttle. Both are
written outside any transaction that a refusal would roll back. Passing the second factor
gives the session a new key, so a cookie copied before it stays unverified.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from onewindow.core import audit
from onewindow.core.errors import Conflict, InvalidInput

from .constants import OTP_CONFIRM, OTP_ENROL
from .models import UserSession

DEVICE_NAME = "一窗通"


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user) -> TOTPDevice | None:
    """The unconfirmed device of the latest enrolment, while it has not expired."""
    since = timezone.now() - timedelta(minutes=settings.OTP_ENROLMENT_MINUTES)
    return (
        TOTPDevice.objects.filter(user=user, confirmed=False, created_at__gte=since)
        .order_by("-created_at", "-pk")
        .first()
    )


def start_enrolment(request, password: str) -> TOTPDevice:
    """A fresh unconfirmed device for the signed-in user, once they type their password."""
    user = request.user
    if confirmed_device(user) is not None:
        raise Conflict(_("已绑定动态口令，如需更换请联系安全管理员"))
    # Through the authentication backends, so django-axes counts a wrong password.
    checked = authenticate(request, username=user.get_username(), password=password or "")
    if checked is None or checked.pk != user.pk:
        raise InvalidInput(_("密码不正确"), field="password")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
        audit.record(OTP_ENROL, actor=user, obj=user, after={"device": device.pk}, request=request)
    return device


def _check_code(device: TOTPDevice, token: str) -> None:
    allowed, _detail = device.verify_is_allowed()
    if not allowed:
        raise InvalidInput(_("尝试过于频繁，请稍后再试"), field="token")
    # verify_token saves the throttle's count itself, before any refusal below.
    if not device.verify_token(token):
        raise InvalidInput(_("动态口令不正确或已过期"), field="token")


def confirm_enrolment(request, token: str) -> TOTPDevice:
    """Confirm the pending device with a code from it; the user's other devices go."""
    user = request.user
    device = pending_device(user)
    if device is None:
        raise InvalidInput(
            _("绑定已失效（超过%(n)d分钟或已重新开始），请重新输入密码开始绑定")
            % {"n": settings.OTP_ENROLMENT_MINUTES},
            field="token",
        )
    _check_code(device, token)
    with transaction.atomic():
        if not TOTPDevice.objects.filter(pk=device.pk, confirmed=False).update(confirmed=True):
            raise Conflict(_("绑定已完成或已失效，请刷新页面"))
        device.confirmed = True
        others = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()[0]
        audit.record(
            OTP_CONFIRM,
            actor=user,
            obj=user,
            after={"device": device.pk, "other_devices_deleted": others},
            request=request,
        )
    return device


def complete(request, device: TOTPDevice) -> None:
    """Mark the session verified, under a new session key.

    A session cookie taken before the second factor must not become a verified session
    when the owner passes it (as a login cycles the key against session fixation).
    """
    old_key = request.session.session_key
    otp_login(request, device)
    request.session.cycle_key()
    UserSession.objects.filter(session_key=old_key).update(session_key=request.session.session_key)


def verify(request, token: str) -> TOTPDevice:
    """The user's confirmed device, if ``token`` is a valid code from it."""
    device = confirmed_device(request.user)
    if device is None:
        raise InvalidInput(_("尚未绑定动态口令"), field="token")
    _check_code(device, token)
    return device
