"""Login policy decisions, read from settings so local rules can differ."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .constants import AccountKind


def second_factor_required(user) -> bool:
    return settings.OTP_REQUIRED_FOR_STAFF and user.kind == AccountKind.STAFF


def password_expired(user) -> bool:
    days = settings.PASSWORD_EXPIRY_DAYS
    if not days or user.password_changed_at is None:
        return False
    return timezone.now() - user.password_changed_at > timedelta(days=days)


def password_change_due(user) -> bool:
    return user.must_change_password or password_expired(user)
