"""The service network: 六有一能 pilot assessments and the kiosks' tokens and transactions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.core.pii.freetext import PersonalTextField
from onewindow.org.constants import SITE_STANDARD_ITEMS

from ..constants import KioskAction, KioskStatus

STANDARD_CHOICES = [(code, label) for code, label in SITE_STANDARD_ITEMS]


class PilotRound(models.Model):
    """An assessment round of the standardisation pilots (e.g. 2020年第一轮)."""

    name = models.CharField(_("轮次名称"), max_length=60, unique=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    item_max_points = models.PositiveSmallIntegerField(_("每项满分"), default=10)

    class Meta:
        verbose_name = _("标准化试点评估轮次")
        verbose_name_plural = _("标准化试点评估轮次")
        ordering = ["-year", "name"]

    def __str__(self):
        return self.name


class PilotAssessment(models.Model):
    round = models.ForeignKey(
        PilotRound, verbose_name=_("轮次"), on_delete=models.PROTECT, related_name="assessments"
    )
    site = models.ForeignKey(
        "org.ServiceSite",
        verbose_name=_("试点站点"),
        on_delete=models.PROTECT,
        related_name="pilot_assessments",
    )
    assessed_on = models.DateField(_("评估日期"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评估人"), on_delete=models.PROTECT
    )
    score = models.DecimalField(_("得分（百分制）"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("标准化试点评估")
        verbose_name_plural = _("标准化试点评估")
        ordering = ["round", "-score"]
        constraints = [
            models.UniqueConstraint(fields=["round", "site"], name="hall_pilot_one_per_round")
        ]

    def __str__(self):
        return f"{self.round} {self.site}"


class PilotCheck(models.Model):
    """One of the seven 六有一能 points of an assessment: met, points and evidence."""

    assessment = models.ForeignKey(PilotAssessment, on_delete=models.CASCADE, related_name="checks")
    item = models.CharField(_("评估项"), max_length=20, choices=STANDARD_CHOICES)
    met = models.BooleanField(_("达标"), default=False)
    points = models.PositiveSmallIntegerField(_("得分"))
    evidence = PersonalTextField(_("佐证材料"), max_length=500, blank=True, default="")

    class Meta:
        verbose_name = _("六有一能评估项")
        verbose_name_plural = _("六有一能评估项")
        ordering = ["assessment", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="hall_pilot_check_item")
        ]

    def __str__(self):
        return self.get_item_display()


class KioskCredential(models.Model):
    """A kiosk's own token (only its SM3 digest is kept) and its reported status."""

    terminal = models.OneToOneField(
        "org.Terminal", on_delete=models.CASCADE, related_name="credential"
    )
    prefix = models.CharField(max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=KioskStatus.choices, default=KioskStatus.OFFLINE
    )
    issued_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("最近联机"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("自助终端令牌")
        verbose_name_plural = _("自助终端令牌")

    def __str__(self):
        return f"{self.terminal} {self.prefix}…"


class KioskTransaction(models.Model):
    terminal = models.ForeignKey(
        "org.Terminal", on_delete=models.PROTECT, related_name="transactions"
    )
    action = models.CharField(_("业务"), max_length=10, choices=KioskAction.choices)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    work_order = models.ForeignKey(
        "feedback.WorkOrder", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("自助终端业务")
        verbose_name_plural = _("自助终端业务")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.terminal} {self.get_action_display()}"
