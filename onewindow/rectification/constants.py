"""Choices and sizes for the inspection-rectification ledger (巡察整改台账)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

TITLE_MAX_LENGTH = 300
TEXT_MAX_LENGTH = 5000
REASON_MAX_LENGTH = 1000
# Narrative lines the report publishes on purpose (the bureau's contact lines): kept as
# written, while every other narrative text is masked (core/pii/freetext.py).
PUBLISHED_CONTACT_KEYS = ("contact_phone", "contact_mailbox", "contact_email")
# The inspected body reports within 2 months of the feedback (RULES.md).
REPORT_DUE_MONTHS = 2


class MeasureKind(models.TextChoices):
    IMMEDIATE = "immediate", _("立行立改")
    BY_DEADLINE = "by_deadline", _("限期整改")
    ONGOING = "ongoing", _("长期坚持")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("未开始")
    IN_PROGRESS = "in_progress", _("正在推进")
    SUBMITTED = "submitted", _("申请销号")
    ACCEPTED = "accepted", _("领导验收")
    CLOSED = "closed", _("已销号")
    REOPENED = "reopened", _("回头看重新整改")


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("正在推进")
    CLOSED = "closed", _("已完成")
    REOPENED = "reopened", _("回头看重新整改")


class Escalation(models.IntegerChoices):
    NONE = 0, _("无")
    REMINDER = 1, _("提醒")
    WARNING = 2, _("预警")
    ACCOUNTABILITY = 3, _("问责通知")


class InspectionKind(models.TextChoices):
    """巡视 (by a provincial or central committee) or 巡察 (by a city or county committee):
    the report says the word of the inspection's kind."""

    XUNCHA = "xuncha", _("巡察")
    XUNSHI = "xunshi", _("巡视")


class AccountabilitySource(models.TextChoices):
    """Where a form of accountability comes from (the office may add its own)."""

    REGULATION = "regulation", _("问责条例")
    FOUR_FORMS = "four_forms", _("监督执纪“四种形态”")
    BUREAU = "bureau", _("本单位补充")


# The forms seeded into the office's list (AccountabilityType): the 问责条例's and the
# four forms of 监督执纪; AccountabilityKind's codes stay so existing records keep theirs.
FOUR_FORMS_SEED = (
    ("form_1", "第一种形态"),
    ("form_2", "第二种形态"),
    ("form_3", "第三种形态"),
    ("form_4", "第四种形态"),
)


class AccountabilityKind(models.TextChoices):
    CRITICISM_NOTICE = "criticism_notice", _("通报批评")
    ADMONITION_TALK = "admonition_talk", _("诫勉谈话")
    REMINDER_TALK = "reminder_talk", _("提醒谈话")
    CRITICISM_EDUCATION = "criticism_education", _("批评教育")
    WRITTEN_REVIEW = "written_review", _("责令检查")
    PARTY_DISCIPLINE = "party_discipline", _("党纪处分")
    GOVERNMENT_SANCTION = "government_sanction", _("政务处分")
    ORGANISATIONAL = "organisational", _("组织处理")


class OutputKind(models.TextChoices):
    RULE = "rule", _("制度")
    DOCUMENT = "document", _("文件")
    OTHER = "other", _("其他成果")


class TargetComparison(models.TextChoices):
    AT_LEAST = "gte", _("不低于")
    AT_MOST = "lte", _("不高于")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已公开")


class LedgerAction(models.TextChoices):
    CREATED = "created", _("登记")
    PROGRESS = "progress", _("报送进展")
    SUBMITTED = "submitted", _("申请销号")
    ACCEPTED = "accepted", _("领导验收")
    CONFIRMED = "confirmed", _("巡察办确认")
    CLOSED = "closed", _("销号")
    REJECTED = "rejected", _("退回")
    REMINDER = "reminder", _("逾期提醒")
    WARNING = "warning", _("逾期预警")
    ACCOUNTABILITY = "accountability", _("问责通知")
    REOPENED = "reopened", _("回头看重新打开")
    CARRIED_OVER = "carried_over", _("上轮遗留转入")
