from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "onewindow.catalog"
    verbose_name = _("政务服务事项")

    def ready(self):
        from onewindow.core.audit.constants import register_action_labels

        register_action_labels(
            {
                "catalog.item_create": _("新建事项"),
                "catalog.version_update": _("修改事项草稿"),
                "catalog.version_revise": _("新建事项修订版本"),
                "catalog.version_submit": _("提交事项审核"),
                "catalog.version_publish": _("发布事项"),
                "catalog.version_reject": _("退回事项修改"),
                "catalog.item_withdraw": _("停用事项"),
                "catalog.list_add": _("列入事项清单"),
                "catalog.list_remove": _("移出事项清单"),
                "catalog.bundle_create": _("新建一件事"),
                "catalog.bundle_update": _("修改一件事"),
                "catalog.industry_create": _("新建一业一证行业"),
                "catalog.industry_update": _("修改一业一证行业"),
                "catalog.import": _("Excel 导入事项"),
            }
        )
