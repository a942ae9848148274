"""Backends by name; ``settings.NOTIFY_BACKENDS`` picks which ones deliver."""

from django.conf import settings

from onewindow.core.integrations import BackendRegistry

_REGISTRY = BackendRegistry("notify")
register_backend = _REGISTRY.register
backend_class = _REGISTRY.backend_class


def configured_names() -> list[str]:
    return list(getattr(settings, "NOTIFY_BACKENDS", None) or ["console"])
