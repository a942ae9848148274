"""Cadre selection (干部选拔任用), in the order of the 条例. Confidential."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.core.pii.freetext import PersonalTextField

from ..constants import SelectionStep


class Selection(models.Model):
    title = models.CharField(_("选拔名称"), max_length=200)
    post_name = models.CharField(_("拟任职务"), max_length=200)
    step = models.PositiveSmallIntegerField(
        _("已完成环节"), choices=SelectionStep.choices, null=True, blank=True
    )
    notice_starts_on = models.DateField(_("公示开始"), null=True, blank=True)
    notice_workdays = models.PositiveSmallIntegerField(_("公示工作日数"), null=True, blank=True)
    notice_ends_on = models.DateField(_("公示截止"), null=True, blank=True)
    appointed_on = models.DateField(_("任职日期"), null=True, blank=True)
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("干部选拔任用")
        verbose_name_plural = _("干部选拔任用")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def next_step(self):
        current = self.step or 0
        return SelectionStep(current + 1) if current < SelectionStep.FILING else None


class Candidate(models.Model):
    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("人选"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_checked_on = models.DateField(_("人事档案审核日期"), null=True, blank=True)
    chosen = models.BooleanField(_("拟任人选"), default=True)

    class Meta:
        verbose_name = _("人选")
        verbose_name_plural = _("人选")
        constraints = [
            models.UniqueConstraint(fields=["selection", "person"], name="gov_candidate_unique")
        ]

    def __str__(self):
        return str(self.person)


class SelectionRecord(models.Model):
    """A step done: when, by whom, with what note."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="records")
    step = models.PositiveSmallIntegerField(_("环节"), choices=SelectionStep.choices)
    done_on = models.DateField(_("日期"))
    note = PersonalTextField(_("情况"), max_length=2000, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("选拔环节记录")
        verbose_name_plural = _("选拔环节记录")
        ordering = ["step"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "step"], name="gov_selection_step_once")
        ]

    def __str__(self):
        return self.get_step_display()


class Objection(models.Model):
    """An objection raised during the public notice; the appointment waits for its answer."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="objections")
    raised_on = models.DateField(_("反映日期"))
    content = PersonalTextField(_("反映内容"), max_length=2000)
    resolution = PersonalTextField(_("核查结果"), max_length=2000, blank=True)
    resolved_on = models.DateField(_("办结日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("公示期反映问题")
        verbose_name_plural = _("公示期反映问题")
        ordering = ["raised_on", "pk"]

    def __str__(self):
        return f"{self.raised_on:%Y-%m-%d}"
