"""Writes to accounts: registration, passwords, sessions, reveals of personal data.

Staff accounts, roles and disabling are in roles.py (with the approvals of admin_changes.py),
API tokens in tokens.py, activation codes in activation.py.

Each function is atomic, checks who may call it, and writes its audit event in the
same transaction. Bad input raises InvalidInput with every field's Chinese message.
"""

from django.contrib.auth import password_validation, update_session_auth_hash
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core import audit
from onewindow.core.audit.constants import PASSWORD_CHANGE, PII_REVEAL
from onewindow.core.errors import Conflict, InvalidInput, NotFound
from onewindow.core.pii import crypto, validate_id_number, validate_phone, validate_uscc

from . import tokens
from .constants import NOTIFY_SETTINGS, AccountKind, Role, TokenRevokeReason
from .models import User, UserRole, UserSession

USERNAME_MAX = 50
NAME_MAX = 100


class _Errors:
    """Collects field errors so the user sees every problem at once."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def check(self, field, func, *args):
        try:
            return func(*args)
        except InvalidInput as exc:
            self.errors.setdefault(field, []).append(exc.message)
        return None

    def add(self, field, message):
        self.errors.setdefault(field, []).append(str(message))

    def raise_if_any(self):
        if self.errors:
            first = next(iter(self.errors.values()))[0]
            raise InvalidInput(first, errors=self.errors)


def _required_text(value, label, limit):
    text = str(value or "").strip()
    if not text:
        raise InvalidInput(_("请填写%(label)s") % {"label": label})
    if len(text) > limit:
        raise InvalidInput(_("%(label)s不能超过%(n)d个字符") % {"label": label, "n": limit})
    return text


def _is_identity_number(text: str) -> bool:
    """An ID number, a mobile number or a credit code: personal or identifying, never a name."""
    for validate in (validate_id_number, validate_phone, validate_uscc):
        try:
            validate(text)
        except InvalidInput:
            continue
        return True
    return False


def _username(value):
    text = _required_text(value, _("登录名"), USERNAME_MAX)
    if not all(c.isalnum() or c in "._-@" for c in text) or not text.isascii():
        raise InvalidInput(_("登录名只能使用英文字母、数字和 . _ - @"))
    # A login name is shown in pages and logs unmasked, and "already in use" must say nothing
    # about who is registered (decision 0011): it cannot be an identity number.
    if _is_identity_number(text):
        raise InvalidInput(_("登录名不能使用身份证号码、手机号码或统一社会信用代码"))
    if User.objects.filter(username__iexact=text).exists():
        raise InvalidInput(_("该登录名已被使用，请换一个"))
    return text


def _password(value, user=None):
    if not value:
        raise InvalidInput(_("请设置密码"))
    try:
        password_validation.validate_password(value, user)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages)) from None
    return value


def _set_personal(user, *, phone=None, id_number=None):
    if phone is not None:
        user.phone, user.phone_index = phone, crypto.blind_index(phone, "phone")
    if id_number is not None:
        user.id_number = id_number
        user.id_number_index = crypto.blind_index(id_number, "id_number")


def _snapshot(user) -> dict:
    """The audit view of a user: never full personal data."""
    return {
        "username": user.username,
        "display_name": user.display_name,
        "kind": user.kind,
        "department": user.department_id,
        "phone": str(user.phone or ""),
        "id_number": str(user.id_number or ""),
        "uscc": user.uscc,
        "is_active": user.is_active,
        "roles": sorted(user.roles) if user.pk else [],
    }


def _create(user: User, password: str, roles, actor=None, request=None, action="account.create"):
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise Conflict(_("该证件号码或信用代码已注册，请直接登录或找回密码")) from None
    for role in roles:
        UserRole.objects.create(user=user, role=role, granted_by=actor)
    user.forget_roles()
    audit.record(action, actor=actor or user, obj=user, after=_snapshot(user), request=request)
    return user


def new_citizen(*, username, display_name, phone, id_number, password) -> User:
    """A citizen account checked field by field, not saved; InvalidInput with every message.

    Whether the ID number is registered already is not checked here: see ``holder_of``.
    """
    errors = _Errors()
    username = errors.check("username", _username, username)
    name = errors.check("display_name", _required_text, display_name, _("姓名"), 50)
    phone = errors.check("phone", validate_phone, phone)
    id_number = errors.check("id_number", validate_id_number, id_number)
    errors.check(
        "password", _password, password, User(username=username or "", display_name=name or "")
    )
    errors.raise_if_any()
    user = User(username=username, display_name=name, kind=AccountKind.CITIZEN)
    user.must_change_password = False  # they chose it themselves
    user.password_changed_at = timezone.now()
    _set_personal(user, phone=phone, id_number=id_number)
    return user


def new_enterprise(*, username, enterprise_name, uscc, contact_name, phone, password) -> User:
    """An enterprise account checked field by field, not saved (as ``new_citizen``)."""
    errors = _Errors()
    username = errors.check("username", _username, username)
    name = errors.check("enterprise_name", _required_text, enterprise_name, _("企业名称"), NAME_MAX)
    contact = errors.check("contact_name", _required_text, contact_name, _("联系人"), 50)
    phone = errors.check("phone", validate_phone, phone)
    code = errors.check("uscc", validate_uscc, uscc)
    errors.check(
        "password", _password, password, User(username=username or "", display_name=name or "")
    )
    errors.raise_if_any()
    user = User(
        username=username,
        display_name=name,
        kind=AccountKind.ENTERPRISE,
        uscc=code,
        contact_name=contact,
        must_change_password=False,
        password_changed_at=timezone.now(),
    )
    _set_personal(user, phone=phone)
    return user


def holder_of(user: User) -> User | None:
    """The account that already holds ``user``'s ID number or credit code, if any."""
    if user.kind == AccountKind.ENTERPRISE:
        return User.objects.filter(uscc=user.uscc).first() if user.uscc else None
    index = user.id_number_index
    return User.objects.filter(id_number_index=index).first() if index else None


