"""Expenditure requests and their signatures, contracts, milestones, payments, audit samples."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.core.pii.freetext import PersonalTextField

from ..constants import ExpenditureStatus


class Expenditure(models.Model):
    number = models.CharField(_("编号"), max_length=30, unique=True)
    purpose = PersonalTextField(_("支出事由"), max_length=500, single_line=True)
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2)
    department = models.ForeignKey(
        "org.Department", verbose_name=_("股室"), on_delete=models.PROTECT, related_name="+"
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    filed_on = models.DateField(_("申请日期"))
    is_asset_purchase = models.BooleanField(_("购置固定资产"), default=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=ExpenditureStatus.choices, default=ExpenditureStatus.HEAD
    )
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("支出申请")
        verbose_name_plural = _("支出申请")
        ordering = ["-filed_on", "-pk"]
        indexes = [models.Index(fields=["status", "filed_on"]), models.Index(fields=["filed_on"])]

    def __str__(self):
        return f"{self.number} {self.purpose}"


class ExpenditureSignature(models.Model):
    """One step of the chain signed (or sent back): who, in which capacity, when."""

    expenditure = models.ForeignKey(
        Expenditure, on_delete=models.CASCADE, related_name="signatures"
    )
    step = models.CharField(_("环节"), max_length=10, choices=ExpenditureStatus.choices)
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved = models.BooleanField(_("同意"))
    note = PersonalTextField(_("意见"), max_length=500, blank=True)
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("审批签字")
        verbose_name_plural = _("审批签字")
        ordering = ["signed_at", "pk"]

    def __str__(self):
        return self.get_step_display()


class Contract(models.Model):
    number = models.CharField(_("合同编号"), max_length=40, unique=True)
    title = models.CharField(_("合同名称"), max_length=200)
    counterparty_name = models.CharField(_("相对方"), max_length=200)
    amount = models.DecimalField(_("合同金额（元）"), max_digits=14, decimal_places=2)
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("终止日期"))
    obligations = PersonalTextField(_("主要义务"), max_length=3000, blank=True)
    expenditure = models.ForeignKey(
        Expenditure,
        verbose_name=_("关联支出"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("合同")
        verbose_name_plural = _("合同")
        ordering = ["-starts_on", "-pk"]

    def __str__(self):
        return f"{self.number} {self.title}"


class Milestone(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("履约节点"), max_length=200)
    due_on = models.DateField(_("约定日期"))
    amount = models.DecimalField(_("应付金额（元）"), max_digits=14, decimal_places=2)
    accepted_on = models.DateField(_("验收日期"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("履约节点")
        verbose_name_plural = _("履约节点")
        ordering = ["contract", "order"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "order"], name="gov_milestone_unique")
        ]

    def __str__(self):
        return f"{self.contract.number} · {self.title}"


class Payment(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="payments")
    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("支付金额（元）"), max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("支付日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("合同付款")
        verbose_name_plural = _("合同付款")
        ordering = ["paid_on", "pk"]

    def __str__(self):
        return f"{self.paid_on:%Y-%m-%d} {self.amount}"


class AuditSample(models.Model):
    """A quarter's random sample of expenditures for internal audit (内部审计抽查)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField(auto_now_add=True)
    population = models.PositiveIntegerField(_("总体数量"), default=0)

    class Meta:
        verbose_name = _("内部审计抽查")
        verbose_name_plural = _("内部审计抽查")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="gov_audit_sample_unique")
        ]

    def __str__(self):
        return f"{self.year}年第{self.quarter}季度"


class AuditSampleItem(models.Model):
    sample = models.ForeignKey(AuditSample, on_delete=models.CASCADE, related_name="items")
    expenditure = models.ForeignKey(Expenditure, on_delete=models.PROTECT, related_name="+")
    finding = PersonalTextField(_("审计发现"), max_length=2000, blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("抽查事项")
        verbose_name_plural = _("抽查事项")

    def __str__(self):
        return str(self.expenditure_id)
