"""Reads of the staff pages."""

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from onewindow.accounts.models import User
from onewindow.core.errors import NotFound

from ..constants import ReviewStatus, TrainingKind
from ..models import PartyActivity, PartyMember, PerformanceIndicator, PerformanceReview, Training
from ..supervision import common


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


# -- performance reviews (绩效考核) -------------------------------------------------------


def may_see_all_reviews(user) -> bool:
    return common.may_read(user)


def reviews(user, year=None, quarter=None):
    """Reviews ``user`` may see: supervisors and readers every one (drafts too), window
    staff their own final ones."""
    rows = PerformanceReview.objects.select_related("user", "reviewer")
    if not may_see_all_reviews(user):
        rows = rows.filter(user=user, status=ReviewStatus.FINAL)
    if year:
        rows = rows.filter(year=year)
    if quarter:
        rows = rows.filter(quarter=quarter)
    return rows.order_by("-year", "-quarter", "-total", "pk")


def review_for(user, pk) -> PerformanceReview:
    row = reviews(user).filter(pk=pk).first()
    if row is None:
        raise NotFound(_("该绩效考核不存在"))
    return row


def indicator_rows(review=None) -> list[dict]:
    """The active indicators with the review's points (for the form and the detail)."""
    scores = review.scores if review is not None else {}
    return [
        {"indicator": i, "points": scores.get(str(i.pk), "")}
        for i in PerformanceIndicator.objects.filter(is_active=True)
    ]


def window_staff():
    return (
        User.objects.filter(is_active=True, role_grants__role__in=common.WINDOW_STAFF)
        .distinct()
        .order_by("display_name", "pk")
    )
