"""Choices and fixed sizes for ratings (好差评) and work orders (诉求/工单)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

COMMENT_MAX_LENGTH = 500
TEXT_MAX_LENGTH = 2000
TOKEN_MAX_LENGTH = 200
# 2 stars or less is a bad rating (国办发〔2019〕51号).
BAD_RATING_MAX_LEVEL = 2


class RatingLevel(models.IntegerChoices):
    VERY_SATISFIED = 5, _("非常满意")
    SATISFIED = 4, _("满意")
    BASICALLY_SATISFIED = 3, _("基本满意")
    DISSATISFIED = 2, _("不满意")
    VERY_DISSATISFIED = 1, _("非常不满意")


class RatingChannel(models.TextChoices):
    ON_SITE = "on_site", _("现场评价")
    ONLINE = "online", _("网上评价")
    PUBLIC_COMMENT = "public_comment", _("社会评议")
    SPOT_CHECK = "spot_check", _("督查抽评")


class Question(models.TextChoices):
    OVERALL = "overall", _("总体评价")
    EFFICIENCY = "efficiency", _("办事效率")
    SERVICE_LEVEL = "service_level", _("服务水平")
    ATTITUDE = "attitude", _("服务态度")
    GUIDE_ACCURACY = "guide_accuracy", _("办事指南准确性")
    CONVENIENCE = "convenience", _("办事便捷程度")
    EASE_OF_USE = "ease_of_use", _("系统易用性")


# The questions each channel asks (鲁政办发〔2020〕10号); overall always comes first.
CHANNEL_QUESTIONS = {
    RatingChannel.ON_SITE: (
        Question.OVERALL,
        Question.EFFICIENCY,
        Question.SERVICE_LEVEL,
        Question.ATTITUDE,
    ),
    RatingChannel.ONLINE: (
        Question.OVERALL,
        Question.EFFICIENCY,
        Question.GUIDE_ACCURACY,
        Question.CONVENIENCE,
        Question.EASE_OF_USE,
    ),
    RatingChannel.PUBLIC_COMMENT: (Question.OVERALL,),
    RatingChannel.SPOT_CHECK: (
        Question.OVERALL,
        Question.EFFICIENCY,
        Question.SERVICE_LEVEL,
        Question.ATTITUDE,
    ),
}


class RaterKind(models.TextChoices):
    CITIZEN = "citizen", _("个人")
    ENTERPRISE = "enterprise", _("企业")
    ANONYMOUS = "anonymous", _("匿名")
    SUPERVISOR = "supervisor", _("督查人员")


class AppealStatus(models.TextChoices):
    NONE = "none", _("未申诉")
    PENDING = "pending", _("申诉待审")
    UPHELD = "upheld", _("申诉成立")
    REJECTED = "rejected", _("申诉驳回")


class PushStatus(models.TextChoices):
    PENDING = "pending", _("待推送")
    SENT = "sent", _("已推送")
    FAILED = "failed", _("推送失败")


class WorkOrderSource(models.TextChoices):
    HOTLINE = "hotline", _("12345热线")
    PETITION = "petition", _("信访")
    SUGGESTION_BOX = "suggestion_box", _("意见箱")
    ONLINE_COMPLAINT = "online_complaint", _("网上吐槽找茬")
    COMPLAINT_CALL = "complaint_call", _("投诉电话")
    CCTV_REQUEST = "cctv_request", _("调取监控")
    BAD_RATING = "bad_rating", _("差评整改")
    REPORT_FEEDBACK = "report_feedback", _("整改通报意见反馈")


class WorkOrderKind(models.TextChoices):
    """Kinds carry their own time limits (settings.FEEDBACK_WORK_ORDER_LIMITS)."""

    URGENT = "urgent", _("紧急诉求")
    ENQUIRY = "enquiry", _("咨询")
    COMPLAINT = "complaint", _("投诉")
    SUGGESTION = "suggestion", _("建议")
    REQUEST = "request", _("求助与申请")
    REMEDY = "remedy", _("差评整改")


class WorkOrderStatus(models.TextChoices):
    RECEIVED = "received", _("已受理")
    DISPATCHED = "dispatched", _("已分派")
    HANDLING = "handling", _("办理中")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已办结")
    RETURNED = "returned", _("退回重办")
    CANCELLED = "cancelled", _("已撤销")


class CallbackResult(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")
    UNREACHABLE = "unreachable", _("无法联系")


class EscalationLevel(models.IntegerChoices):
    NONE = 0, _("未督办")
    REMINDER = 1, _("提醒")
    WARNING = 2, _("预警")
    ESCALATED = 3, _("升级督办")
