"""The built-in backends: console (log line), file (JSON lines) and email.

Adding a backend, e.g. SMS through a provider::

    from onewindow.core.notify import NotifyBackend, register_backend

    @register_backend
    class AliyunSmsBackend(NotifyBackend):
        name = "sms"
        channel = "sms"

        def accepts(self, notification):
            return bool(notification.recipient.phone) and super().accepts(notification)

        def send(self, notification):
            provider.send(notification.recipient.full_phone(), notification.body)

then set ``NOTIFY_BACKENDS=console,sms`` (the module must be imported, e.g. from an
AppConfig.ready), or list the class by dotted path without registering:
``NOTIFY_BACKENDS=console,myproject.sms.AliyunSmsBackend``. ``send`` raises on failure;
the task retries just the failed backends with backoff.
"""

import json
import logging
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from onewindow.core.pii.masking import mask_text

from .message import Notification
from .registry import register_backend

logger = logging.getLogger("onewindow.notify")


class NotifyBackend:
    """The interface: ``send(notification) -> None``, raising when delivery failed."""

    name = ""
    # The channel the backend delivers on; "" for log backends that record every message.
    channel = ""

    def accepts(self, notification: Notification) -> bool:
        """Whether this message is for this backend (channel hints, an address present)."""
        hints = notification.channels
        return not self.channel or not hints or self.channel in hints

    def send(self, notification: Notification) -> None:
        raise NotImplementedError


def _line(notification: Notification) -> dict:
    # Masked explicitly: the worker's logging may not carry the project's masking filter.
    return {
        "at": timezone.now().isoformat(),
        "event": notification.event,
        "recipient": notification.recipient.masked(),
        "subject": mask_text(notification.subject),
        "body": mask_text(notification.body),
        "object": {"type": notification.object_type, "id": notification.object_id},
        "channels": list(notification.channels),
    }


@register_backend
class ConsoleBackend(NotifyBackend):
    """One log line per message (the development default)."""

    name = "console"

    def send(self, notification):
        obj = (
            f"{notification.object_type}#{notification.object_id}"
            if notification.object_type
            else "-"
        )
        logger.info(
            "notify event=%s to=%s object=%s subject=%s body=%s",
            notification.event,
            notification.recipient.describe(),
            obj,
            mask_text(notification.subject),
            mask_text(notification.body).replace("\n", " "),
        )


@register_backend
class FileBackend(NotifyBackend):
    """Appends one JSON line per message to ``settings.NOTIFY_FILE_PATH``."""

    name = "file"

    def send(self, notification):
        path = Path(str(settings.NOTIFY_FILE_PATH))
        path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(_line(notification), ensure_ascii=False) + "\n"
        # One write per line in append mode, so lines from several workers do not interleave.
        with path.open("a", encoding="utf-8") as handle:
            handle.write(line)


@register_backend
class EmailBackend(NotifyBackend):
    """Django's send_mail to the recipient's email, through settings.EMAIL_BACKEND."""

    name = "email"
    channel = "email"

    def accepts(self, notification):
        return bool(notification.recipient.email) and super().accepts(notification)

    def send(self, notification):
        send_mail(
            notification.subject,
            notification.body,
            None,  # DEFAULT_FROM_EMAIL
            [notification.recipient.email],
            fail_silently=False,
        )
