"""Choices and limits of the working-day calendar and clocks."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Dates outside this range are refused as input: no rule of the bureau needs them,
# and they keep date arithmetic far from date.min/date.max.
MIN_YEAR = 1900
MAX_YEAR = 2100
# The longest limit a clock or the API accepts, in working days (the longest legal
# whole-process limit is 100; 2000 leaves room for unusual local rules).
MAX_LIMIT_DAYS = 2000
NAME_MAX_LENGTH = 50


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日")
    MAKEUP_WORKDAY = "makeup_workday", _("调休上班")
    WORKDAY = "workday", _("工作日")
    REST_DAY = "rest_day", _("休息日")


class Source(models.TextChoices):
    PACKAGE = "package", _("节假日数据包")
    MANUAL = "manual", _("人工维护")


class PauseKind(models.TextChoices):
    SUPPLEMENT = "supplement", _("补正材料")
    CONDITIONAL = "conditional", _("容缺补齐")
    EXPERT_REVIEW = "expert_review", _("专家评审")
    HEARING = "hearing", _("听证")
    INSPECTION = "inspection", _("现场核查")
    OTHER = "other", _("其他")


class WarningLevel(models.TextChoices):
    NORMAL = "normal", _("正常")
    YELLOW = "yellow", _("黄色预警")
    RED = "red", _("红色预警")
    OVERDUE = "overdue", _("超期")
    PAUSED = "paused", _("暂停计时")
    STOPPED = "stopped", _("已停止计时")
