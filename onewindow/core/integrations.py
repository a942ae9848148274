"""Backends chosen by name (SMS/email, e-licences, the provincial rating platform).

Each integration keeps one :class:`BackendRegistry`: its backends register under a short
name ("file", "console"), and settings name one of those or a dotted path to a class.
"""

from django.core.exceptions import ImproperlyConfigured
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
