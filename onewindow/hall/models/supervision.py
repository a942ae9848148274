"""Attendance, patrols and their findings, notices (通报) and the quarterly assessment."""

from datetime import time

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.core.pii.freetext import PersonalTextField

from ..constants import (
    FindingKind,
    FindingSource,
    LeaveKind,
    LeaveStatus,
    NoticeKind,
    NoticeStatus,
    PatrolStatus,
)


class HallRules(models.Model):
    """The hall's configurable rules: one row (pk=1), the seed's values as defaults.

    Office hours decide late and left early; the weights (summing to 100) and the points
    deducted per event make the quarterly score (supervision.assessment); the queue's
    component loses points_wait per minute the window's average wait exceeds the threshold."""

    morning_start = models.TimeField(_("上午上班"), default=time(8, 30))
    morning_end = models.TimeField(_("上午下班"), default=time(12, 0))
    afternoon_start = models.TimeField(_("下午上班"), default=time(13, 30))
    afternoon_end = models.TimeField(_("下午下班"), default=time(17, 30))
    grace_minutes = models.PositiveSmallIntegerField(_("签到宽限（分钟）"), default=0)
    patrols_per_day = models.PositiveSmallIntegerField(_("每日巡查次数"), default=4)
    idle_minutes = models.PositiveSmallIntegerField(_("窗口无叫号提示（分钟）"), default=30)
    weight_attendance = models.PositiveSmallIntegerField(_("考勤权重"), default=30)
    weight_patrol = models.PositiveSmallIntegerField(_("巡查权重"), default=30)
    weight_rating = models.PositiveSmallIntegerField(_("好差评权重"), default=20)
    weight_overdue = models.PositiveSmallIntegerField(_("超期办件权重"), default=10)
    weight_complaint = models.PositiveSmallIntegerField(_("投诉权重"), default=10)
    # 排队等候: 0 keeps the seed's five components; a hall that weighs waiting gives it a
    # share of the 100 (docs/hall.md).
    weight_queue = models.PositiveSmallIntegerField(_("排队等候权重"), default=0)
    points_late = models.PositiveSmallIntegerField(_("迟到早退每次扣分"), default=5)
    points_absent = models.PositiveSmallIntegerField(_("缺勤每次扣分"), default=10)
    points_finding = models.PositiveSmallIntegerField(_("巡查问题每项扣分"), default=10)
    points_overdue = models.PositiveSmallIntegerField(_("超期办件每件扣分"), default=10)
    points_complaint = models.PositiveSmallIntegerField(_("投诉每件扣分"), default=10)
    wait_threshold_minutes = models.PositiveSmallIntegerField(
        _("平均等候时长上限（分钟）"), default=20
    )
    points_wait = models.PositiveSmallIntegerField(_("平均等候每超1分钟扣分"), default=2)

    class Meta:
        verbose_name = _("大厅督查规则")
        verbose_name_plural = _("大厅督查规则")

    def __str__(self):
        return str(_("大厅督查规则"))

    def weights(self) -> dict[str, int]:
        return {
            "attendance": self.weight_attendance,
            "patrol": self.weight_patrol,
            "rating": self.weight_rating,
            "overdue": self.weight_overdue,
            "complaint": self.weight_complaint,
            "queue": self.weight_queue,
        }


