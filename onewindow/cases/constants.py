"""Choices for cases (办件). Issue 4 adds the handling statuses after DRAFT."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("填报中")


class Channel(models.TextChoices):
    ONLINE = "online", _("网上申请")
    WINDOW = "window", _("窗口受理")


NUMBER_PREFIX = "DY"  # 东营区: case numbers read DY + date + 6-digit sequence
