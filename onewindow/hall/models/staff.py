"""Window staff: performance assessment (绩效考核), training, the 党员示范岗 roster."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.core.pii.freetext import PersonalTextField

from ..constants import ReviewStatus, TrainingKind


class PerformanceIndicator(models.Model):
    """One indicator of the staff assessment, with its full marks (configurable)."""

    name = models.CharField(_("指标名称"), max_length=60, unique=True)
    max_points = models.PositiveSmallIntegerField(_("满分"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("绩效考核指标")
        verbose_name_plural = _("绩效考核指标")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name


class PerformanceReview(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("工作人员"),
        on_delete=models.PROTECT,
        related_name="performance_reviews",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    # {indicator id: points}
    scores = models.JSONField(_("各项得分"), default=dict)
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=2)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("考核人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = PersonalTextField(_("考核评语"), max_length=1000, blank=True, default="")
    status = models.CharField(
        _("状态"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.FINAL
    )
    finalised_at = models.DateTimeField(_("定稿时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("绩效考核")
        verbose_name_plural = _("绩效考核")
        ordering = ["-year", "-quarter", "-total"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "year", "quarter"], name="hall_review_one_per_quarter"
            )
        ]

    def __str__(self):
        return f"{self.user} {self.year}Q{self.quarter}"


class Training(models.Model):
    title = models.CharField(_("培训主题"), max_length=200)
    kind = models.CharField(_("类别"), max_length=20, choices=TrainingKind.choices)
    held_on = models.DateField(_("培训日期"))
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)
    venue_name = models.CharField(_("培训地点"), max_length=100, blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("参训人员"), related_name="trainings", blank=True
    )

    class Meta:
        verbose_name = _("培训")
        verbose_name_plural = _("培训")
        ordering = ["-held_on"]

    def __str__(self):
        return self.title


class PartyMember(models.Model):
    """党员示范岗: a party member of the hall, the window, where membership is held."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("党员"),
        on_delete=models.PROTECT,
        related_name="party_membership",
    )
    window = models.ForeignKey(
        "org.Window",
        verbose_name=_("示范岗窗口"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="party_members",
    )
    branch_name = models.CharField(_("组织关系所在党支部"), max_length=100)
    is_active = models.BooleanField(_("在岗"), default=True)

    class Meta:
        verbose_name = _("党员示范岗")
        verbose_name_plural = _("党员示范岗")
        ordering = ["window", "pk"]

    def __str__(self):
        return str(self.user)


class PartyActivity(models.Model):
    """An activity of the hall's functional party branch (功能型党支部)."""

    title = models.CharField(_("活动主题"), max_length=200)
    held_on = models.DateField(_("日期"))
    summary = PersonalTextField(_("活动内容"), blank=True, default="")
    attendees = models.ManyToManyField(
        PartyMember, verbose_name=_("参加党员"), related_name="activities", blank=True
    )

    class Meta:
        verbose_name = _("党支部活动")
        verbose_name_plural = _("党支部活动")
        ordering = ["-held_on"]

    def __str__(self):
        return self.title
