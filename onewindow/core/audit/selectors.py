"""Reads of the audit log. Only audit administrators may read it (三员分立)."""

import datetime
from dataclasses import asdict, dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import timezone

from onewindow.accounts.constants import Role
from onewindow.core.errors import NotFound

from .models import AuditEvent

PAGE_SIZE = 50
# Bounds outside these cover every event anyway; dropping them avoids date overflow.
_EARLIEST = datetime.date(1970, 1, 1)
_LATEST = datetime.date(9000, 1, 1)


def can_read_audit(user) -> bool:
    """Only the audit administrator; the system and security administrators may not."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and hasattr(user, "has_role")
        and user.has_role(Role.AUDIT_ADMIN)
    )


@dataclass(frozen=True)
class AuditFilter:
    """What the list, the export and the API filter by; empty values filter nothing."""

    action: str = ""
    actor: str = ""
    result: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    object_type: str = ""
    object_id: str = ""
    object: str = ""

    def describe(self) -> dict:
        """The filters in use, as JSON-safe values (for the export's audit record)."""
        return {k: str(v) for k, v in asdict(self).items() if v not in ("", None)}


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def filter_events(user, filters: AuditFilter) -> QuerySet[AuditEvent]:
    """Events matching ``filters``, newest first. Raises NotFound for anyone else."""
    if not can_read_audit(user):
        raise NotFound()
    events = AuditEvent.objects.order_by("-id")
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.actor:
        events = events.filter(actor_name__icontains=filters.actor)
    if filters.result:
        events = events.filter(result=filters.result)
    if filters.date_from and filters.date_from > _EARLIEST:
        events = events.filter(occurred_at__gte=_start_of(filters.date_from))
    if filters.date_to and filters.date_to < _LATEST:
        # The end date is included: up to the start of the next day.
        next_day = filters.date_to + datetime.timedelta(days=1)
        events = events.filter(occurred_at__lt=_start_of(next_day))
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id:
        events = events.filter(object_id=filters.object_id)
    if filters.object:
        events = events.filter(object_repr__icontains=filters.object)
    return events


def event_page(user, filters: AuditFilter, page_number) -> Page:
    """One page of :func:`filter_events`; a bad page number gives the nearest page."""
    return Paginator(filter_events(user, filters), PAGE_SIZE).get_page(page_number)
