from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "onewindow.org"
    verbose_name = _("机构与服务网络")

    def ready(self):
        from onewindow.core.audit.constants import register_action_labels

        register_action_labels(
            {"org.load_network": _("载入服务网络数据"), "org.assign_window": _("安排窗口人员")}
        )
