"""Certificates and licences issued on an approved case, and their delivery."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.core.pii.freetext import PersonalTextField

from ..constants import CertificateKind, CertificateStatus, DeliveryMethod


class Certificate(models.Model):
    """A certificate or licence (or an industry's comprehensive licence, 一业一证).

    The PDF is rendered from these fields on request; ``pdf_sha256`` records the digest of
    the copy first issued. ``verify_token`` is the unguessable part of the public
    verification address the QR code points at.
    """

    number = models.CharField(_("证书编号"), max_length=40, unique=True)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("办件"), on_delete=models.PROTECT, related_name="certificates"
    )
    kind = models.CharField(
        _("证照类型"),
        max_length=20,
        choices=CertificateKind.choices,
        default=CertificateKind.LICENCE,
    )
    industry = models.ForeignKey(
        "catalog.Industry",
        verbose_name=_("行业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    title = models.CharField(_("证照名称"), max_length=200)
    holder_name = models.CharField(_("持证主体"), max_length=200)
    content = models.JSONField(_("证照内容"), default=list, blank=True)  # [[label, value], ...]
    issuer = models.CharField(_("发证机关"), max_length=200)
    issued_on = models.DateField(_("发证日期"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    verify_token = models.CharField(max_length=43, unique=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=CertificateStatus.choices,
        default=CertificateStatus.VALID,
    )
    revoked_reason = PersonalTextField(_("注销原因"), max_length=500, blank=True, default="")
    pdf_sha256 = models.CharField(_("PDF摘要"), max_length=64, blank=True, default="")
    elicence_code = models.CharField(_("电子证照标识"), max_length=64, blank=True, default="")
    elicence_pushed_at = models.DateTimeField(_("电子证照归集时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("证照")
        verbose_name_plural = _("证照")
        ordering = ["-issued_on", "-pk"]

    def __str__(self):
        return f"{self.title} {self.number}"


class Delivery(models.Model):
    """How the decision and certificate reach the applicant: at the window, by post, or
    电子送达 (``sent_at`` into the holder's 站内信; ``delivered_at`` is the holder's
    receipt, by ``recorded_by`` from ``receipt_ip``)."""

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("办件"), on_delete=models.CASCADE, related_name="delivery"
    )
    method = models.CharField(
        _("送达方式"), max_length=20, choices=DeliveryMethod.choices, default=DeliveryMethod.WINDOW
    )
    recipient = models.CharField(_("收件人"), max_length=100, blank=True, default="")
    address = PersonalTextField(_("邮寄地址"), max_length=300, blank=True, default="")
    courier = models.CharField(_("寄递企业"), max_length=50, blank=True, default="")
    tracking_number = models.CharField(_("运单号"), max_length=50, blank=True, default="")
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("电子送达发送时间"), null=True, blank=True)
    receipt_ip = models.GenericIPAddressField(_("签收地址"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("送达")
        verbose_name_plural = _("送达")

    def __str__(self):
        return f"{self.case} {self.get_method_display()}"
