"""Who hears of a work order's steps, and in what words (Chinese, personal data masked).

- The handling unit's staff (approvers and clerks of the department): a dispatched order,
  a new remedy order, a chase (督办), a return for redo, a ruling on their appeal, and the
  escalation scan's reminders and warnings.
- The requester, when they have an account: the reply (for a remedy: the outcome of the
  rating's verification and remedy).
- Hall supervisors: orders waiting for dispatch, appeals to rule on, overdue warnings;
  leaders too when an order is escalated.

Messages go through ``core.notify.notify``, which sends only after the transaction commits.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation

from onewindow.accounts.constants import Role
from onewindow.core.notify import Recipient, notify
from onewindow.core.pii.masking import mask_text

from .workflow import UNIT_ROLES


def department_staff(department_id) -> list[int]:
    """Active approvers and clerks of the department (the handling unit)."""
    if department_id is None:
        return []
    return list(
        get_user_model()
        .objects.filter(
            department_id=department_id, is_active=True, role_grants__role__in=UNIT_ROLES
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )


def users_with_role(*roles) -> list[int]:
    return list(
        get_user_model()
        .objects.filter(is_active=True, role_grants__role__in=roles)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )


def supervisors() -> list[int]:
    return users_with_role(Role.SUPERVISOR)


def send(user_ids, order, *, event: str, subject, body, **params) -> int:
    """One message to each user (deduplicated), in Chinese, with personal data masked.

    ``subject`` and ``body`` are lazy texts; ``body`` is filled with ``params`` (and the
    order's number as ``number``) in the site's language, whoever acted.
    """
    with translation.override(settings.LANGUAGE_CODE):
        params = {"number": order.number, **{k: str(v) for k, v in params.items()}}
        subject, body = mask_text(str(subject)), mask_text(str(body) % params)
    sent = 0
    for user_id in dict.fromkeys(user_ids):
        notify(Recipient(user_id=user_id), subject=subject, body=body, event=event, obj=order)
        sent += 1
    return sent
