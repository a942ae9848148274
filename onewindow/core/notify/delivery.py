"""notify(): schedule a message after commit; deliver(): run it through every backend."""

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import outbox
from .message import Notification, Recipient
from .registry import backend_class, configured_names

logger = logging.getLogger("onewindow.notify")


def _object_ref(obj) -> tuple[str, str]:
    if obj is None:
        return "", ""
    if isinstance(obj, tuple):
        return str(obj[0]), str(obj[1])
    return obj._meta.label_lower, str(obj.pk)


def notify(
    recipient, *, subject, body, event: str, obj=None, channels=(), security=False
) -> Notification:
    """Send ``subject``/``body`` to ``recipient`` once the current transaction commits.

    ``recipient`` is a User, a plain phone or email string, or a :class:`Recipient`;
    ``obj`` is a model instance or an ``(object_type, object_id)`` pair. Nothing is
    sent when the transaction rolls back: the message is an outbox row written in the
    caller's transaction. Delivery runs in the Celery task ``deliver_notification``
    (in-process when no broker is configured); a failure there is logged and never
    reaches the caller, and a broker outage only delays it until the outbox sweep.
    A user recipient also finds the message in their 站内信 (core.inbox), written now.
    SMS and email go to a user only on the channels their 通知设置 leave on, unless
    ``security`` is set: a password reset code must arrive whatever they chose.
    """
    object_type, object_id = _object_ref(obj)
    notification = Notification(
        recipient=Recipient.coerce(recipient),
        subject=str(subject),  # lazy strings are rendered now, in the caller's language
        body=str(body),
        event=event,
        object_type=object_type,
        object_id=object_id,
        channels=tuple(channels),
        security=bool(security),
    )
    # The outbox row commits (or rolls back) with the change; after the commit its id goes
    # to the worker, and a broker outage only delays it (core/notify/outbox.py).
    outbox.add(notification.to_payload())
    if notification.recipient.user_id is not None and inbox_enabled():
        # 站内信, the in-app channel: always on for a user, written here in the same
        # transaction as the change and its outbox row, not by the worker (decision 0033).
        from onewindow.core.inbox import services as inbox

        inbox.add(
            notification.recipient.user_id,
            subject=notification.subject,
            body=notification.body,
            event=notification.event,
            object_type=object_type,
            object_id=object_id,
        )
    return notification


def inbox_enabled() -> bool:
    return bool(getattr(settings, "NOTIFY_INBOX", True))


def _chosen(notification: Notification, channel: str) -> bool:
    """The recipient's 通知设置 for the backend's channel (log backends have none)."""
    if not channel or notification.security:
        return True
    return notification.recipient.wants(channel)


def deliver(notification: Notification, *, only: list[str] | None = None) -> dict:
    """Hand the notification to each configured backend (or just ``only``).

    Returns ``{"delivered": [...], "skipped": [...], "failed": [...]}`` by backend name.
    A backend that raises is logged and listed as failed; the others still run.
    """
    result = {"delivered": [], "skipped": [], "failed": []}
    for name in configured_names():
        if only is not None and name not in only:
            continue
        try:
            backend = backend_class(name)()
        except ImproperlyConfigured:
            # Retrying cannot fix configuration: log it, do not retry.
            logger.exception("notify: backend %r is not available", name)
            result["skipped"].append(name)
            continue
        if not backend.accepts(notification) or not _chosen(notification, backend.channel):
            result["skipped"].append(name)
            continue
        try:
            backend.send(notification)
        except Exception:
            logger.exception(
                "notify: backend %s failed for event=%s to=%s",
                name,
                notification.event,
                notification.recipient.describe(),
            )
            result["failed"].append(name)
        else:
            result["delivered"].append(name)
    return result
