"""Choices for the organisation and the service network."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DepartmentKind(models.TextChoices):
    BUREAU_UNIT = "bureau_unit", _("局内股室")
    STATIONED = "stationed", _("进驻部门")


class SiteKind(models.TextChoices):
    SERVICE_HALL = "service_hall", _("政务服务大厅")
    TOWN_CENTRE = "town_centre", _("镇街便民服务中心")
    COMMUNITY_CENTRE = "community_centre", _("社区便民服务中心")
    VILLAGE_STATION = "village_station", _("村级便民服务站（点）")
    ONLINE_BRANCH = "online_branch", _("网上便民服务分厅")


class WindowKind(models.TextChoices):
    GENERAL = "general", _("综合窗口")
    SPECIALISED = "specialised", _("专业窗口")


# 六有一能: the standard a grass-roots service site is judged on.
SITE_STANDARD_ITEMS = [
    ("premises", _("有场所")),
    ("staff", _("有人员")),
    ("rules", _("有制度")),
    ("network", _("有网络")),
    ("equipment", _("有设备")),
    ("funds", _("有经费")),
    ("can_handle", _("能办事")),
]
