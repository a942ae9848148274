from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationConfig(AppConfig):
    name = "onewindow.rectification"
    verbose_name = _("巡察整改")
