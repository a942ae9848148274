"""Reads of meetings: scoped to the roles that see them (others get 404)."""

from __future__ import annotations

from onewindow.core.errors import NotFound

from .. import permissions
from ..constants import SANZHONG_KINDS
from ..models import AgendaItem, Meeting


def meetings_for(user):
    if not permissions.sees_meetings(user):
        raise NotFound()
    return Meeting.objects.all()


def meeting_for(user, pk) -> Meeting:
    try:
        return meetings_for(user).get(pk=pk)
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def item_for(user, pk) -> AgendaItem:
    if not permissions.sees_meetings(user):
        raise NotFound()
    try:
        return AgendaItem.objects.select_related("meeting").get(pk=pk)
    except (AgendaItem.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def filings_for(user):
    """三重一大 items, newest meeting first: what the discipline group has (or has not) had."""
    meetings_for(user)  # the same roles; others get 404
    return (
        AgendaItem.objects.filter(kind__in=SANZHONG_KINDS)
        .select_related("meeting")
        .prefetch_related("comments")
        .order_by("-meeting__held_on", "order")
    )
