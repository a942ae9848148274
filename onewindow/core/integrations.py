"""Backends chosen by name (SMS/email, e-licences, the provincial rating platform).

Each integration keeps one :class:`BackendRegistry`: its backends register under a short
name ("file", "console"), and settings name one of those or a dotted path to a class.
``enqueue_on_commit`` hands the push to its Celery task once the caller's transaction
commits, and ``append_json_line`` is what the local "file" backends write.
"""

import json
import logging
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.module_loading import import_string


class BackendRegistry:
    def __init__(self, kind: str):
        self.kind = kind  # for error messages: "notify", "e-licence", ...
        self._classes: dict[str, type] = {}

    def register(self, cls):
        """Class decorator: make a backend selectable by its ``name``."""
        if not cls.name:
            raise ImproperlyConfigured(f"{cls.__name__} needs a name")
        self._classes[cls.name] = cls
        return cls

    def backend_class(self, name: str) -> type:
        """A registered name ("file") or a dotted path to a backend class."""
        if name in self._classes:
            return self._classes[name]
        if "." in name:
            try:
                return import_string(name)
            except ImportError as exc:
                raise ImproperlyConfigured(f"unknown {self.kind} backend {name!r}: {exc}") from exc
        raise ImproperlyConfigured(f"unknown {self.kind} backend {name!r}")

    def __contains__(self, name: str) -> bool:
        return name in self._classes


def append_json_line(setting: str, default_name: str, line: dict) -> None:
    """Append ``line`` as JSON to the file the setting names (default ``var/<default_name>``)."""
    default = Path(settings.BASE_DIR) / "var" / default_name
    path = Path(str(getattr(settings, setting, default)))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(line, ensure_ascii=False) + "\n")


def enqueue_on_commit(task, kwargs: dict, *, logger: logging.Logger, failure: str) -> None:
    """Queue ``task`` with ``kwargs`` once the current transaction commits (nothing on
    rollback). ``task`` is a Celery task, or its dotted path where an import would be
    circular; ``failure`` is what ``logger`` says if the broker cannot take it."""
    transaction.on_commit(partial(_enqueue, task, kwargs, logger, failure))


def _enqueue(task, kwargs: dict, logger: logging.Logger, failure: str) -> None:
    try:
        if isinstance(task, str):
            task = import_string(task)
        task.apply_async(kwargs=kwargs)
    except Exception:
        # The work is committed; a broker outage must not become an error page.
        logger.exception(failure)
