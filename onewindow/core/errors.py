"""Domain errors: raised by services with a message in Chinese for the user.

Views show the message; the API maps each class to its HTTP status. Nothing that
raises one of these leaves a half-written change, because services are atomic.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the bureau refused the operation. ``message`` is shown to the user."""

    status = 400
    default_message = _("操作未能完成")

    def __init__(self, message: str | None = None, *, field: str | None = None, errors=None):
        self.message = str(message or self.default_message)
        self.field = field
        # Optional {field: [messages]} for forms that show errors beside fields.
        self.errors = errors or ({field: [self.message]} if field else {})
        super().__init__(self.message)

    def __str__(self):
        return self.message


class InvalidInput(DomainError):
    status = 400
    default_message = _("输入有误，请检查后重试")


class PermissionDenied(DomainError):
    status = 403
    default_message = _("您没有权限执行此操作")


class NotFound(DomainError):
    status = 404
    default_message = _("未找到该记录，或您无权查看")


class Conflict(DomainError):
    """The object changed under us: someone else acted first (conditional UPDATE hit 0 rows)."""

    status = 409
    default_message = _("该记录已被他人处理或已变更，请刷新后重试")
