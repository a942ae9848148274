"""A request body over the limit is refused with 413 before it is read.

Django reads a multipart body into memory or a temporary file as soon as anything touches
``request.POST`` (the CSRF check does, before any view), and checks a file's size only
after that. So the declared length is checked here, first of all middleware; a body with
no declared length (chunked) is counted while it is read and refused at the limit.

The limits are settings: REQUEST_MAX_BYTES for pages (a case's files at once, within a
bound), API_REQUEST_MAX_BYTES for the JSON API (which takes no files).
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _

from .error_pages import answer, is_api
from .zipsafety import megabytes


class RequestBodyTooLarge(RequestDataTooBig):
    """Raised while a body is read past the limit; core.views.bad_request answers 413."""


def body_limit(request) -> int:
    return int(settings.API_REQUEST_MAX_BYTES if is_api(request) else settings.REQUEST_MAX_BYTES)


def too_large(request):
    limit = megabytes(body_limit(request))
    if is_api(request):
        message = _("请求内容过大：接口请求不能超过 %(limit)s MB。") % {"limit": limit}
    else:
        message = _(
            "本次提交的内容超过 %(limit)s MB，未被接收。请减少文件数量或压缩文件后重新提交，"
            "每个文件不能超过 %(file)s MB。"
        ) % {"limit": limit, "file": megabytes(settings.CASES_UPLOAD_MAX_BYTES)}
    return answer(request, "413.html", 413, message)


def declared_length(request) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


class RequestSizeLimitMiddleware:
    """First in MIDDLEWARE: nothing may read the body before this has looked at it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = body_limit(request)
        length = declared_length(request)
        if length is not None and length > limit:
            return too_large(request)
        stream = getattr(request, "_stream", None)
        if stream is not None:
            request._stream = CountedBody(stream, limit)
        return self.get_response(request)


class CountedBody:
    """The request's stream, refusing to give more than ``limit`` bytes in all.

    A read never asks the stream for more than one byte past the limit, so a body that
    never ends is not read into memory either.
    """

    def __init__(self, stream, limit: int):
        self._stream = stream
        self._limit = limit
        self._given = 0

    def _allowed(self, size) -> int:
        room = self._limit - self._given + 1
        return room if size is None or size < 0 else min(size, room)

    def _count(self, data: bytes) -> bytes:
        self._given += len(data)
        if self._given > self._limit:
            raise RequestBodyTooLarge(f"request body over {self._limit} bytes")
        return data

    def read(self, size=-1) -> bytes:
        return self._count(self._stream.read(self._allowed(size)))

    def readline(self, size=-1) -> bytes:
        return self._count(self._stream.readline(self._allowed(size)))

    def close(self):
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()
