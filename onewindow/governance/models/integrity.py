"""Integrity (廉政): risk points and their evaluations, key posts, talks, warning education."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.core.pii.freetext import PersonalTextField

from ..constants import RiskLevel, TalkKind


class RiskPoint(models.Model):
    post_name = models.CharField(_("岗位"), max_length=100)
    process_name = models.CharField(_("环节"), max_length=100)
    description = PersonalTextField(_("风险描述"), max_length=1000)
    level = models.CharField(_("风险等级"), max_length=10, choices=RiskLevel.choices)
    controls = PersonalTextField(_("防控措施"), max_length=2000)
    measures = PersonalTextField(_("启动的工作措施"), max_length=1000, blank=True)
    evaluated_on = models.DateField(_("最近测评日期"))

    class Meta:
        verbose_name = _("廉政风险点")
        verbose_name_plural = _("廉政风险点")
        ordering = ["post_name", "process_name"]

    def __str__(self):
        return f"{self.post_name} · {self.process_name}"


class RiskEvaluation(models.Model):
    risk = models.ForeignKey(RiskPoint, on_delete=models.CASCADE, related_name="evaluations")
    evaluated_on = models.DateField(_("测评日期"))
    level_before = models.CharField(_("原等级"), max_length=10, choices=RiskLevel.choices)
    level_after = models.CharField(_("测评等级"), max_length=10, choices=RiskLevel.choices)
    note = PersonalTextField(_("测评意见"), max_length=1000, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("风险点测评")
        verbose_name_plural = _("风险点测评")
        ordering = ["-evaluated_on", "-pk"]

    def __str__(self):
        return f"{self.evaluated_on:%Y-%m-%d} {self.get_level_after_display()}"


class KeyPost(models.Model):
    """A person on a key post (资金、项目、审批等重点岗位): two integrity talks a year."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("人员"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    post_name = models.CharField(_("重点岗位"), max_length=100)
    since = models.DateField(_("任职起始"))

    class Meta:
        verbose_name = _("重点岗位人员")
        verbose_name_plural = _("重点岗位人员")

    def __str__(self):
        return f"{self.person} · {self.post_name}"


class Talk(models.Model):
    """A talk record (谈话记录). Confidential: see governance/permissions.py."""

    kind = models.CharField(_("谈话类型"), max_length=20, choices=TalkKind.choices)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("谈话人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("谈话对象"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    held_on = models.DateField(_("谈话日期"))
    content = PersonalTextField(_("谈话内容"), max_length=5000)
    # A record nearly identical to another one (the inspection found eight such): flagged.
    similar_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("雷同记录"),
    )
    similarity = models.DecimalField(
        _("相似度"), max_digits=4, decimal_places=3, null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("谈话记录")
        verbose_name_plural = _("谈话记录")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["subject", "kind", "held_on"])]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.get_kind_display()}"


class EducationSession(models.Model):
    """A warning-education session (警示教育) with its attendance."""

    title = models.CharField(_("主题"), max_length=200)
    held_on = models.DateField(_("日期"))
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("参加人员"), related_name="+", blank=True
    )
    attendance = models.PositiveIntegerField(_("参加人数"), default=0)

    class Meta:
        verbose_name = _("警示教育")
        verbose_name_plural = _("警示教育")
        ordering = ["-held_on"]

    def __str__(self):
        return self.title
