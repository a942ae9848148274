"""Meetings (党组会议, 局长办公会, 支部委员会, 专题会议), their items, attendance and filings."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.core.pii.freetext import PersonalTextField

from ..constants import SANZHONG_KINDS, ItemKind, MeetingKind, MeetingStatus, Outcome, filing_days


class Meeting(models.Model):
    kind = models.CharField(_("会议类型"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("会议名称"), max_length=200)
    held_on = models.DateField(_("召开日期"))
    place = PersonalTextField(_("地点"), max_length=100, blank=True, single_line=True)
    chaired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("主持人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    minutes = PersonalTextField(_("会议纪要"), max_length=5000, blank=True)
    finalised_at = models.DateTimeField(_("定稿时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["kind", "held_on"])]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"


class Attendance(models.Model):
    """One member of the meeting's body: present or not (quorum counts these rows)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("成员"), on_delete=models.PROTECT, related_name="+"
    )
    present = models.BooleanField(_("出席"), default=True)

    class Meta:
        verbose_name = _("出席情况")
        verbose_name_plural = _("出席情况")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="gov_attendance_unique")
        ]

    def __str__(self):
        return str(self.person)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("议题顺序"))
    title = models.CharField(_("议题"), max_length=300)
    kind = models.CharField(_("议题类型"), max_length=20, choices=ItemKind.choices)
    expenditure = models.ForeignKey(
        "governance.Expenditure",
        verbose_name=_("关联支出"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    selection = models.ForeignKey(
        "governance.Selection",
        verbose_name=_("关联干部选拔"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    # 三重一大: filed with the resident discipline group (派驻纪检监察组) beforehand.
    filed_on = models.DateField(_("报备日期"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = PersonalTextField(_("决定"), max_length=2000, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("赞成"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("反对"), default=0)
    votes_abstain = models.PositiveSmallIntegerField(_("弃权"), default=0)
    present_count = models.PositiveSmallIntegerField(_("表决时出席人数"), default=0)
    member_count = models.PositiveSmallIntegerField(_("应到人数"), default=0)
    outcome = models.CharField(
        _("表决结果"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    decided_at = models.DateTimeField(_("表决时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("议题")
        verbose_name_plural = _("议题")
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="gov_item_order_unique")
        ]
        indexes = [models.Index(fields=["kind", "filed_on"])]

    def __str__(self):
        return f"{self.meeting.title} · {self.order}. {self.title}"

    @property
    def is_sanzhong(self) -> bool:
        return self.kind in SANZHONG_KINDS

    @property
    def filing_deadline(self):
        return self.meeting.held_on - timedelta(days=filing_days())

    @property
    def filed_in_time(self) -> bool | None:
        """None for an item that needs no filing; False is a breach (未按时报备)."""
        if not self.is_sanzhong:
            return None
        return self.filed_on is not None and self.filed_on <= self.filing_deadline


class FilingComment(models.Model):
    """The discipline officer's comment on a filed 三重一大 item."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = PersonalTextField(_("意见"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("报备意见")
        verbose_name_plural = _("报备意见")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d}"
