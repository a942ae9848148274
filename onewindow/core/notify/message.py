"""What a notification is: a recipient, a Chinese subject and body, an event code.

A notification crosses the broker as a small JSON payload of ids and strings
(:meth:`Notification.to_payload`). A user is sent as an id and looked up again when the
message is delivered, so the phone and email used are the current ones and the phone
never sits in the broker. A member of the public without an account is sent as a plain
address; the phone is encrypted in the payload with the platform's PII key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from onewindow.core.pii import crypto
from onewindow.core.pii.masking import Masked, mask_phone


def mask_email(value: str) -> str:
    """``zhangsan@example.com`` -> ``z*******@example.com``."""
    local, at, domain = str(value or "").partition("@")
    if not at:
        return "*" * len(local)
    return (local[:1] + "*" * max(len(local) - 1, 1)) + "@" + domain


@dataclass(frozen=True)
class Recipient:
    """A user of the platform (``user_id``) or a plain phone and/or email address."""

    user_id: int | None = None
    phone: str = ""  # a Masked for users (full value via reveal()), plain otherwise
    email: str = ""
    name: str = ""
    # The user's 通知设置 (accounts.User.notify_by_sms / notify_by_email); a plain address
    # has no settings and takes every channel.
    sms_on: bool = True
    email_on: bool = True

    def wants(self, channel: str) -> bool:
        """Whether the person chose to be told on ``channel`` ("sms", "email")."""
        return {"sms": self.sms_on, "email": self.email_on}.get(channel, True)

    @classmethod
    def coerce(cls, value) -> Recipient:
        """Accept a User, a Recipient, or a plain phone or email string."""
        if isinstance(value, Recipient):
            return value
        if isinstance(value, str):
            text = value.strip()
            if not text:
                raise ValueError("notification recipient is empty")
            return cls(email=text) if "@" in text else cls(phone=text.replace(" ", ""))
        if hasattr(value, "_meta") and getattr(value, "pk", None) is not None:
            return cls(
                user_id=value.pk,
                phone=getattr(value, "phone", "") or "",
                email=getattr(value, "email", "") or "",
                name=str(value),
                sms_on=bool(getattr(value, "notify_by_sms", True)),
                email_on=bool(getattr(value, "notify_by_email", True)),
            )
        raise ValueError(f"cannot notify {type(value).__name__}")

    @classmethod
    def for_user_id(cls, user_id: int) -> Recipient | None:
        """The user's current contact details, or None when the account is gone or disabled."""
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        return cls.coerce(user) if user is not None else None

    def full_phone(self) -> str:
        """The full number, for a backend that really sends (SMS). Never log it."""
        return self.phone.reveal() if isinstance(self.phone, Masked) else str(self.phone)

    def masked(self) -> dict:
        """The recipient as logs and files may show it."""
        return {
            "user_id": self.user_id,
            "phone": mask_phone(self.full_phone()) if self.phone else "",
            "email": mask_email(self.email) if self.email else "",
        }

    def describe(self) -> str:
        parts = [f"user#{self.user_id}"] if self.user_id is not None else []
        masked = self.masked()
        parts += [masked[k] for k in ("phone", "email") if masked[k]]
        return " ".join(parts) or "-"


@dataclass(frozen=True)
class Notification:
    recipient: Recipient
    subject: str
    body: str
    event: str  # a code such as "case.accepted"
    object_type: str = ""  # "cases.case"
    object_id: str = ""
    # Channels the sender prefers ("sms", "email"); log backends record every message.
    channels: tuple[str, ...] = field(default_factory=tuple)
    # A security code (password reset): sent whatever the person's 通知设置 say.
    security: bool = False

    def to_payload(self) -> dict:
        """JSON-safe task arguments: ids and strings only."""
        r = self.recipient
        payload = {
            "user_id": r.user_id,
            "subject": self.subject,
            "body": self.body,
            "event": self.event,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "channels": list(self.channels),
            "security": self.security,
        }
        if r.user_id is None:
            payload["email"] = r.email
            payload["name"] = r.name
            payload["phone_sealed"] = crypto.encrypt(r.full_phone(), "phone") if r.phone else ""
        return payload

    @classmethod
    def from_payload(cls, payload: dict) -> Notification | None:
        """Rebuild a notification in the worker; None when the user no longer exists."""
        if payload.get("user_id") is not None:
            recipient = Recipient.for_user_id(payload["user_id"])
            if recipient is None:
                return None
        else:
            sealed = payload.get("phone_sealed") or ""
            recipient = Recipient(
                phone=crypto.decrypt(sealed, "phone") if sealed else "",
                email=payload.get("email") or "",
                name=payload.get("name") or "",
            )
        return cls(
            recipient=recipient,
            subject=payload["subject"],
            body=payload["body"],
            event=payload["event"],
            object_type=payload.get("object_type") or "",
            object_id=payload.get("object_id") or "",
            channels=tuple(payload.get("channels") or ()),
            security=bool(payload.get("security")),
        )
