"""Audit action codes and results, with the Chinese labels shown to audit administrators.

Apps may use their own dotted codes ("case.accept"); they register a label for display
with :func:`register_action_labels` (in their AppConfig.ready) instead of editing this file.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

LOGIN = "login"
LOGIN_FAILED = "login_failed"
LOCKOUT = "lockout"
LOGOUT = "logout"
ROLE_GRANT = "role_grant"
ROLE_REVOKE = "role_revoke"
PII_REVEAL = "pii_reveal"
EXPORT = "export"
CONFIG_CHANGE = "config_change"
DOWNLOAD = "download"
USER_DISABLE = "user_disable"
PASSWORD_CHANGE = "password_change"

ACTION_LABELS = {
    LOGIN: _("登录"),
    LOGIN_FAILED: _("登录失败"),
    LOCKOUT: _("账号锁定"),
    LOGOUT: _("退出登录"),
    ROLE_GRANT: _("授予角色"),
    ROLE_REVOKE: _("撤销角色"),
    PII_REVEAL: _("查看个人信息明文"),
    EXPORT: _("导出"),
    CONFIG_CHANGE: _("修改配置"),
    DOWNLOAD: _("下载"),
    USER_DISABLE: _("停用用户"),
    PASSWORD_CHANGE: _("修改密码"),
}

# Field sizes shared by the model and by record(), which truncates before hashing.
ACTION_MAX_LENGTH = 50
ACTOR_NAME_MAX_LENGTH = 150
OBJECT_TYPE_MAX_LENGTH = 100
OBJECT_ID_MAX_LENGTH = 64
OBJECT_REPR_MAX_LENGTH = 200


class Result(models.TextChoices):
    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失败")
    DENIED = "denied", _("拒绝")


def register_action_labels(labels: dict) -> None:
    """Add display labels for an app's own action codes, e.g. {"case.accept": _("受理")}."""
    ACTION_LABELS.update(labels)


def action_label(code: str) -> str:
    """The Chinese label of an action code; unknown codes are shown as they are."""
    return str(ACTION_LABELS.get(code, code))
