"""The audit log: append-only events chained with HMAC-SM3, and the chain's head.

Rows are written only by :func:`onewindow.core.audit.record`; database triggers
(see triggers.py) refuse UPDATE, DELETE and TRUNCATE, and ``verify_audit`` finds
any change made behind the triggers' back.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import constants as c


class AuditEvent(models.Model):
    id = models.BigAutoField(primary_key=True)
    # Position in the chain (1, 2, 3 ...), hashed with the event: a gap means a deleted
    # record, a repeat means a copied one. Unique, so a broken lock fails loudly.
    seq = models.PositiveBigIntegerField(_("链序号"), unique=True, editable=False)
    occurred_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    # No database constraint and no cascade: deleting a user must never touch this table.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(
        _("用户名称"), max_length=c.ACTOR_NAME_MAX_LENGTH, blank=True, default=""
    )
    action = models.CharField(_("操作"), max_length=c.ACTION_MAX_LENGTH, db_index=True)
    object_type = models.CharField(
        _("对象类型"), max_length=c.OBJECT_TYPE_MAX_LENGTH, blank=True, default=""
    )
    object_id = models.CharField(
        _("对象编号"), max_length=c.OBJECT_ID_MAX_LENGTH, blank=True, default=""
    )
    object_repr = models.CharField(
        _("对象"), max_length=c.OBJECT_REPR_MAX_LENGTH, blank=True, default=""
    )
    result = models.CharField(
        _("结果"), max_length=10, choices=c.Result.choices, default=c.Result.SUCCESS
    )
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    summary = models.TextField(_("摘要"), blank=True, default="")
    prev_hash = models.CharField(_("前一条哈希"), max_length=64, editable=False)
    hash = models.CharField(_("哈希"), max_length=64, editable=False)

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["-id"]
        # Only viewing exists: the admin and the pages never add, change or delete.
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_event_object_idx"),
        ]

    def __str__(self):
        return f"#{self.pk} {c.action_label(self.action)} {self.actor_name}".strip()

    @property
    def action_label(self) -> str:
        return c.action_label(self.action)


class AuditChainHead(models.Model):
    """The single row that says where the chain ends; locked to serialise appends.

    It lets ``verify_audit`` notice a deleted newest record, which no link could show.
    ``mac`` binds the three values to the audit key, so they cannot be rolled back by hand.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
    count = models.PositiveBigIntegerField(default=0)
    mac = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")
        default_permissions = ()
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="audit_chainhead_single_row"),
        ]

    def __str__(self):
        return f"{self.count} @ {self.last_id}"


class AuditPending(models.Model):
    """An event recorded while the chain head was busy, waiting to be chained.

    Written in the caller's transaction (so it commits or rolls back with the change it
    describes) without waiting for the head's lock; the chainer (services.chain_pending)
    appends it to the chain soon after, in order, in a batch with others, and deletes it.
    Holds the hashed fields but the position, which the chain gives it.
    """

    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(max_length=c.ACTOR_NAME_MAX_LENGTH, blank=True, default="")
    action = models.CharField(max_length=c.ACTION_MAX_LENGTH)
    object_type = models.CharField(max_length=c.OBJECT_TYPE_MAX_LENGTH, blank=True, default="")
    object_id = models.CharField(max_length=c.OBJECT_ID_MAX_LENGTH, blank=True, default="")
    object_repr = models.CharField(max_length=c.OBJECT_REPR_MAX_LENGTH, blank=True, default="")
    result = models.CharField(max_length=10, choices=c.Result.choices, default=c.Result.SUCCESS)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    summary = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("待入链审计事件")
        verbose_name_plural = _("待入链审计事件")
        default_permissions = ()

    def __str__(self):
        return f"{c.action_label(self.action)} {self.actor_name}".strip()
