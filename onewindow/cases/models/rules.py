"""Instant approval (秒批秒办) rules: per item, checks that approve with no person."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import InstantRuleKind


class InstantRule(models.Model):
    """One check of an item's instant approval; every active rule must pass."""

    item = models.ForeignKey(
        "catalog.ServiceItem",
        verbose_name=_("事项"),
        on_delete=models.CASCADE,
        related_name="instant_rules",
    )
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    kind = models.CharField(_("规则类型"), max_length=30, choices=InstantRuleKind.choices)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    message = models.CharField(_("不通过时的说明"), max_length=200, blank=True, default="")
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("秒批规则")
        verbose_name_plural = _("秒批规则")
        ordering = ["item", "order", "pk"]

    def __str__(self):
        return f"{self.item} · {self.get_kind_display()}"
