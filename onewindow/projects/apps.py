from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "onewindow.projects"
    verbose_name = _("工程建设项目")

    def ready(self):
        from onewindow.core.audit.constants import register_action_labels

        from .constants import Action

        register_action_labels({f"projects.{a.value}": a.label for a in Action})
