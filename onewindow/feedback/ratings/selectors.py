"""Reads of ratings, scoped to the viewer in SQL.

- hall supervisors and the bureau's leaders see every rating;
- department staff (approvers, agents) their department's;
- window clerks the ratings of the windows they are on duty at, and of themselves.
Anyone else sees none; a rating out of scope is NotFound (404), never 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.constants import Role
from onewindow.core.errors import NotFound, PermissionDenied
from onewindow.org.models import Department, Window

from ..constants import CHANNEL_QUESTIONS, Question, RatingChannel
from ..models import Rating, RatingToken
from .visits import on_duty_window_ids

OVERSIGHT_ROLES = (Role.SUPERVISOR, Role.LEADER)
DEPARTMENT_ROLES = (Role.APPROVER, Role.AGENT)
LIST_ROLES = (*OVERSIGHT_ROLES, *DEPARTMENT_ROLES, Role.CLERK)


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def sees_all(user) -> bool:
    return _signed_in(user) and user.has_role(*OVERSIGHT_ROLES)


def may_list(user) -> bool:
    return _signed_in(user) and user.has_role(*LIST_ROLES)


def require_lister(user) -> None:
    if not may_list(user):
        raise PermissionDenied(_("您没有查看评价的权限"))


def visible_ratings(user):
    if not _signed_in(user):
        return Rating.objects.none()
    if sees_all(user):
        return Rating.objects.all()
    scope = Q(pk__in=[])
    if user.has_role(*DEPARTMENT_ROLES) and user.department_id:
        scope |= Q(department_id=user.department_id)
    if user.has_role(Role.CLERK):
        scope |= Q(staff_id=user.pk) | Q(window_id__in=on_duty_window_ids(user))
    return Rating.objects.filter(scope)


@dataclass
class RatingFilters:
    channel: str = ""
    level: int | None = None
    bad_only: bool = False
    department: int | None = None
    month: date | None = None  # the first day of the month


def _month_range(first: date) -> tuple[datetime, datetime]:
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    start = timezone.make_aware(datetime.combine(first, time.min))
    end = timezone.make_aware(datetime.combine(following, time.min))
    return start, end


def rating_list(user, filters: RatingFilters | None = None):
    """The viewer's ratings, newest first, with everything a list row shows (no N+1)."""
    filters = filters or RatingFilters()
    ratings = visible_ratings(user)
    if filters.channel:
        ratings = ratings.filter(channel=filters.channel)
    if filters.level:
        ratings = ratings.filter(level=filters.level)
    if filters.bad_only:
        ratings = ratings.filter(is_bad=True)
    if filters.department:
        ratings = ratings.filter(department_id=filters.department)
    if filters.month:
        start, end = _month_range(filters.month)
        ratings = ratings.filter(created_at__gte=start, created_at__lt=end)
    return ratings.select_related("case", "window", "window__site", "staff", "department").order_by(
        "-created_at", "-id"
    )


def active_departments():
    return Department.objects.filter(is_active=True).order_by("sort_order", "code")


def filter_departments(user):
    """The departments the list's filter offers: all for oversight, else the viewer's own."""
    departments = active_departments()
    if sees_all(user):
        return departments
    if _signed_in(user) and user.department_id:
        return departments.filter(pk=user.department_id)
    return departments.none()


def rating_for(user, pk) -> Rating:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None
    rating = (
        visible_ratings(user)
        .select_related("case", "window", "window__site", "staff", "department", "rater", "token")
        .filter(pk=pk)
        .first()
    )
    if rating is None:
        raise NotFound()
    return rating


def score_rows(rating: Rating) -> list[tuple[str, int | None, str]]:
    """(question label, level, level label) for each question of the rating's channel."""
    from ..constants import RatingLevel

    rows = []
    for question in CHANNEL_QUESTIONS.get(rating.channel, (Question.OVERALL,)):
        value = (rating.scores or {}).get(str(question))
        label = RatingLevel(value).label if value in RatingLevel.values else ""
        rows.append((str(question.label), value, str(label)))
    return rows


def remedy_order_of(rating: Rating):
    """The remedy work order a bad rating opened (None when there is none)."""
    if not rating.is_bad:
        return None
    from ..models import WorkOrder

    return WorkOrder.objects.filter(rating=rating).only("pk", "number", "status").first()


# -- the window's screen ----------------------------------------------------------------


def may_show_screen(user, window: Window) -> bool:
    return sees_all(user) or (
        _signed_in(user) and user.has_role(Role.CLERK) and window.pk in on_duty_window_ids(user)
    )


def screen_window(user, window_id) -> Window:
    """The window whose screen the viewer may open: its clerks on duty and oversight."""
    try:
        window_id = int(window_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    window = Window.objects.select_related("site", "department").filter(pk=window_id).first()
    if window is None or not may_show_screen(user, window):
        raise NotFound()
    return window


def current_token(window: Window) -> RatingToken | None:
    """The window's current visit: its latest token, if unused and still valid."""
    token = (
        RatingToken.objects.select_related("case")
        .filter(window=window)
        .order_by("-visited_at", "-id")
        .first()
    )
    if token is None or token.used_at is not None or token.expires_on < timezone.localdate():
        return None
    return token


def my_windows(user):
    """The windows where the viewer is on duty (for links to their screens)."""
    ids = on_duty_window_ids(user)
    return Window.objects.filter(pk__in=ids).select_related("site").order_by("number")


def spot_check_windows():
    return Window.objects.filter(is_active=True).select_related("site").order_by("site", "number")


def online_rating_of(case):
    return Rating.objects.filter(case=case, channel=RatingChannel.ONLINE).first()
