"""Study (理论学习中心组) and party life (三会一课, volunteer activities)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.core.pii.freetext import PersonalTextField

from ..constants import PartyLifeKind, StudyKind


class StudyTopic(models.Model):
    year = models.PositiveSmallIntegerField(_("年度"))
    order = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("学习专题"), max_length=200)

    class Meta:
        verbose_name = _("学习专题")
        verbose_name_plural = _("学习专题")
        ordering = ["year", "order"]
        constraints = [models.UniqueConstraint(fields=["year", "order"], name="gov_topic_unique")]

    def __str__(self):
        return f"{self.year} · {self.title}"


class StudySession(models.Model):
    kind = models.CharField(_("形式"), max_length=20, choices=StudyKind.choices)
    topic = models.ForeignKey(
        StudyTopic,
        verbose_name=_("专题"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    title = models.CharField(_("主题"), max_length=200)
    held_on = models.DateField(_("日期"))
    attendance = models.PositiveIntegerField(_("参加人数"), default=0)
    notes = PersonalTextField(_("学习记录"), max_length=3000, blank=True)

    class Meta:
        verbose_name = _("中心组学习")
        verbose_name_plural = _("中心组学习")
        ordering = ["-held_on"]

    def __str__(self):
        return self.title


class PartyLifeMeeting(models.Model):
    kind = models.CharField(_("类型"), max_length=20, choices=PartyLifeKind.choices)
    title = models.CharField(_("主题"), max_length=200)
    held_on = models.DateField(_("日期"))
    attendance = models.PositiveIntegerField(_("参加人数"), default=0)

    class Meta:
        verbose_name = _("三会一课")
        verbose_name_plural = _("三会一课")
        ordering = ["-held_on"]

    def __str__(self):
        return self.title


class VolunteerActivity(models.Model):
    title = models.CharField(_("活动名称"), max_length=200)
    held_on = models.DateField(_("日期"))
    participants = models.PositiveIntegerField(_("参加人数"), default=0)

    class Meta:
        verbose_name = _("志愿服务活动")
        verbose_name_plural = _("志愿服务活动")
        ordering = ["-held_on"]

    def __str__(self):
        return self.title