REGISTRATION_ROLES = {AccountKind.CITIZEN: Role.CITIZEN, AccountKind.ENTERPRISE: Role.ENTERPRISE}


def create_registered(user: User, password: str, request=None) -> User:
    """Save a checked new citizen or enterprise account; Conflict if its number was taken."""
    role = REGISTRATION_ROLES[user.kind]
    return _create(user, password, [role], request=request, action="account.register")


def _refuse_holder(user: User) -> None:
    """For the window and the demo: staff who checked the person's papers are told plainly."""
    if holder_of(user) is None:
        return
    if user.kind == AccountKind.ENTERPRISE:
        raise InvalidInput(_("该统一社会信用代码已注册，请直接登录"), field="uscc")
    raise InvalidInput(_("该身份证号码已注册，请直接登录"), field="id_number")


@transaction.atomic
def register_citizen(*, username, display_name, phone, id_number, password, request=None) -> User:
    """A citizen registered by a window clerk or the demo loader (the public: registration.py)."""
    user = new_citizen(
        username=username,
        display_name=display_name,
        phone=phone,
        id_number=id_number,
        password=password,
    )
    _refuse_holder(user)
    return create_registered(user, password, request=request)


@transaction.atomic
def register_enterprise(
    *, username, enterprise_name, uscc, contact_name, phone, password, request=None
) -> User:
    """An enterprise registered by a window clerk or the demo loader."""
    user = new_enterprise(
        username=username,
        enterprise_name=enterprise_name,
        uscc=uscc,
        contact_name=contact_name,
        phone=phone,
        password=password,
    )
    _refuse_holder(user)
    return create_registered(user, password, request=request)


def end_sessions(user: User) -> int:
    """Delete every server-side session the user holds."""
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    deleted, _detail = Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    return deleted


@transaction.atomic
def change_password(user: User, *, old_password, new_password, request=None) -> None:
    if not user.check_password(old_password or ""):
        raise InvalidInput(_("原密码不正确"), field="old_password")
    if old_password == new_password:
        raise InvalidInput(_("新密码不能与原密码相同"), field="new_password")
    try:
        _password(new_password, user)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, field="new_password") from None
    user.set_password(new_password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    if request is not None:
        update_session_auth_hash(request, user)
    audit.record(PASSWORD_CHANGE, actor=user, obj=user, request=request)
    # A token copied before the change must not outlive the password it came with.
    tokens.revoke_all(user, TokenRevokeReason.PASSWORD_CHANGE, actor=user, request=request)


@transaction.atomic
def set_notification_channels(user: User, *, sms: bool, email: bool, request=None) -> None:
    """通知设置: SMS and email on or off; the 站内信 cannot be switched off.

    Email needs an address on the account. Security codes (password reset) go out
    whatever is chosen here (core/notify/delivery.py, decision 0048).
    """
    sms, email = bool(sms), bool(email)
    if email and not (user.email or "").strip():
        raise InvalidInput(_("账号未登记电子邮箱，不能开启电子邮件通知"), field="email")
    before = {"sms": user.notify_by_sms, "email": user.notify_by_email}
    after = {"sms": sms, "email": email}
    if before == after:
        return
    user.notify_by_sms, user.notify_by_email = sms, email
    user.save(update_fields=["notify_by_sms", "notify_by_email"])
    audit.record(NOTIFY_SETTINGS, actor=user, obj=user, before=before, after=after, request=request)


REVEALABLE = {"phone", "id_number"}
# Who may see another person's full ID number or phone: window staff checking identity.
REVEAL_ROLES = (Role.CLERK, Role.AGENT)


@transaction.atomic
def reveal_personal_data(actor: User, subject: User, field: str, request=None) -> str:
    """The full value of one personal-data field, for an allowed viewer, audited."""
    if field not in REVEALABLE:
        raise InvalidInput(_("不支持查看该字段"))
    if actor.pk != subject.pk and not actor.has_role(*REVEAL_ROLES):
        raise NotFound()
    value = getattr(subject, field)
    if not value:
        raise InvalidInput(_("该字段没有登记内容"))
    audit.record(
        PII_REVEAL,
        actor=actor,
        obj=subject,
        after={"field": field},
        request=request,
        summary=_("查看完整%(field)s") % {"field": subject._meta.get_field(field).verbose_name},
    )
    return value.reveal()


# The names callers already use; the token rules live in tokens.py.
issue_api_token = tokens.issue
revoke_api_token = tokens.revoke
