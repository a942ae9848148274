"""A full disk or an unreachable database is a 503 in Chinese with Retry-After, not a 500.

Nothing is half-written meanwhile: services are atomic, and uploads reach their final
name only on commit (core/files.py). The causes recognised: OSError ENOSPC, EDQUOT and
EROFS (the storage), and Django's OperationalError and InterfaceError (the database is
unreachable, restarting, full or locked).

Two hooks call :func:`unavailable`: :class:`ServiceUnavailableMiddleware` for errors in
views (the API's included: Django Ninja passes on what it has no handler for), and
``core.views.server_error`` for errors in middleware (the session or the user is read from
the database before any view runs).
"""

import errno
import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _

from .error_pages import answer

logger = logging.getLogger("onewindow.outage")

STORAGE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})


def cause(exc: BaseException | None) -> str | None:
    """ "storage", "database" or None, looking through the exception's chain."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, OSError) and exc.errno in STORAGE_ERRNOS:
            return "storage"
        if isinstance(exc, OperationalError | InterfaceError):
            return "database"
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None


def unavailable(request, exc: BaseException):
    """The 503 answer for ``exc``, or None if it is not an outage."""
    what = cause(exc)
    if what is None:
        return None
    logger.error("503 for %s %s: %s unavailable", request.method, request.path, what, exc_info=exc)
    if what == "storage":
        message = _(
            "服务器存储空间暂时不足，本次提交没有保存，已提交的材料不会只保存一半。"
            "请稍后重试；如多次出现，请联系工作人员。"
        )
    else:
        message = _("数据库暂时无法访问，本次操作没有完成，所填内容没有保存。请稍后重试。")
    return answer(request, "503.html", 503, message, retry_after=settings.UNAVAILABLE_RETRY_AFTER)


class ServiceUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return unavailable(request, exception)
