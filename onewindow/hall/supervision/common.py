"""What the supervision services share: the rules row, who may act, the hall's windows."""

from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.constants import Role
from onewindow.core.errors import PermissionDenied
from onewindow.org.constants import SiteKind
from onewindow.org.models import Window, WindowAssignment

from ..models import HallRules

SUPERVISORS = (Role.SUPERVISOR,)
# Who reads the supervision pages: supervisors, the bureau's leaders and the party group.
READERS = (Role.SUPERVISOR, Role.LEADER, Role.PARTY_MEMBER)
# Staff who clock in at a window.
WINDOW_STAFF = (Role.CLERK, Role.AGENT)


def rules() -> HallRules:
    return HallRules.objects.get_or_create(pk=1)[0]


def _active(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def is_supervisor(user) -> bool:
    return _active(user) and user.has_role(*SUPERVISORS)


def may_read(user) -> bool:
    return _active(user) and user.has_role(*READERS)


def require_supervisor(user) -> None:
    if not is_supervisor(user):
        raise PermissionDenied(_("只有大厅督查人员可以执行此操作"))


def require_reader(user) -> None:
    if not may_read(user):
        raise PermissionDenied(_("您无权查看大厅督查信息"))


def hall_windows():
    """The active windows of the district service hall (what patrols and scores cover)."""
    return (
        Window.objects.filter(site__kind=SiteKind.SERVICE_HALL, is_active=True)
        .select_related("site", "department")
        .order_by("number")
    )


def on_duty(window, day: date):
    """The staff assigned to ``window`` on ``day``."""
    return [
        a.user
        for a in WindowAssignment.objects.filter(window=window, started_on__lte=day)
        .exclude(ended_on__lt=day)
        .select_related("user")
    ]


def window_of(user, day: date) -> Window | None:
    assignment = (
        WindowAssignment.objects.filter(user=user, started_on__lte=day)
        .exclude(ended_on__lt=day)
        .select_related("window", "window__site")
        .order_by("-started_on")
        .first()
    )
    return assignment.window if assignment else None


def at(day: date, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


def month_bounds(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return first, date.fromordinal(nxt.toordinal() - 1)


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start, _end = month_bounds(year, 3 * quarter - 2)
    _start, end = month_bounds(year, 3 * quarter)
    return start, end
