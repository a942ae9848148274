"""The request id nginx assigns (``X-Request-ID``), in every log line of the request and of
the Celery tasks it starts; and the JSON-lines log formatter.

gunicorn's ``pre_request`` hook (deploy/gunicorn.conf.py) calls :func:`set_current` with the
header, so no middleware is needed; Celery carries the id in a task header
(``before_task_publish``) and restores it in the worker (``task_prerun``). Log records are
masked by ``MaskPersonalDataFilter`` before any formatter sees them.
"""

import contextvars
import json
import logging
import re
from datetime import UTC, datetime

_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
# nginx's $request_id is 32 hex digits; accept only a short token, never arbitrary text.
VALID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
HEADER = "request_id"


def set_current(value: str | None) -> str:
    value = value if value and VALID.match(value) else ""
    _current.set(value)
    return value


def current() -> str:
    return _current.get()


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = _current.get()
        return True


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, exception."""

    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or _current.get(),
            "process": record.process,
        }
        # The masking filter has already rendered (and masked) the traceback into exc_text.
        if record.exc_text:
            line["exception"] = record.exc_text
        elif record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def connect_celery_signals():
    from celery.signals import before_task_publish, task_postrun, task_prerun

    @before_task_publish.connect(weak=False)
    def _carry(headers=None, **kwargs):
        if headers is not None and _current.get():
            headers.setdefault(HEADER, _current.get())

    @task_prerun.connect(weak=False)
    def _restore(task=None, **kwargs):
        value = getattr(task.request, HEADER, None) if task is not None else None
        if value is None and task is not None:
            value = (task.request.headers or {}).get(HEADER) if task.request.headers else None
        set_current(value)

    @task_postrun.connect(weak=False)
    def _clear(**kwargs):
        set_current("")
