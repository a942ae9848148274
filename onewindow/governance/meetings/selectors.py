"""Reads of meetings: scoped to the roles that see them (others get 404)."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from onewindow.core.errors import NotFound

from .. import permissions
from ..constants import SANZHONG_KINDS
from ..models import AgendaItem, Meeting

# A meeting's number of items, as a correlated subquery: the page's one query carries it
# (no prefetch of every item), and the paginator's COUNT stays on the meeting table alone.
ITEM_COUNT = Coalesce(
    Subquery(
        AgendaItem.objects.filter(meeting=OuterRef("pk"))
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    ),
    0,
)


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
