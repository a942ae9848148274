"""Reading free text as it was typed: who may, and the audit record of each time they did.

A personal-text field (freetext.py) shows its text masked everywhere. Where a member of
staff needs the number a person wrote (calling back a complainant who left a phone in the
complaint), the area declares it once::

    reveal.allow(WorkOrder, "content", load=orders.selectors.order_for, may=may_handle)

``load(actor, pk)`` finds the record among those the actor may see (it raises NotFound
otherwise); ``may(actor, obj)`` says whether this actor may read the text as typed. Every
reveal is one PII_REVEAL audit record in the same transaction. Anything not declared is
never revealed: public pages and published documents have no declaration to use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from onewindow.core import audit
from onewindow.core.audit.constants import PII_REVEAL
from onewindow.core.errors import NotFound

from .freetext import MaskedText


@dataclass(frozen=True)
class Policy:
    load: Callable
    may: Callable


_POLICIES: dict[tuple[str, str], Policy] = {}


def allow(model, field: str, *, load: Callable, may: Callable) -> None:
    _POLICIES[(model._meta.label_lower, field)] = Policy(load, may)


def policy_for(obj, field: str) -> Policy | None:
    return _POLICIES.get((obj._meta.label_lower, field))


def may_reveal(actor, obj, field: str) -> bool:
    """Whether ``actor`` may read ``obj.field`` as typed, and there is something hidden."""
    policy = policy_for(obj, field)
    value = getattr(obj, field, None)
    return (
        policy is not None
        and getattr(actor, "is_authenticated", False)
        and isinstance(value, MaskedText)
        and value.hides_personal_data
        and bool(policy.may(actor, obj))
    )


@transaction.atomic
def reveal_text(actor, label: str, pk, field: str, request=None) -> str:
    """The text of one field as typed, for an allowed viewer; audited. NotFound otherwise."""
    policy = _POLICIES.get((label, field))
    if policy is None or not getattr(actor, "is_authenticated", False):
        raise NotFound()
    obj = policy.load(actor, pk)
    if not may_reveal(actor, obj, field):
        raise NotFound()
    value = getattr(obj, field)
    audit.record(
        PII_REVEAL,
        actor=actor,
        obj=obj,
        after={"field": field},
        request=request,
        summary=_("查看“%(field)s”原文") % {"field": obj._meta.get_field(field).verbose_name},
    )
    return value.reveal()
