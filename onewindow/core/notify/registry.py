"""Backends by name; ``settings.NOTIFY_BACKENDS`` picks which ones deliver."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

_REGISTRY: dict[str, type] = {}


def register_backend(cls):
    """Class decorator: make a backend selectable by its ``name``."""
    if not cls.name:
        raise ImproperlyConfigured(f"{cls.__name__} needs a name")
    _REGISTRY[cls.name] = cls
    return cls


def backend_class(name: str) -> type:
    """A registered name ("file") or a dotted path to a backend class."""
    if name in _REGISTRY:
        return _REGISTRY[name]
    if "." in name:
        try:
            return import_string(name)
        except ImportError as exc:
            raise ImproperlyConfigured(f"unknown notify backend {name!r}: {exc}") from exc
    raise ImproperlyConfigured(f"unknown notify backend {name!r}")


def configured_names() -> list[str]:
    return list(getattr(settings, "NOTIFY_BACKENDS", None) or ["console"])
