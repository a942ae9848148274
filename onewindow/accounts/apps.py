from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "onewindow.accounts"
    verbose_name = _("账号与角色")

    def ready(self):
        from onewindow.core.audit.constants import register_action_labels

        from . import checks, signals  # noqa: F401 - connect receivers, register checks
        from . import constants as c

        register_action_labels(
            {
                "account.register": _("注册账号"),
                "account.create": _("创建账号"),
                "account.create_staff": _("创建工作人员账号"),
                "api_token.issue": _("生成接口令牌"),
                "api_token.revoke": _("吊销接口令牌"),
                "account.activation_issue": _("生成账号开通码"),
                "account.activate": _("开通账号"),
                "account.activate_failed": _("开通账号失败"),
                "account.unlock": _("解除登录锁定"),
                c.NOTIFY_SETTINGS: _("修改通知设置"),
                c.ADMIN_CHANGE_REQUEST: _("申请变更管理员"),
                c.ADMIN_CHANGE_APPROVE: _("批准管理员变更"),
                c.ADMIN_CHANGE_REJECT: _("驳回管理员变更"),
                c.OTP_ENROL: _("开始绑定动态口令"),
                c.OTP_CONFIRM: _("完成绑定动态口令"),
            }
        )
