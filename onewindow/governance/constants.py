"""Choices, codes and settings of party-group governance (docs/governance.md)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    PARTY_GROUP = "party_group", _("党组会议")
    DIRECTOR = "director", _("局长办公会")
    BRANCH = "branch", _("支部委员会")
    TOPICAL = "topical", _("专题会议")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    FINAL = "final", _("已定稿")


class ItemKind(models.TextChoices):
    STUDY = "study", _("学习议题")
    ORDINARY = "ordinary", _("一般事项")
    MAJOR_DECISION = "major_decision", _("重大事项决策")
    CADRE = "cadre", _("重要干部任免")
    MAJOR_PROJECT = "major_project", _("重大项目安排")
    LARGE_SUM = "large_sum", _("大额资金使用")


# 三重一大: the kinds that are filed with the resident discipline group beforehand.
SANZHONG_KINDS = frozenset(
    {ItemKind.MAJOR_DECISION, ItemKind.CADRE, ItemKind.MAJOR_PROJECT, ItemKind.LARGE_SUM}
)


class Outcome(models.TextChoices):
    PENDING = "pending", _("未表决")
    PASSED = "passed", _("通过")
    REJECTED = "rejected", _("未通过")


class ExpenditureStatus(models.TextChoices):
    HEAD = "head", _("待股室负责人审核")
    DEPUTY = "deputy", _("待分管领导审核")
    PRINCIPAL = "principal", _("待主要领导审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已退回")


# The chain 经办 → 股室负责人 → 分管领导 → 主要领导: each waiting status, who signs it, the next.
CHAIN = {
    ExpenditureStatus.HEAD: ("division_head", ExpenditureStatus.DEPUTY),
    ExpenditureStatus.DEPUTY: ("deputy", ExpenditureStatus.PRINCIPAL),
    ExpenditureStatus.PRINCIPAL: ("principal", ExpenditureStatus.APPROVED),
}


class AssetStatus(models.TextChoices):
    IN_USE = "in_use", _("在用")
    IDLE = "idle", _("闲置")
    LENT = "lent", _("出借")
    DISPOSED = "disposed", _("已处置")


# GB/T 14885-2022 固定资产等资产基础分类与代码: the classes a bureau of this size holds.
ASSET_CATEGORIES = [
    ("1010000", _("房屋")),
    ("2010100", _("计算机")),
    ("2010101", _("台式计算机")),
    ("2010105", _("便携式计算机")),
    ("2010200", _("网络设备")),
    ("2010600", _("打印机")),
    ("2010700", _("复印机")),
    ("2020100", _("办公设备")),
    ("2020400", _("投影仪")),
    ("2020800", _("自助服务终端")),
    ("2023000", _("摄像机")),
    ("2030100", _("乘用车")),
    ("2130000", _("通信设备")),
    ("2310000", _("空调机组")),
    ("6010000", _("办公家具")),
    ("6010100", _("办公桌")),
    ("6010200", _("办公椅")),
    ("6010400", _("文件柜")),
]


class TalkKind(models.TextChoices):
    PRE_APPOINTMENT = "pre_appointment", _("任前谈话")
    INTEGRITY = "integrity", _("廉政谈话")
    HEART = "heart", _("谈心谈话")
    REMINDER = "reminder", _("提醒谈话")


class RiskLevel(models.TextChoices):
    HIGH = "high", _("高")
    MEDIUM = "medium", _("中")
    LOW = "low", _("低")


class SelectionStep(models.IntegerChoices):
    """The 条例's order; each step needs the one before."""

    MOTION = 1, _("动议")
    RECOMMENDATION = 2, _("民主推荐")
    INSPECTION = 3, _("考察（凡提必审）")
    CONSULTATION = 4, _("征求组织人事部门意见")
    DECISION = 5, _("党组会议讨论决定")
    NOTICE = 6, _("任前公示")
    APPOINTMENT = 7, _("任职")
    FILING = 8, _("备案")


class StudyKind(models.TextChoices):
    SEMINAR = "seminar", _("专题学习研讨")
    SURVEY = "survey", _("实地调研")
    COLLECTIVE = "collective", _("集中学习")


class PartyLifeKind(models.TextChoices):
    CONGRESS = "congress", _("党员大会")
    COMMITTEE = "committee", _("支委会")
    GROUP = "group", _("党小组会")
    LECTURE = "lecture", _("党课")


# -- settings (each with its default; docs/governance.md lists them) ------------------------


def expenditure_threshold() -> Decimal:
    return Decimal(str(getattr(settings, "GOVERNANCE_MEETING_THRESHOLD", 10000)))


def filing_days() -> int:
    """三重一大 items are filed with the discipline group at least this many days before."""
    return int(getattr(settings, "GOVERNANCE_FILING_DAYS", 3))


def quorum(kind: str) -> tuple[int, int]:
    """(numerator, denominator): present must be MORE than this share for ordinary items and
    AT LEAST this share for cadre appointments (党组会议 rules)."""
    table = getattr(settings, "GOVERNANCE_QUORUM", {"ordinary": (1, 2), "cadre": (2, 3)})
    return tuple(table["cadre" if kind == ItemKind.CADRE else "ordinary"])


def notice_workdays() -> int:
    return int(getattr(settings, "GOVERNANCE_NOTICE_WORKDAYS", 5))


def filing_within_days() -> int:
    return int(getattr(settings, "GOVERNANCE_CADRE_FILING_DAYS", 30))


def asset_entry_days() -> int:
    return int(getattr(settings, "GOVERNANCE_ASSET_ENTRY_DAYS", 30))


def talks_per_year() -> int:
    return int(getattr(settings, "GOVERNANCE_TALKS_PER_YEAR", 2))


def talk_similarity() -> float:
    return float(getattr(settings, "GOVERNANCE_TALK_SIMILARITY", 0.85))


def audit_sample_share() -> Decimal:
    return Decimal(str(getattr(settings, "GOVERNANCE_AUDIT_SAMPLE_SHARE", "0.1")))


def party_life_months() -> dict:
    """三会一课: months between meetings of each kind."""
    return getattr(
        settings,
        "GOVERNANCE_PARTY_LIFE_MONTHS",
        {"congress": 3, "committee": 1, "group": 1, "lecture": 3},
    )


RISK_MEASURES = {
    RiskLevel.HIGH: _("主要领导约谈、每月监控测评、纳入内部审计抽查"),
    RiskLevel.MEDIUM: _("分管领导提醒谈话、每季度监控测评"),
    RiskLevel.LOW: _("股室自查、每半年监控测评"),
}
