from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Audit only (no project timeline event): who opened a supplied file.
MATERIAL_DOWNLOAD = "projects.material_download"


class ProjectsConfig(AppConfig):
    name = "onewindow.projects"
    verbose_name = _("工程建设项目")

    def ready(self):
        from onewindow.core.audit.constants import register_action_labels

        from .constants import Action

        register_action_labels({f"projects.{a.value}": a.label for a in Action})
        register_action_labels({MATERIAL_DOWNLOAD: _("下载项目申报材料")})

        from onewindow.cases import services as cases_services

        from .services import case_decided

        # A stage item handled as a case learns its decision however the department
        # reached it (the project page or the cases worklist), in the same transaction.
        cases_services.after_decision(case_decided)
