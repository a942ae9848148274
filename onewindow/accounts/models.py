"""Users, their roles, API tokens, activation codes and the sessions they hold."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onewindow.core.pii.fields import EncryptedPersonalField
from onewindow.core.pii.freetext import PersonalTextField

from .constants import (
    ADMIN_ROLES,
    AccountKind,
    AdminChangeKind,
    AdminChangeStatus,
    Role,
    TokenRevokeReason,
    TokenScope,
)

ADMIN_ROLE_CHOICES = [(r.value, r.label) for r in Role if r in ADMIN_ROLES]
GRANTABLE_ROLE_CHOICES = [(r.value, r.label) for r in Role if r not in ADMIN_ROLES]


class User(AbstractUser):
    first_name = None
    last_name = None

    display_name = models.CharField(_("姓名或名称"), max_length=100)
    kind = models.CharField(
        _("账号类别"), max_length=20, choices=AccountKind.choices, default=AccountKind.STAFF
    )
    # Personal data: encrypted at rest, masked when read, searchable by blind index.
    phone = EncryptedPersonalField(_("手机号码"), kind="phone", blank=True, default="")
    phone_index = models.CharField(max_length=64, blank=True, default="", db_index=True)
    id_number = EncryptedPersonalField(_("身份证号码"), kind="id_number", blank=True, default="")
    id_number_index = models.CharField(max_length=64, blank=True, default="", db_index=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, default="")
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True, default="")
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("所属部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    # One column for the three separated administrators: a user can hold at most one.
    admin_role = models.CharField(
        _("管理员角色"), max_length=20, choices=ADMIN_ROLE_CHOICES, blank=True, default=""
    )
    must_change_password = models.BooleanField(_("首次登录须修改密码"), default=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    # 通知设置: the external channels the person wants (the 站内信 is always on, and security
    # codes ignore these; see core/notify/delivery.py and decision 0048).
    notify_by_sms = models.BooleanField(_("短信通知"), default=True)
    notify_by_email = models.BooleanField(_("电子邮件通知"), default=True)

    objects = UserManager()

    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_index"],
                condition=~models.Q(id_number_index=""),
                name="accounts_user_unique_id_number",
            ),
            models.UniqueConstraint(
                fields=["uscc"], condition=~models.Q(uscc=""), name="accounts_user_unique_uscc"
            ),
        ]

    def __str__(self):
        return self.display_name or self.username

    @property
    def roles(self) -> set[str]:
        """Every role the user holds; cached on the instance for the request."""
        cached = getattr(self, "_roles_cache", None)
        if cached is None:
            cached = set(self.role_grants.values_list("role", flat=True)) if self.pk else set()
            if self.admin_role:
                cached.add(self.admin_role)
            self._roles_cache = cached
        return cached

    def has_role(self, *roles) -> bool:
        return self.is_active and bool(self.roles.intersection(roles))

    @property
    def is_department_staff(self) -> bool:
        return self.department_id is not None

    def forget_roles(self):
        self.__dict__.pop("_roles_cache", None)
        self._roles_cache = None


class UserRole(models.Model):
    """A business role granted to a user (the admin roles live on User.admin_role)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("角色"), max_length=30, choices=GRANTABLE_ROLE_CHOICES)
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(_("授予时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("用户角色")
        verbose_name_plural = _("用户角色")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="accounts_userrole_unique")
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SM3 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("用途"), max_length=60)
    prefix = models.CharField(max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    # Space-separated TokenScope values; tokens issued before scopes existed may only read.
    scopes = models.CharField(_("权限范围"), max_length=40, default=TokenScope.READ)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("有效期至"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.CharField(
        _("吊销原因"), max_length=20, choices=TokenRevokeReason.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split())

    @property
    def scope_labels(self) -> list[str]:
        return [TokenScope(s).label for s in TokenScope.values if s in self.scope_set]


class AdminChange(models.Model):
    """A change to an administrator waiting for a second administrator of another kind.

    Who asked, what, why and when; decided once (a conditional UPDATE from pending) by an
    administrator of another kind than the one who asked, never the asker nor the subject.
    """

    kind = models.CharField(_("变更类型"), max_length=10, choices=AdminChangeKind.choices)
    subject = models.ForeignKey(
        User, verbose_name=_("对象"), on_delete=models.PROTECT, related_name="admin_changes"
    )
    role = models.CharField(
        _("管理员角色"), max_length=20, choices=ADMIN_ROLE_CHOICES, blank=True, default=""
    )
    reason = PersonalTextField(_("申请理由"), max_length=200, single_line=True)
    requested_by = models.ForeignKey(
        User, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    # The asker's administrator role when asking: the approver must hold another one.
    requested_role = models.CharField(max_length=20, choices=ADMIN_ROLE_CHOICES)
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=AdminChangeStatus.choices,
        default=AdminChangeStatus.PENDING,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = PersonalTextField(
        _("审批意见"), max_length=200, single_line=True, blank=True, default=""
    )

    class Meta:
        verbose_name = _("管理员变更申请")
        verbose_name_plural = _("管理员变更申请")
        constraints = [
            # The same change cannot wait twice: a second request is a conflict, not a copy.
            models.UniqueConstraint(
                fields=["subject", "kind", "role"],
                condition=models.Q(status=AdminChangeStatus.PENDING),
                name="accounts_adminchange_one_pending",
            )
        ]

    def __str__(self):
        what = self.get_kind_display()
        if self.role:
            what = f"{what}（{self.get_role_display()}）"
        return f"{self.subject} · {what}"


class UserSession(models.Model):
    """Which server-side sessions a user holds, so logout-everywhere and disabling end them."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("登录会话")
        verbose_name_plural = _("登录会话")

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"


class ActivationCode(models.Model):
    """A one-time code a window clerk hands out so an applicant can set a password.

    Only a keyed digest of the code is kept (see activation.py); the code itself is
    printed once on the slip. Issuing a new code voids the earlier unused ones.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="activation_codes")
    digest = models.CharField(max_length=64)
    issued_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("有效期至"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("错误次数"), default=0)

    class Meta:
        verbose_name = _("账号开通码")
        verbose_name_plural = _("账号开通码")

    def __str__(self):
        return f"{self.user} · {self.issued_at:%Y-%m-%d %H:%M}"
