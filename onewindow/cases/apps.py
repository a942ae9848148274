from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "onewindow.cases"
    verbose_name = _("办件")

    def ready(self):
        from onewindow.core.audit.constants import register_action_labels

        from .constants import ACTION_LABELS

        register_action_labels({f"case.{code}": label for code, label in ACTION_LABELS.items()})
