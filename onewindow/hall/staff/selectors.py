"""Reads of the staff pages."""

from django.db.models import Count, Sum

from ..constants import TrainingKind
from ..models import PartyActivity, PartyMember, PerformanceIndicator, PerformanceReview, Training


def overview() -> dict:
    trainings = list(Training.objects.annotate(people=Count("attendees")).order_by("-held_on"))
    totals = {
        kind: {
            "sessions": sum(1 for t in trainings if t.kind == kind),
            "hours": sum((t.hours for t in trainings if t.kind == kind), 0),
        }
        for kind in TrainingKind.values
    }
    return {
        "indicators": list(PerformanceIndicator.objects.filter(is_active=True)),
        "reviews": list(
            PerformanceReview.objects.select_related("user").order_by(
                "-year", "-quarter", "-total"
            )[:40]
        ),
        "trainings": trainings,
        "training_totals": totals,
        "training_kinds": TrainingKind,
        "members": list(
            PartyMember.objects.filter(is_active=True).select_related("user", "window")
        ),
        "activities": list(PartyActivity.objects.annotate(people=Count("attendees"))[:20]),
        "hours": Training.objects.aggregate(h=Sum("hours"))["h"],
    }
