"""Login lockouts (django-axes) and their release by the security administrator.

A locked account or address waits out the cool-off (30 minutes). When a person proves who
they are sooner (by phone, at the window), the security administrator releases the lock
here, with a reason; the release is audited with what was locked.
"""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core import audit
from onewindow.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied

from .constants import Role
from .models import User

UNLOCK = "account.unlock"
REASON_MAX_LENGTH = 200


def may_unlock(user) -> bool:
    return user.is_authenticated and user.has_role(Role.SECURITY_ADMIN)


def current_lockouts(user):
    """The locks in force now: attempts at the failure limit within the cool-off."""
    if not may_unlock(user):
        raise NotFound()
    since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    ).order_by("-attempt_time")


@transaction.atomic
def unlock(actor, attempt_id, reason, request=None) -> None:
    if not may_unlock(actor):
        raise PermissionDenied(_("只有安全管理员可以解除登录锁定"))
    reason = str(reason or "").strip()
    if not reason:
        raise InvalidInput(_("请填写解除锁定的原因"), field="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise InvalidInput(_("原因不能超过%(n)s个字") % {"n": REASON_MAX_LENGTH}, field="reason")
    attempt = AccessAttempt.objects.filter(pk=attempt_id).first()
    if attempt is None:
        raise NotFound()
    before = {
        "username": attempt.username,
        "ip_address": attempt.ip_address,
        "failures": attempt.failures_since_start,
        "last_attempt": attempt.attempt_time,
    }
    # A conditional delete: two administrators releasing the same lock, one wins.
    deleted, _detail = AccessAttempt.objects.filter(pk=attempt.pk).delete()
    if not deleted:
        raise Conflict(_("该锁定已被解除"))
    locked_user = User.objects.filter(username=attempt.username).first()
    audit.record(
        UNLOCK,
        actor=actor,
        obj=locked_user,
        object_type=None if locked_user else "axes.accessattempt",
        object_id=None if locked_user else str(attempt.pk),
        before=before,
        after={"locked": False},
        summary=reason,
        request=request,
    )
