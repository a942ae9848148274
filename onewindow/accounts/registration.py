"""Public self-registration (网上注册) that does not say who is registered (decision 0011).

The registration page and API used to answer "该身份证号码已注册" to anyone who typed a
number, which let them test any ID number or credit code against the platform. Now:

- every field is checked first, and a field error (a bad check digit, a weak password, a
  login name in use) is shown as before, whatever the number: a login name is not personal
  data and names that are identity numbers are refused (services._username);
- then a new number makes the account, and a number that is registered already makes
  nothing; both get the same answer, a password is hashed on both paths (equal cost), and
  both send a text message: to the new account's phone ("you have registered"), or to the
  existing account's phone ("someone tried to register with your number; your login name is
  ..."), at most ``ACCOUNTS_REGISTRATION_NOTICES_PER_DAY`` of those per account;
- every submission counts against the client address (``ACCOUNTS_REGISTRATIONS_PER_HOUR``).

The answer says only what is true either way: the result went by text message to the phone
registered for that number; a new account signs in with what was just chosen, an earlier
one with its own login name.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core import audit, throttle
from onewindow.core.errors import Conflict, InvalidInput
from onewindow.core.notify import notify

from . import services
from .constants import AccountKind
from .models import User

THROTTLE_PREFIX = "accounts:register"
THROTTLE_SECONDS = 3600
NOTICE_PREFIX = "accounts:register:notice"
NOTICE_SECONDS = 24 * 3600
REGISTERED = "account.registered"
REGISTER_DUPLICATE = "account.register_duplicate"

BUILDERS = {
    AccountKind.CITIZEN: services.new_citizen,
    AccountKind.ENTERPRISE: services.new_enterprise,
}


def answer(kind: str) -> str:
    """The one answer to a registration that passed its checks, made or not."""
    if kind == AccountKind.ENTERPRISE:
        return _(
            "注册申请已受理，结果已通过短信发送到该统一社会信用代码登记的联系人手机。"
            "新注册的账号请用刚才设置的登录名和密码登录；如该信用代码以前注册过，"
            "请用原账号登录，忘记密码请带营业执照到政务服务大厅窗口重置。"
        )
    return _(
        "注册申请已受理，结果已通过短信发送到该身份证号码登记的手机。"
        "新注册的账号请用刚才设置的登录名和密码登录；如该身份证号码以前注册过，"
        "请用原账号登录，忘记密码请带身份证到政务服务大厅窗口重置。"
    )


def sign_up(kind: str, *, request=None, **fields) -> str:
    """Register a citizen or an enterprise from the public page or API; the answer to show.

    InvalidInput for a field that is wrong (nothing saved), Throttled past the address's limit.
    """
    throttle.take(
        THROTTLE_PREFIX,
        request,
        limit=int(settings.ACCOUNTS_REGISTRATIONS_PER_HOUR),
        seconds=THROTTLE_SECONDS,
        message=_("注册提交过于频繁，请一小时后再试。"),
    )
    if kind not in BUILDERS:
        raise InvalidInput(_("请选择个人或企业注册"))
    user = BUILDERS[kind](**fields)
    with transaction.atomic():
        holder = services.holder_of(user) or _create_unless_taken(user, fields["password"], request)
        if holder is None:
            _tell_new_account(user)
        else:
            make_password(fields["password"])  # the same work as a registration that is made
            _tell_holder(holder, user, request)
    return answer(kind)


def _create_unless_taken(user: User, password: str, request) -> User | None:
    """None when made; the holder when a concurrent registration took the number first."""
    try:
        with transaction.atomic():
            services.create_registered(user, password, request=request)
    except Conflict:
        holder = services.holder_of(user)
        if holder is None:  # it was the login name that was taken meanwhile
            raise InvalidInput(_("该登录名已被使用，请换一个"), field="username") from None
        return holder
    return None


def _tell_new_account(user: User) -> None:
    notify(
        user,
        subject=_("一窗通账号注册成功"),
        body=_(
            "您已注册一窗通账号，登录名：%(username)s。"
            "如非本人操作，请带身份证件到政务服务大厅窗口处理。"
        )
        % {"username": user.username},
        event=REGISTERED,
        obj=user,
    )


def _tell_holder(holder: User, attempt: User, request) -> None:
    audit.record(
        REGISTER_DUPLICATE,
        result="denied",
        obj=holder,
        after={"username": attempt.username},
        request=request,
        summary=_("有人使用已注册的证件号码申请注册，未予注册"),
    )
    key = f"{NOTICE_PREFIX}:{holder.pk}"
    if throttle.hit(key, NOTICE_SECONDS) > int(settings.ACCOUNTS_REGISTRATION_NOTICES_PER_DAY):
        return  # the owner has been told today: the form must not become a way to spam them
    notify(
        holder,
        subject=_("有人使用您的证件号码申请注册"),
        body=_(
            "%(time)s 有人使用您的证件号码申请注册一窗通账号，未予注册。"
            "您的登录名是 %(username)s。如是您本人，请直接用该账号登录，"
            "忘记密码请带证件到政务服务大厅窗口重置；如非本人操作，请注意保护个人信息。"
        )
        % {
            "time": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            "username": holder.username,
        },
        event=REGISTER_DUPLICATE,
        obj=holder,
    )
