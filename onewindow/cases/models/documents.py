"""The applicant's material library: a file given once is reused by later cases."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def document_path(instance, filename):
    # Generated names only: the applicant's file name never reaches the file system.
    return f"case-documents/{instance.sha256[:2]}/{instance.sha256}-{instance.token}"


class ApplicantDocument(models.Model):
    """One uploaded file of one standard material type, owned by an applicant."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("所有人"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    material_type = models.ForeignKey(
        "catalog.MaterialType",
        verbose_name=_("标准材料"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    file = models.FileField(_("文件"), upload_to=document_path, max_length=200)
    token = models.CharField(max_length=32, unique=True)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)

    class Meta:
        verbose_name = _("申请人材料")
        verbose_name_plural = _("申请人材料")
        ordering = ["-uploaded_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "material_type"], name="cases_document_owner_type")
        ]

    def __str__(self):
        return self.original_name
