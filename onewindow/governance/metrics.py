"""Live figures from the governance registers that a rectification measure can be bound to
(rectification/metrics.py adds them to its registry). Each takes ``today`` and returns a
Decimal or None (no records to judge)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, OuterRef

from . import selectors

HUNDRED = Decimal(100)


def _percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _year_window(today: date) -> tuple[date, date]:
    return today - timedelta(days=364), today


def sanzhong_filed_share(today: date) -> Decimal | None:
    """三重一大 items of the last year's meetings filed with the discipline group in time, %."""
    total, on_time = selectors.sanzhong_filed(*_year_window(today))
    return _percent(on_time, total)


def first_topic_share(today: date) -> Decimal | None:
    """Party-group meetings of the last year whose first item is a study item, %."""
    total, first = selectors.meetings_with_first_topic(*_year_window(today))
    return _percent(first, total)


def key_post_talks_share(today: date) -> Decimal | None:
    """Key-post staff with at least the yearly integrity talks this calendar year, %."""
    total, done = selectors.key_posts_with_talks(today.year)
    return _percent(done, total)


def reconciliations_this_half_year(today: date) -> Decimal | None:
    from .assets.services import half_year_start
    from .models import Reconciliation

    return Decimal(Reconciliation.objects.filter(done_on__gte=half_year_start(today)).count())


def large_spending_decided_share(today: date) -> Decimal | None:
    """Approved expenditures at or above the threshold with a meeting decision, last year, %."""
    from .constants import ExpenditureStatus, expenditure_threshold
    from .models import Expenditure
    from .spending.services import meeting_decision

    since, _until = _year_window(today)
    rows = list(
        Expenditure.objects.filter(
            status=ExpenditureStatus.APPROVED,
            amount__gte=expenditure_threshold(),
            approved_on__gte=since,
        )
    )
    return _percent(sum(1 for e in rows if meeting_decision(e) is not None), len(rows))


def milestones_performed_share(today: date) -> Decimal | None:
    """Contract milestones due in the last year that were accepted (performed), %."""
    from .models import Milestone

    since, _until = _year_window(today)
    due = Milestone.objects.filter(due_on__gte=since, due_on__lte=today)
    return _percent(due.filter(accepted_on__isnull=False).count(), due.count())


def assets_entered_in_time_share(today: date) -> Decimal | None:
    """Asset purchases approved in the last year entered within the allowed days, %."""
    from .constants import ExpenditureStatus, asset_entry_days
    from .models import Asset, Expenditure

    since, _until = _year_window(today)
    limit = asset_entry_days()
    rows = list(
        Expenditure.objects.filter(
            is_asset_purchase=True,
            status=ExpenditureStatus.APPROVED,
            approved_on__gte=since,
            approved_on__lte=today - timedelta(days=limit),
        ).annotate(
            entered=Exists(
                Asset.objects.filter(expenditure=OuterRef("pk")).filter(
                    entered_on__lte=OuterRef("approved_on") + timedelta(days=limit)
                )
            )
        )
    )
    return _percent(sum(1 for e in rows if e.entered), len(rows))


def copied_talks(today: date) -> Decimal | None:
    """Talk records of this year flagged as nearly identical to another one."""
    from .models import Talk

    return Decimal(Talk.objects.filter(similar_to__isnull=False, held_on__year=today.year).count())


def study_sessions(today: date) -> Decimal | None:
    """Central-group study sessions (研讨 and 调研) this year."""
    from .models import StudySession

    return Decimal(StudySession.objects.filter(held_on__year=today.year).count())


def education_sessions(today: date) -> Decimal | None:
    from .models import EducationSession

    return Decimal(EducationSession.objects.filter(held_on__year=today.year).count())


def volunteer_activities(today: date) -> Decimal | None:
    from .models import VolunteerActivity

    return Decimal(VolunteerActivity.objects.filter(held_on__year=today.year).count())


def cadres_filed_in_time_share(today: date) -> Decimal | None:
    """Appointments of the last year filed within the configured days, %."""
    from .constants import filing_within_days
    from .models import Selection

    since, _until = _year_window(today)
    rows = list(Selection.objects.filter(appointed_on__gte=since, appointed_on__lte=today))
    limit = timedelta(days=filing_within_days())
    done = sum(1 for s in rows if s.filed_on and s.filed_on <= s.appointed_on + limit)
    return _percent(done, len(rows))
