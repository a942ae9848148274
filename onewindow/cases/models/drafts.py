"""The applicant's saved drafts (暂存): an online application not yet submitted.

A draft is not a case: it has no number, no clock and no staff ever sees it. It holds
what the applicant has typed so far, sealed like a case's form (``form_data``: ID numbers
and phones always SM4-GCM encrypted, free text when a number is typed into it, see
cases/form_data.py), the step reached, and the files already given, which are documents
of the applicant's material library stored by the intake service (``documents.store``).
It expires ``CASES_DRAFT_DAYS`` after its last save; ``purge_expired_drafts`` removes it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationDraft(models.Model):
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.CASCADE,
        related_name="application_drafts",
    )
    item_version = models.ForeignKey(
        "catalog.ItemVersion",
        verbose_name=_("事项版本"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    bundle = models.ForeignKey(
        "catalog.Bundle",
        verbose_name=_("一件事"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    step = models.PositiveSmallIntegerField(_("填写到第几步"), default=1)
    form_data = models.JSONField(_("表单内容"), default=dict, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("暂存时间"), auto_now=True)
    expires_at = models.DateTimeField(_("过期时间"), db_index=True)

    class Meta:
        verbose_name = _("申请草稿")
        verbose_name_plural = _("申请草稿")
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["applicant", "-updated_at"], name="cases_draft_applicant"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(item_version__isnull=False, bundle__isnull=True)
                | models.Q(item_version__isnull=True, bundle__isnull=False),
                name="cases_draft_item_or_bundle",
            )
        ]

    def __str__(self):
        return f"{self.applicant_id}:{self.pk}"


class DraftMaterial(models.Model):
    """A file already given on a draft: the applicant's library document for a material."""

    draft = models.ForeignKey(ApplicationDraft, on_delete=models.CASCADE, related_name="materials")
    material_type = models.ForeignKey(
        "catalog.MaterialType", on_delete=models.PROTECT, related_name="+"
    )
    document = models.ForeignKey(
        "cases.ApplicantDocument", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("草稿材料")
        verbose_name_plural = _("草稿材料")
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "material_type"], name="cases_draft_material_once"
            )
        ]

    def __str__(self):
        return f"{self.draft_id}:{self.material_type_id}"
