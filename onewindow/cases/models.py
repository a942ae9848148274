"""Cases (办件). Minimal for now: a case and the catalogue version it was created under.

A case points at the exact ``ItemVersion`` (PROTECT): publishing a new version of the
item never changes what an existing case asks for.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .constants import CaseStatus, Channel


class Case(models.Model):
    number = models.CharField(_("办件编号"), max_length=32, unique=True)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    item_version = models.ForeignKey(
        "catalog.ItemVersion",
        verbose_name=_("事项版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    bundle = models.ForeignKey(
        "catalog.Bundle",
        verbose_name=_("一件事"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    channel = models.CharField(
        _("申请渠道"), max_length=20, choices=Channel.choices, default=Channel.ONLINE
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.DRAFT
    )
    form_data = models.JSONField(_("表单内容"), default=dict, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A case is for one item version, or for a bundle (一件事).
            models.CheckConstraint(
                condition=Q(item_version__isnull=False) | Q(bundle__isnull=False),
                name="cases_case_item_version_or_bundle",
            )
        ]

    def __str__(self):
        return self.number
