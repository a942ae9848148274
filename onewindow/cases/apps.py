from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "onewindow.cases"
    verbose_name = _("办件")

    def ready(self):
        from onewindow.core.audit.constants import register_action_labels

        from .constants import ACTION_LABELS

        register_action_labels({f"case.{code}": label for code, label in ACTION_LABELS.items()})

        # services.py sits at the bottom and imports none of the sub-packages; the steps
        # they add to its writes (in the same transaction) are registered here.
        from . import services
        from .certificates import (
            edelivery,
            inbox_links,  # noqa: F401  (registers the 站内信 links)
            issue_for_decision,
        )
        from .instant.approval import try_instant

        services.after_submit(try_instant)
        services.after_approval(issue_for_decision)
        # After the certificates: 电子送达 sends them to the holder's inbox.
        services.after_approval(edelivery.send_if_chosen)
