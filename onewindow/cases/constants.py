"""Choices for cases (办件): statuses, decisions, materials, promises, department tasks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("填报中")
    SUBMITTED = "submitted", _("待受理")
    DEFICIENT = "deficient", _("待补正")
    REFUSED = "refused", _("不予受理")
    CONDITIONALLY_ACCEPTED = "conditional", _("容缺受理")
    ACCEPTED = "accepted", _("已受理")
    IN_REVIEW = "in_review", _("审查中")
    DECIDED = "decided", _("已决定")
    CONCLUDED = "concluded", _("已办结")
    TERMINATED = "terminated", _("已终止")


# Statuses with a running (or paused) clock: acceptance happened, no decision yet.
CLOCKED_STATUSES = (
    CaseStatus.CONDITIONALLY_ACCEPTED,
    CaseStatus.ACCEPTED,
    CaseStatus.IN_REVIEW,
)


class Channel(models.TextChoices):
    ONLINE = "online", _("网上申请")
    WINDOW = "window", _("窗口受理")


class HandlingMode(models.TextChoices):
    MANUAL = "manual", _("人工审批")
    INSTANT = "instant", _("秒批")


class Decision(models.TextChoices):
    APPROVED = "approved", _("准予许可")
    REFUSED = "refused", _("不予许可")


class MaterialStatus(models.TextChoices):
    SUPPLIED = "supplied", _("已提交")
    MISSING = "missing", _("缺少")
    PROMISED = "promised", _("容缺待补")


class PromiseStatus(models.TextChoices):
    PENDING = "pending", _("待履行")
    KEPT = "kept", _("已履行")
    BROKEN = "broken", _("未履行")


class TaskStatus(models.TextChoices):
    PENDING = "pending", _("待审查")
    IN_REVIEW = "in_review", _("审查中")
    PAUSED = "paused", _("暂停计时")
    APPROVED = "approved", _("同意")
    REFUSED = "refused", _("不同意")
    CANCELLED = "cancelled", _("已撤销")


OPEN_TASK_STATUSES = (TaskStatus.PENDING, TaskStatus.IN_REVIEW, TaskStatus.PAUSED)
DECIDED_TASK_STATUSES = (TaskStatus.APPROVED, TaskStatus.REFUSED)


class InstantRuleKind(models.TextChoices):
    """The checks an instant-approval (秒批) rule can make; params are per kind."""

    APPLICANT_VERIFIED = "applicant_verified", _("申请人身份信息有效")
    NO_OPEN_CASE = "no_open_case", _("无同一事项在办件")
    NO_BROKEN_PROMISE = "no_broken_promise", _("无失信记录")
    MATERIALS_COMPLETE = "materials_complete", _("材料齐全")
    FIELD_EQUALS = "field_equals", _("表单字段等于")
    FIELD_IN = "field_in", _("表单字段属于")
    NUMBER_AT_MOST = "number_at_most", _("数值不超过")
    NUMBER_AT_LEAST = "number_at_least", _("数值不低于")
    AGE_BETWEEN = "age_between", _("申请人年龄范围")


class CertificateKind(models.TextChoices):
    LICENCE = "licence", _("许可证件")
    COMPREHENSIVE = "comprehensive", _("行业综合许可证")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("有效")
    REVOKED = "revoked", _("已注销")


class DeliveryMethod(models.TextChoices):
    WINDOW = "window", _("窗口领取")
    POST = "post", _("邮寄送达")


class ClockKind(models.TextChoices):
    PROMISED = "promised", _("承诺时限")
    STATUTORY = "statutory", _("法定时限")


NUMBER_PREFIX = "DY"  # 东营区: case numbers read DY + date + 6-digit sequence

# Defaults of local rules; each can be overridden by a setting of the same name.
# 行政许可法 Art. 32: tell the applicant what is missing within 5 working days, otherwise
# the application counts as accepted.
CASES_ACCEPTANCE_NOTICE_DAYS = 5
REASON_MAX_LENGTH = 500

# Labels of the case actions: the timeline's wording and the audit log's ("case.<action>").
ACTION_LABELS = {
    "start": _("发起申请"),
    "submit": _("提交申请"),
    "accept": _("受理"),
    "refuse": _("不予受理"),
    "notify_deficiency": _("一次性告知补正"),
    "supplement": _("补正材料"),
    "accept_conditionally": _("容缺受理"),
    "supply_promised": _("补齐容缺材料"),
    "expire_promise": _("容缺承诺逾期终止"),
    "dispatch": _("分送部门审查"),
    "task_start_review": _("部门开始审查"),
    "task_pause": _("暂停计时"),
    "task_resume": _("恢复计时"),
    "task_approve": _("部门审查同意"),
    "task_refuse": _("部门审查不同意"),
    "decide": _("作出审批决定"),
    "conclude": _("办结"),
}
