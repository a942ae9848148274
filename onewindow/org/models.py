"""Departments and the service network: the hall, centres, stations, windows, kiosks."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import DepartmentKind, SiteKind, WindowKind


class Department(models.Model):
    code = models.CharField(_("部门编码"), max_length=32, unique=True)
    name = models.CharField(_("部门名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("类别"), max_length=20, choices=DepartmentKind.choices)
    # The departments whose items run in the construction-project approval system.
    approves_construction = models.BooleanField(_("工程建设项目审批部门"), default=False)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级部门"), null=True, blank=True, on_delete=models.PROTECT
    )
    office_phone = models.CharField(_("办公电话"), max_length=30, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class ServiceSite(models.Model):
    """A place or online branch where the public is served."""

    code = models.CharField(_("站点编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=20, choices=SiteKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所属上级站点"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("咨询电话"), max_length=30, blank=True)
    hours = models.CharField(_("办公时间"), max_length=100, blank=True)
    online_url = models.URLField(_("网上地址"), blank=True)
    is_standardisation_pilot = models.BooleanField(_("标准化建设试点"), default=False)
    # 六有一能 checklist: {"premises": true, ...}; see constants.SITE_STANDARD_ITEMS.
    site_standard = models.JSONField(_("六有一能"), default=dict, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("服务站点")
        verbose_name_plural = _("服务站点")
        ordering = ["kind", "code"]

    def __str__(self):
        return self.name


class Window(models.Model):
    site = models.ForeignKey(
        ServiceSite, verbose_name=_("所在站点"), on_delete=models.PROTECT, related_name="windows"
    )
    number = models.CharField(_("窗口号"), max_length=10)
    name = models.CharField(_("窗口名称"), max_length=100)
    kind = models.CharField(_("窗口类型"), max_length=20, choices=WindowKind.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("所属部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="windows",
    )
    zone = models.CharField(_("服务专区"), max_length=60, blank=True)
    is_party_member_post = models.BooleanField(_("党员示范岗"), default=False)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("窗口")
        verbose_name_plural = _("窗口")
        ordering = ["site", "number"]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="org_window_unique_number")
        ]

    def __str__(self):
        return f"{self.number} {self.name}"


class Terminal(models.Model):
    """智能化自助服务终端: a self-service kiosk."""

    code = models.CharField(_("终端编号"), max_length=32, unique=True)
    site = models.ForeignKey(
        ServiceSite, verbose_name=_("布设站点"), on_delete=models.PROTECT, related_name="terminals"
    )
    location = models.CharField(_("摆放位置"), max_length=100, blank=True)
    installed_on = models.DateField(_("安装调试日期"), null=True, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("自助服务终端")
        verbose_name_plural = _("自助服务终端")
        ordering = ["code"]

    def __str__(self):
        return self.code


class WindowAssignment(models.Model):
    """A staff member on duty at a window for a period."""

    window = models.ForeignKey(
        Window, verbose_name=_("窗口"), on_delete=models.PROTECT, related_name="assignments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("工作人员"),
        on_delete=models.PROTECT,
        related_name="window_assignments",
    )
    started_on = models.DateField(_("上岗日期"))
    ended_on = models.DateField(_("离岗日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("窗口人员安排")
        verbose_name_plural = _("窗口人员安排")
        ordering = ["window", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["window", "user"],
                condition=models.Q(ended_on__isnull=True),
                name="org_assignment_one_open_per_window_user",
            )
        ]

    def __str__(self):
        return f"{self.window} · {self.user}"
