"""Rows for the public figures' tests, written directly (the figures only read them)."""

from datetime import datetime, timedelta

from django.utils import timezone

from onewindow.feedback.constants import (
    BAD_RATING_MAX_LEVEL,
    AppealStatus,
    RatingChannel,
    WorkOrderKind,
    WorkOrderSource,
    WorkOrderStatus,
)
from onewindow.feedback.models import Rating, WorkOrder

_numbers = iter(range(1, 10**6))


def at(day, hour=10):
    return datetime.combine(day, datetime.min.time(), tzinfo=timezone.get_current_timezone()) + (
        timedelta(hours=hour)
    )


def rating(level, *, department=None, when=None, appeal=AppealStatus.NONE, **extra):
    row = Rating.objects.create(
        level=level,
        channel=extra.pop("channel", RatingChannel.ON_SITE),
        is_bad=level <= BAD_RATING_MAX_LEVEL,
        department=department,
        appeal_status=appeal,
        **extra,
    )
    if when is not None:
        Rating.objects.filter(pk=row.pk).update(created_at=when)
        row.refresh_from_db()
    return row


def remedy(bad_rating, *, due_at, closed_at=None, status=None, clock=None):
    status = status or (WorkOrderStatus.CLOSED if closed_at else WorkOrderStatus.HANDLING)
    return WorkOrder.objects.create(
        number=f"GD20260101{next(_numbers):05d}",
        source=WorkOrderSource.BAD_RATING,
        kind=WorkOrderKind.REMEDY,
        status=status,
        subject="差评整改",
        content="核实并整改",
        department=bad_rating.department,
        rating=bad_rating,
        received_at=bad_rating.created_at,
        due_at=due_at,
        closed_at=closed_at,
        clock=clock,
    )
