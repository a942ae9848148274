from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HallConfig(AppConfig):
    name = "onewindow.hall"
    verbose_name = _("大厅督查与服务网络")

    def ready(self):
        from onewindow.core.audit.constants import register_action_labels

        from .constants import ACTION_LABELS

        register_action_labels(ACTION_LABELS)
