"""Fixed assets (固定资产): the register, inventory counts (盘点) and reconciliations (对账)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.core.pii.freetext import PersonalTextField

from ..constants import ASSET_CATEGORIES, AssetStatus


class Asset(models.Model):
    number = models.CharField(_("资产编号"), max_length=30, unique=True)
    name = models.CharField(_("资产名称"), max_length=100)
    category_code = models.CharField(
        _("资产分类（GB/T 14885）"), max_length=7, choices=ASSET_CATEGORIES
    )
    purchased_on = models.DateField(_("购置日期"))
    price = models.DecimalField(_("原值（元）"), max_digits=14, decimal_places=2)
    expenditure = models.ForeignKey(
        "governance.Expenditure",
        verbose_name=_("关联支出"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assets",
    )
    contract = models.ForeignKey(
        "governance.Contract",
        verbose_name=_("关联合同"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assets",
    )
    custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("保管人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    location = models.CharField(_("存放地点"), max_length=100, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=AssetStatus.choices, default=AssetStatus.IN_USE
    )
    entered_on = models.DateField(_("入账日期"))

    class Meta:
        verbose_name = _("固定资产")
        verbose_name_plural = _("固定资产")
        ordering = ["number"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["purchased_on"])]

    def __str__(self):
        return f"{self.number} {self.name}"


class InventoryCount(models.Model):
    """A 盘点: labels scanned on a phone; found, missing and unexpected come from the scans."""

    title = models.CharField(_("盘点名称"), max_length=100)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("资产盘点")
        verbose_name_plural = _("资产盘点")
        ordering = ["-started_at"]

    def __str__(self):
        return self.title


class InventoryScan(models.Model):
    count = models.ForeignKey(InventoryCount, on_delete=models.CASCADE, related_name="scans")
    asset_number = models.CharField(_("资产编号"), max_length=30)
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scanned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("盘点扫码")
        verbose_name_plural = _("盘点扫码")
        constraints = [
            models.UniqueConstraint(fields=["count", "asset_number"], name="gov_scan_once")
        ]

    def __str__(self):
        return self.asset_number


class Reconciliation(models.Model):
    """A 对账 against the finance centre's ledger (核算中心), imported from Excel."""

    done_on = models.DateField(_("对账日期"))
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    original_name = models.CharField(_("文件名"), max_length=200)
    register_count = models.PositiveIntegerField(_("台账资产数"), default=0)
    ledger_count = models.PositiveIntegerField(_("核算中心资产数"), default=0)
    # [{"kind": "missing"|"extra"|"value"|"custodian", "number", "register", "ledger"}]
    differences = models.JSONField(_("差异"), default=list)
    note = PersonalTextField(_("说明"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("资产对账")
        verbose_name_plural = _("资产对账")
        ordering = ["-done_on", "-pk"]

    def __str__(self):
        return f"{self.done_on:%Y-%m-%d} {self.original_name}"
