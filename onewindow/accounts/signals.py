"""Audit every login, failure, lockout and logout; remember sessions for ending them."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from onewindow.core import audit
from onewindow.core.audit.constants import LOCKOUT, LOGIN, LOGIN_FAILED, LOGOUT
from onewindow.core.client_address import client_ip

from .models import User, UserSession


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        if not request.session.session_key:
            request.session.save()
        UserSession.objects.update_or_create(
            session_key=request.session.session_key,
            defaults={"user": user, "ip_address": client_ip(request)},
        )
    audit.record(LOGIN, actor=user, obj=user, request=request)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # Only the name that was typed: never the password.
    username = str((credentials or {}).get("username", ""))[:150]
    audit.record(
        LOGIN_FAILED,
        result="failure",
        object_type="accounts.user",
        object_id=username,
        summary=username,
        request=request,
    )


@receiver(user_locked_out)
def on_locked_out(sender, request, username, ip_address, **kwargs):
    audit.record(
        LOCKOUT,
        result="denied",
        object_type="accounts.user",
        object_id=str(username or "")[:150],
        summary=f"{username or ''} @ {ip_address or ''}",
        request=request,
    )


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is None:
        return
    if request is not None and hasattr(request, "session") and request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()
    audit.record(LOGOUT, actor=user, obj=user, request=request)


@receiver(post_save, sender=User, dispatch_uid="accounts.forget_cached_tokens")
def forget_cached_tokens(sender, instance, created, raw=False, **kwargs):
    """A saved user (roles, department, activity, password) is read afresh by their tokens."""
    if not created and not raw:
        from . import tokens

        tokens.forget_user(instance.pk)
