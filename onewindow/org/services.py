"""Every write of the org app that is not reference-data editing in the admin."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from onewindow.accounts.constants import AccountKind, Role
from onewindow.core.audit import record
from onewindow.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied

from . import selectors
from .models import ServiceSite, Window, WindowAssignment

# Who may put staff on windows: hall management and reference-data administration.
ASSIGNING_ROLES = (Role.LEADER, Role.SUPERVISOR, Role.SYSTEM_ADMIN)


def _as_date(value) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(_("上岗日期格式有误"), field="started_on") from None


def assign_staff(
    user,
    window_number: str,
    started_on,
    *,
    site: ServiceSite | None = None,
    actor=None,
    request=None,
) -> WindowAssignment:
    """Put ``user`` on duty at window ``window_number`` of ``site`` (default: the hall).

    Idempotent: if the user is already on duty there, nothing changes and nothing is
    audited. A member of staff works at one window at a time, so any other open
    assignment of theirs ends the day the new one starts. ``actor`` None means the
    system itself (the demo loader, a command); a person must hold an assigning role.
    """
    if actor is not None and not actor.has_role(*ASSIGNING_ROLES):
        raise PermissionDenied(_("只有局领导、大厅督查人员或系统管理员可以安排窗口人员"))
    if not user.is_active or user.kind != AccountKind.STAFF:
        raise InvalidInput(_("只能安排在职的工作人员上岗"), field="user")
    started_on = _as_date(started_on)
    site = site or selectors.service_hall()
    window = (
        Window.objects.filter(site=site, number=str(window_number).strip(), is_active=True)
        .select_related("site")
        .first()
        if site is not None
        else None
    )
    if window is None:
        raise NotFound(_("未找到窗口 %(number)s") % {"number": window_number})

    with transaction.atomic():
        current = WindowAssignment.objects.filter(window=window, user=user, ended_on__isnull=True)
        existing = current.first()
        if existing is not None:
            return existing
        others = list(
            WindowAssignment.objects.select_for_update()
            .filter(user=user, ended_on__isnull=True)
            .select_related("window__site")
        )
        ended = [f"{a.window.site.code}/{a.window.number}" for a in others]
        for other in others:
            # Never end an assignment before it began.
            other.ended_on = max(started_on, other.started_on)
        WindowAssignment.objects.bulk_update(others, ["ended_on"])
        try:
            with transaction.atomic():
                assignment = WindowAssignment.objects.create(
                    window=window, user=user, started_on=started_on
                )
        except IntegrityError:
            # Someone put the same person on the same window a moment ago.
            raise Conflict(_("该工作人员已在此窗口上岗")) from None
        record(
            "org.assign_window",
            actor=actor,
            obj=assignment,
            before={"open_assignments": ended} if ended else None,
            after={
                "site": window.site.code,
                "window": window.number,
                "user": user.pk,
                "started_on": started_on.isoformat(),
            },
            request=request,
            summary=_("安排%(name)s到%(window)s窗口上岗")
            % {"name": user.display_name or user.username, "window": window.number},
        )
        return assignment
