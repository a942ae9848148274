"""Work orders (诉求/工单): hotline, petitions, suggestions, complaints, CCTV requests and
the remedy orders that bad ratings open. The closed loop is in ``workflow.py``.

Limits differ in unit: an urgent order has hours (``due_at``), the others working days on a
``core.workdays`` clock (``clock``); ``due_at`` is kept for both so that one index sorts and
finds the overdue.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onewindow.core.pii.fields import EncryptedPersonalField
from onewindow.core.pii.freetext import PersonalTextField

from ..constants import (
    TEXT_MAX_LENGTH,
    CallbackResult,
    EscalationLevel,
    RatingLevel,
    WorkOrderKind,
    WorkOrderSource,
    WorkOrderStatus,
)

OPEN_STATUSES = (
    WorkOrderStatus.RECEIVED,
    WorkOrderStatus.DISPATCHED,
    WorkOrderStatus.HANDLING,
    WorkOrderStatus.RETURNED,
    WorkOrderStatus.REPLIED,
)


class WorkOrder(models.Model):
    number = models.CharField(_("工单编号"), max_length=32, unique=True)
    source = models.CharField(_("来源"), max_length=20, choices=WorkOrderSource.choices)
    kind = models.CharField(_("诉求类别"), max_length=20, choices=WorkOrderKind.choices)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=WorkOrderStatus.choices,
        default=WorkOrderStatus.RECEIVED,
        db_index=True,
    )
    subject = PersonalTextField(_("标题"), max_length=200, single_line=True)
    content = PersonalTextField(_("诉求内容"), max_length=TEXT_MAX_LENGTH)
    # The requester; phone stored encrypted and shown masked.
    requester_name = models.CharField(_("诉求人"), max_length=50, blank=True)
    requester_phone = EncryptedPersonalField(_("联系电话"), kind="phone", blank=True, default="")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("诉求人账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_orders",
    )
    is_real_name = models.BooleanField(_("实名"), default=False)
    external_number = models.CharField(_("来源单号"), max_length=50, blank=True)
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_orders",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_work_orders",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("相关办件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_orders",
    )
    window = models.ForeignKey(
        "org.Window",
        verbose_name=_("相关窗口"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_orders",
    )
    # Set for a remedy (差评整改) order: the bad rating it answers.
    rating = models.OneToOneField(
        "feedback.Rating",
        verbose_name=_("差评"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="remedy_order",
    )
    received_at = models.DateTimeField(_("受理时间"))
    clock = models.OneToOneField(
        "workdays.Clock",
        verbose_name=_("办理时限"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_at = models.DateTimeField(_("办理期限"))
    escalation = models.PositiveSmallIntegerField(
        _("督办级别"), choices=EscalationLevel.choices, default=EscalationLevel.NONE
    )
    verification = PersonalTextField(_("核实情况"), blank=True)
    reply = PersonalTextField(_("答复内容"), blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    # 回访: required before closing when the requester gave their name.
    callback_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    callback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回访人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    callback_result = models.CharField(
        _("回访结果"), max_length=20, choices=CallbackResult.choices, blank=True
    )
    callback_note = PersonalTextField(_("回访记录"), blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    # The requester's rating of how the order was handled (the loop's last step).
    satisfaction = models.PositiveSmallIntegerField(
        _("办理满意度"), choices=RatingLevel.choices, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("工单")
        verbose_name_plural = _("工单")
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(
                fields=["department", "due_at"],
                name="fb_order_open_due",
                condition=Q(status__in=[s.value for s in OPEN_STATUSES]),
            ),
            models.Index(fields=["source", "received_at"], name="fb_order_source_time"),
        ]

    def __str__(self):
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class WorkOrderEvent(models.Model):
    """The order's timeline: every step of the loop, each chase (督办) and each note."""

    order = models.ForeignKey(
        WorkOrder, verbose_name=_("工单"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("环节"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = PersonalTextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("工单流转记录")
        verbose_name_plural = _("工单流转记录")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.order_id} {self.action}"
