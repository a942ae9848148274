from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "onewindow.dashboard"
    verbose_name = _("首页与驾驶舱")