class AttendanceRecord(models.Model):
    """One staff member's day: clock-in and clock-out at a window, and what they show."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("工作人员"),
        on_delete=models.PROTECT,
        related_name="attendance",
    )
    window = models.ForeignKey(
        "org.Window",
        verbose_name=_("窗口"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendance",
    )
    day = models.DateField(_("日期"), db_index=True)
    clock_in = models.DateTimeField(_("签到时间"), null=True, blank=True)
    clock_out = models.DateTimeField(_("签退时间"), null=True, blank=True)
    late = models.BooleanField(_("迟到"), default=False)
    left_early = models.BooleanField(_("早退"), default=False)
    absent = models.BooleanField(_("缺勤"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("考勤记录")
        verbose_name_plural = _("考勤记录")
        ordering = ["-day", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="hall_attendance_one_per_day")
        ]

    def __str__(self):
        return f"{self.user} {self.day}"


class Leave(models.Model):
    """请假: applied for by the staff member (pending until a supervisor decides) or recorded
    by a supervisor (approved at once). Only approved leave excuses an absence."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("工作人员"),
        on_delete=models.PROTECT,
        related_name="leaves",
    )
    kind = models.CharField(_("类别"), max_length=20, choices=LeaveKind.choices)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    reason = PersonalTextField(_("请假事由"), max_length=500, blank=True, default="")
    status = models.CharField(
        _("状态"), max_length=20, choices=LeaveStatus.choices, default=LeaveStatus.APPROVED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = PersonalTextField(_("审批意见"), max_length=500, blank=True, default="")

    class Meta:
        verbose_name = _("请假")
        verbose_name_plural = _("请假")
        ordering = ["-start"]

    def __str__(self):
        return f"{self.user} {self.start}–{self.end}"


class Patrol(models.Model):
    """An unannounced patrol at a time the system proposed (明察暗访)."""

    day = models.DateField(_("日期"), db_index=True)
    planned_at = models.DateTimeField(_("计划时间"))
    status = models.CharField(
        _("状态"), max_length=20, choices=PatrolStatus.choices, default=PatrolStatus.PLANNED
    )
    done_at = models.DateTimeField(_("巡查时间"), null=True, blank=True)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("巡查人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("巡查")
        verbose_name_plural = _("巡查")
        ordering = ["-day", "planned_at"]

    def __str__(self):
        return f"{self.day} {self.planned_at:%H:%M}"


class Finding(models.Model):
    """A problem found at a window: by a patrol, or by the attendance check."""

    patrol = models.ForeignKey(
        Patrol,
        verbose_name=_("巡查"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    source = models.CharField(_("来源"), max_length=20, choices=FindingSource.choices)
    window = models.ForeignKey(
        "org.Window", verbose_name=_("窗口"), on_delete=models.PROTECT, related_name="findings"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("当事人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hall_findings",
    )
    kind = models.CharField(_("问题类别"), max_length=20, choices=FindingKind.choices)
    note = PersonalTextField(_("情况说明"), max_length=500, blank=True, default="")
    photo = models.ImageField(_("现场照片"), upload_to="hall/findings/%Y/%m/", blank=True)
    found_at = models.DateTimeField(_("发现时间"), db_index=True)
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发现人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("督查问题")
        verbose_name_plural = _("督查问题")
        ordering = ["-found_at", "-pk"]

    def __str__(self):
        return f"{self.window} {self.get_kind_display()}"


class Notice(models.Model):
    """通报: the monthly notice (numbered 2020年第11期) or the half-monthly attendance list."""

    kind = models.CharField(_("类别"), max_length=20, choices=NoticeKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    issue = models.PositiveSmallIntegerField(_("期号"))
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    title = PersonalTextField(_("标题"), max_length=200)
    narrative = PersonalTextField(_("通报正文"), blank=True, default="")
    # What the notice lists, frozen when drafted: findings, attendance, ratings.
    content = models.JSONField(_("通报内容"), default=dict)
    status = models.CharField(
        _("状态"), max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("起草时间"), auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        ordering = ["-year", "-issue"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "issue"], name="hall_notice_unique_issue"
            )
        ]

    def __str__(self):
        return self.number_label

    @property
    def number_label(self) -> str:
        return _("%(year)s年第%(issue)s期") % {"year": self.year, "issue": self.issue}


class Assessment(models.Model):
    """A quarter's quantified assessment (季度量化考核); quarter 0 never exists."""

    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    weights = models.JSONField(_("权重"), default=dict)
    computed_at = models.DateTimeField(_("评分时间"))
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("季度考核")
        verbose_name_plural = _("季度考核")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="hall_assessment_quarter"),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4),
                name="hall_assessment_quarter_range",
            ),
        ]

    def __str__(self):
        return f"{self.year}Q{self.quarter}"


class AssessmentScore(models.Model):
    """A window's or a department's score in a quarter, its components and rank."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="scores", verbose_name=_("季度考核")
    )
    window = models.ForeignKey(
        "org.Window", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    components = models.JSONField(_("分项得分"), default=dict)
    counts = models.JSONField(_("扣分事项"), default=dict)
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    rank = models.PositiveIntegerField(_("排名"))

    class Meta:
        verbose_name = _("考核得分")
        verbose_name_plural = _("考核得分")
        ordering = ["assessment", "window", "rank"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(window__isnull=True) ^ models.Q(department__isnull=True),
                name="hall_score_window_xor_department",
            )
        ]

    def __str__(self):
        return f"{self.assessment} {self.window or self.department} {self.score}"
