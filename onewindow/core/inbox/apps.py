from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "onewindow.core.inbox"
    label = "inbox"
    verbose_name = _("站内信")
    default_auto_field = "django.db.models.BigAutoField"
