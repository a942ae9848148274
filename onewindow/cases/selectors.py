"""Reads of cases, scoped: an applicant sees their own, department staff their department's.

A department sees a case when the case's item (or bundle) is its own or when one of its
tasks is on the case (parallel review by other departments).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from onewindow.accounts.constants import Role
from onewindow.catalog import selectors as catalog_selectors
from onewindow.core.errors import NotFound
from onewindow.core.workdays.calendar import get_calendar

from .constants import CASES_ACCEPTANCE_NOTICE_DAYS, OPEN_TASK_STATUSES, CaseStatus
from .models import Case, CaseEvent, DepartmentTask


def visible_cases(user):
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Case.objects.none()
    scope = Q(applicant=user)
    if getattr(user, "department_id", None):
        own_task = DepartmentTask.objects.filter(
            case=OuterRef("pk"), department_id=user.department_id
        )
        scope |= (
            Q(item_version__item__department_id=user.department_id)
            | Q(bundle__lead_department_id=user.department_id)
            | Q(Exists(own_task))
        )
    return Case.objects.filter(scope)


def case_for(user, number) -> Case:
    """The case ``number`` if this user may see it, else NotFound (never 403: no probing)."""
    case = (
        visible_cases(user)
        .filter(number=str(number))
        .select_related("applicant", "item_version", "item_version__item", "bundle")
        .first()
    )
    if case is None:
        raise NotFound()
    return case


def case_materials(case) -> list:
    """The materials of the version the case was created under (never the current one)."""
    if case.item_version_id is not None:
        return list(case.item_version.materials.select_related("material_type").all())
    return catalog_selectors.bundle_materials(case.bundle)


def timeline(case) -> list[CaseEvent]:
    """The applicant's timeline of ``case`` (already checked visible by the caller)."""
    return list(case.events.select_related("department").order_by("created_at", "pk"))


def acceptance_queue(user):
    """Submitted cases a window clerk may see, oldest submission first."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    if not user.has_role(Role.CLERK):
        return Case.objects.none()
    return visible_cases(user).filter(status=CaseStatus.SUBMITTED).order_by("submitted_at", "pk")


def _notice_days() -> int:
    return int(getattr(settings, "CASES_ACCEPTANCE_NOTICE_DAYS", CASES_ACCEPTANCE_NOTICE_DAYS))


def unanswered_cutoff(today: date, days: int | None = None) -> date:
    """The latest submission day whose notice period (N working days after it) is over."""
    days = _notice_days() if days is None else days
    calendar = get_calendar()
    day = today - timedelta(days=1)
    # Walk back to the last day d with add_workdays(d, days) < today; bounded by the
    # longest stretch of rest days a calendar can hold.
    for _ in range(400):
        if calendar.add_workdays(day, days) < today:
            return day
        day -= timedelta(days=1)
    return day


def unanswered_submissions(today: date | None = None, *, queryset=None):
    """Submitted cases with no answer from the window within the notice period.

    行政许可法 Art. 32: without a deficiency notice within 5 working days (configurable,
    ``CASES_ACCEPTANCE_NOTICE_DAYS``) the application counts as accepted. The daily scan
    and the supervisors' pages list these. Pass ``queryset`` (e.g. visible_cases(user))
    to scope the list.
    """
    today = today or timezone.localdate()
    cutoff = unanswered_cutoff(today)
    end = timezone.make_aware(datetime.combine(cutoff + timedelta(days=1), time.min))
    base = Case.objects.all() if queryset is None else queryset
    return base.filter(status=CaseStatus.SUBMITTED, submitted_at__lt=end).order_by(
        "submitted_at", "pk"
    )


def department_tasks(user):
    """The open tasks of the user's department, most urgent (promised due date) first."""
    department_id = getattr(user, "department_id", None) if user is not None else None
    if not department_id or not getattr(user, "is_authenticated", False):
        return DepartmentTask.objects.none()
    return (
        DepartmentTask.objects.filter(department_id=department_id, status__in=OPEN_TASK_STATUSES)
        .select_related("case", "case__promised_clock")
        .order_by("case__promised_clock__due_date", "pk")
    )


def task_for(user, pk) -> DepartmentTask:
    """One of the user's department's tasks, else NotFound."""
    department_id = getattr(user, "department_id", None) if user is not None else None
    task = (
        DepartmentTask.objects.filter(pk=pk, department_id=department_id)
        .select_related("case", "department")
        .first()
        if department_id and isinstance(pk, int)
        else None
    )
    if task is None:
        raise NotFound()
    return task
