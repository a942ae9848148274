"""The progress report (整改进展情况的通报): leaders' narrative around computed counts.

The counts are never stored as typed text: ``snapshot`` keeps what the ledger said at
publication so the public page does not change when the ledger later does.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.core.pii.freetext import PersonalJSONField, PersonalTextField

from ..constants import PUBLISHED_CONTACT_KEYS, TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, ReportStatus


class ProgressReport(models.Model):
    inspection = models.ForeignKey(
        "rectification.Inspection",
        verbose_name=_("巡察"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    title = PersonalTextField(_("标题"), max_length=TITLE_MAX_LENGTH, single_line=True)
    # Narrative parts leaders edit: {"opening_extra", "work_done", "next_steps", "contact", ...}
    narrative = PersonalJSONField(
        _("叙述部分"), default=dict, blank=True, exempt=PUBLISHED_CONTACT_KEYS
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    snapshot = models.JSONField(_("发布时内容"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("起草时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    slug = models.SlugField(_("公开地址"), max_length=40, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("整改进展情况通报")
        verbose_name_plural = _("整改进展情况通报")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title


class ReportFeedback(models.Model):
    """A member of the public's feedback on a published report; it opens a work order."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("通报"), on_delete=models.PROTECT, related_name="feedback"
    )
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    content = PersonalTextField(_("意见建议"), max_length=TEXT_MAX_LENGTH)
    work_order = models.OneToOneField(
        "feedback.WorkOrder",
        verbose_name=_("工单"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_feedback",
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("通报意见反馈")
        verbose_name_plural = _("通报意见反馈")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.content[:40]
