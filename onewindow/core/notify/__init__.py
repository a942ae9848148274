"""Notifications to applicants and staff through configurable backends.

``notify(recipient, subject=..., body=..., event=..., obj=...)`` after a change; the
backends named in ``settings.NOTIFY_BACKENDS`` ("console", "file", "email", or a dotted
path) deliver it from the Celery task ``onewindow.core.tasks.deliver_notification``.
See :mod:`.backends` for adding an SMS backend.
"""

from .backends import ConsoleBackend, EmailBackend, FileBackend, NotifyBackend
from .delivery import deliver, notify
from .message import Notification, Recipient, mask_email
from .registry import backend_class, register_backend

__all__ = [
    "ConsoleBackend",
    "EmailBackend",
    "FileBackend",
    "Notification",
    "NotifyBackend",
    "Recipient",
    "backend_class",
    "deliver",
    "mask_email",
    "notify",
    "register_backend",
]
