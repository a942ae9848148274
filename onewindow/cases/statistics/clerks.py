"""The window's own work (窗口工作量): accepted, notified and delivered, per clerk and per
window, in the statistics' period — besides the counts by department.

Counted from the timeline (CaseEvent: who did which step when), so a case accepted by one
clerk and delivered by another counts for each of them. A clerk's window is the window of
their assignment (WindowAssignment) open on the day of the step, else "—".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from onewindow.org.models import WindowAssignment

from ..models import CaseEvent
from .report import Filters, Scope

ACCEPTED = ("accept", "accept_conditionally")
NOTIFIED = ("notify_deficiency", "request_correction")
DELIVERED = ("conclude",)
NO_WINDOW = _("未分配窗口")


@dataclass
class WorkRow:
    key: object
    label: str
    window: str = ""
    accepted: int = 0
    notified: int = 0
    delivered: int = 0

    @property
    def total(self) -> int:
        return self.accepted + self.notified + self.delivered


@dataclass
class ClerkWork:
    by_clerk: list[WorkRow] = field(default_factory=list)
    by_window: list[WorkRow] = field(default_factory=list)


def clerk_work(scope: Scope, filters: Filters) -> ClerkWork:
    """Per clerk and per window; department staff see only their department's cases."""
    start, end = filters.bounds()
    events = CaseEvent.objects.filter(
        action__in=ACCEPTED + NOTIFIED + DELIVERED,
        actor__isnull=False,
        created_at__gte=start,
        created_at__lt=end,
    )
    if scope.department_id is not None:
        events = events.filter(
            Q(case__item_version__item__department_id=scope.department_id)
            | Q(case__bundle__lead_department_id=scope.department_id)
            | Q(case__industry__lead_department_id=scope.department_id)
        )
    if filters.channel:
        events = events.filter(case__channel=filters.channel)
    counts = (
        events.values("actor", "actor__display_name", "action").annotate(n=Count("pk")).order_by()
    )
    clerks: dict[int, WorkRow] = {}
    for row in counts:
        clerk = clerks.setdefault(
            row["actor"], WorkRow(key=row["actor"], label=row["actor__display_name"] or "—")
        )
        if row["action"] in ACCEPTED:
            clerk.accepted += row["n"]
        elif row["action"] in NOTIFIED:
            clerk.notified += row["n"]
        else:
            clerk.delivered += row["n"]
    windows_of = _windows(list(clerks), filters)
    by_window: dict[str, WorkRow] = defaultdict(lambda: WorkRow(key=None, label=""))
    for pk, clerk in clerks.items():
        clerk.window = windows_of.get(pk, str(NO_WINDOW))
        window = by_window[clerk.window]
        window.key = window.label = clerk.window
        window.accepted += clerk.accepted
        window.notified += clerk.notified
        window.delivered += clerk.delivered
    return ClerkWork(
        by_clerk=sorted(clerks.values(), key=lambda r: (-r.total, r.label)),
        by_window=sorted(by_window.values(), key=lambda r: (-r.total, r.label)),
    )


def _windows(user_ids: list[int], filters: Filters) -> dict[int, str]:
    """Each clerk's window in the period: the latest assignment that started by its end."""
    found: dict[int, str] = {}
    rows = (
        WindowAssignment.objects.filter(user_id__in=user_ids, started_on__lte=filters.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=filters.start))
        .select_related("window", "window__site")
        .order_by("user_id", "-started_on")
    )
    for row in rows:
        found.setdefault(row.user_id, str(row.window))
    return found
