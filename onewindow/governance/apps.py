from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "onewindow.governance"
    verbose_name = _("党组治理")

    def ready(self):
        from onewindow.core.audit.constants import register_action_labels

        from .audit_labels import LABELS

        register_action_labels(LABELS)
