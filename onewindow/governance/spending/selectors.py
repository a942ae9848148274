"""Reads of spending and contracts: lists scoped to the reader, warnings."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q

from onewindow.core.errors import NotFound

from .. import permissions
from ..constants import ExpenditureStatus
from ..models import Contract, Expenditure, ExpenditureSignature, Milestone


def expenditures_for(user):
    qs = Expenditure.objects.select_related("department", "filed_by")
    if permissions.sees_all_spending(user):
        return qs
    scope = Q(filed_by=user)
    if permissions.is_division_head(user) and user.department_id:
        scope |= Q(department_id=user.department_id)
    return qs.filter(scope)


def expenditure_for(user, pk) -> Expenditure:
    try:
        return expenditures_for(user).get(pk=pk)
    except (Expenditure.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def waiting_for(user, limit: int = 200) -> list:
    """Requests waiting at a step the user signs, in one query.

    The same rule as ``services.may_sign`` (the step's signer, never the filer, one step
    per person), written as SQL: checking each open request in Python cost a query per
    request (200 on a busy list; docs/performance.md).
    """
    steps = Q(pk__in=[])
    if permissions.is_division_head(user) and user.department_id:
        steps |= Q(status=ExpenditureStatus.HEAD, department_id=user.department_id)
    if permissions.is_deputy(user):
        steps |= Q(status=ExpenditureStatus.DEPUTY)
    if permissions.is_principal(user):
        steps |= Q(status=ExpenditureStatus.PRINCIPAL)
    signed = ExpenditureSignature.objects.filter(expenditure=OuterRef("pk"), signer=user)
    return list(
        expenditures_for(user).filter(steps).exclude(filed_by=user).exclude(Exists(signed))[:limit]
    )


def contracts_for(user):
    if not permissions.sees_all_spending(user):
        raise NotFound()
    return Contract.objects.all()


def contract_for(user, pk) -> Contract:
    try:
        return contracts_for(user).get(pk=pk)
    except (Contract.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def contract_warnings(today: date) -> list[dict]:
    """Milestones due (on or before today) and not performed (not accepted)."""
    rows = (
        Milestone.objects.filter(due_on__lte=today, accepted_on__isnull=True)
        .select_related("contract")
        .order_by("due_on", "pk")
    )
    return [{"milestone": m, "days": (today - m.due_on).days} for m in rows]
