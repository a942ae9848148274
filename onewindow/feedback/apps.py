from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "onewindow.feedback"
    verbose_name = _("好差评与诉求")
