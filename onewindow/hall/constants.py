"""Choices and audit action codes of hall supervision and the service network."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FindingKind(models.TextChoices):
    LATE = "late", _("迟到")
    LEFT_EARLY = "left_early", _("早退")
    UNATTENDED = "unattended", _("窗口空岗")
    ATTITUDE = "attitude", _("服务态度")
    LANGUAGE = "language", _("文明用语")
    EFFICIENCY = "efficiency", _("办事效率")


class FindingSource(models.TextChoices):
    PATROL = "patrol", _("巡查发现")
    ATTENDANCE = "attendance", _("考勤自动发现")


class PatrolStatus(models.TextChoices):
    PLANNED = "planned", _("待巡查")
    DONE = "done", _("已巡查")


class NoticeKind(models.TextChoices):
    MONTHLY = "monthly", _("月度通报")
    ATTENDANCE = "attendance", _("半月考勤通报")


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class LeaveKind(models.TextChoices):
    ANNUAL = "annual", _("年休假")
    SICK = "sick", _("病假")
    PERSONAL = "personal", _("事假")
    BUSINESS = "business", _("公出")


class LeaveStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未批准")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    FINAL = "final", _("已定稿")


class TrainingKind(models.TextChoices):
    EXTERNAL = "external", _("外出培训")
    INTERNAL = "internal", _("内部培训")


class KioskStatus(models.TextChoices):
    ONLINE = "online", _("在线")
    OFFLINE = "offline", _("离线")
    FAULT = "fault", _("故障")


class KioskAction(models.TextChoices):
    TRACK = "track", _("查")
    ASK = "ask", _("问")
    APPLY = "apply", _("办")


# Score components of the quarterly assessment, in the order pages show them.
COMPONENTS = [
    ("attendance", _("考勤")),
    ("patrol", _("巡查")),
    ("rating", _("好差评")),
    ("overdue", _("超期办件")),
    ("complaint", _("投诉")),
    ("queue", _("排队等候")),
]

ACTION_LABELS = {
    "hall.clock_in": _("签到"),
    "hall.clock_out": _("签退"),
    "hall.leave": _("登记请假"),
    "hall.attendance_scan": _("考勤检查"),
    "hall.patrol_plan": _("生成巡查计划"),
    "hall.patrol_done": _("完成巡查"),
    "hall.finding": _("登记巡查问题"),
    "hall.rules": _("修改大厅督查规则"),
    "hall.notice_draft": _("起草通报"),
    "hall.notice_edit": _("修改通报"),
    "hall.notice_publish": _("发布通报"),
    "hall.assessment": _("季度考核评分"),
    "hall.assessment_publish": _("发布季度考核排名"),
    "hall.site_take_in": _("便民服务站点受理"),
    "hall.pilot_assess": _("标准化试点评估"),
    "hall.kiosk_token": _("签发自助终端令牌"),
    "hall.kiosk_use": _("自助终端办理"),
    "hall.performance": _("绩效考核评分"),
}
