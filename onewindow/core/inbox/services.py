"""Writes and reads of the inbox, scoped to one user; the pages and the API call these.

- :func:`add` (from ``core.notify.notify``): one row for a user recipient, in the caller's
  transaction.
- :func:`messages_of`, :func:`unread_count`: the user's own messages, newest first.
- :func:`read` opens one message and marks it read (another person's message: NotFound);
  :func:`mark_read` marks it without opening; :func:`mark_all_read` marks every one.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.errors import NotFound

from .models import BODY_MAX, SUBJECT_MAX, InboxMessage

MAX_ID = 2**63 - 1


def add(user_id: int, *, subject: str, body: str, event: str, object_type="", object_id=""):
    """The in-app copy of a notification (the caller's transaction)."""
    return InboxMessage.objects.create(
        recipient_id=user_id,
        subject=str(subject)[:SUBJECT_MAX] or _("通知"),
        body=str(body)[:BODY_MAX],
        event=str(event)[:100],
        object_type=str(object_type)[:100],
        object_id=str(object_id)[:64],
    )


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def messages_of(user, *, unread_only: bool = False):
    if not _signed_in(user):
        return InboxMessage.objects.none()
    qs = InboxMessage.objects.filter(recipient_id=user.pk)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-pk")


def unread_count(user) -> int:
    if not _signed_in(user):
        return 0
    return InboxMessage.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def message_of(user, pk) -> InboxMessage:
    """The user's own message ``pk``; NotFound for anyone else's (no probing)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        pk = 0
    found = messages_of(user).filter(pk=pk).first() if 0 < pk <= MAX_ID else None
    if found is None:
        raise NotFound(_("未找到该消息"))
    return found


def mark_read(user, pk) -> InboxMessage:
    message = message_of(user, pk)
    if message.read_at is None:
        now = timezone.now()
        # Conditional: a second tab marking at the same moment keeps the first time.
        InboxMessage.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=now)
        message.refresh_from_db(fields=["read_at"])
    return message


def read(user, pk) -> InboxMessage:
    """Open a message: it is the user's, and from now on it is read."""
    return mark_read(user, pk)


def mark_all_read(user) -> int:
    if not _signed_in(user):
        return 0
    return InboxMessage.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
