"""Visits: the clerk's "new visit" at a window and the 收件凭证's code.

Each visit gets one code (``services.issue_token``): the window's screen shows the latest,
the receipt reuses the visit's unused one, so one visit never yields two ratings.
"""

from __future__ import annotations

from datetime import datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.constants import Role
from onewindow.core.errors import InvalidInput, NotFound, PermissionDenied

from ..constants import RatingChannel
from ..models import RatingToken
from .services import case_department, expiry_for, issue_token, signed_for


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def on_duty_window_ids(user) -> list[int]:
    """The windows where ``user`` is on duty now (an open assignment)."""
    if not _signed_in(user):
        return []
    return list(
        user.window_assignments.filter(ended_on__isnull=True).values_list("window_id", flat=True)
    )


def start_visit(clerk, window, case_number, *, request=None) -> tuple[RatingToken, str]:
    """The clerk at ``window`` starts serving case ``case_number``: the screen's new code."""
    from onewindow.cases import selectors as case_selectors

    if not _signed_in(clerk) or not clerk.has_role(Role.CLERK):
        raise PermissionDenied(_("仅窗口工作人员可以开始办理"))
    if window is None or window.pk not in on_duty_window_ids(clerk):
        raise PermissionDenied(_("您不在该窗口值岗，不能为该窗口生成评价码"))
    number = str(case_number or "").strip()
    if not number:
        raise InvalidInput(_("请输入办件编号"), field="case_number")
    try:
        case = case_selectors.case_for(clerk, number)
    except NotFound:
        raise InvalidInput(_("未找到该办件，请核对办件编号"), field="case_number") from None
    return issue_token(
        case=case,
        window=window,
        staff=clerk,
        department=window.department or case_department(case),
        channel=RatingChannel.ON_SITE,
        actor=clerk,
        request=request,
    )


def receipt_token(case, *, actor=None, request=None) -> tuple[RatingToken | None, str | None]:
    """The code printed on the 收件凭证 of a window case.

    The visit's unused, unexpired token is reused (the screen's code for the same visit, or
    the one printed before), so one visit never yields two codes. If the visit was already
    rated the token comes back without a string; if its rating period is over, ``(None, None)``.
    A clerk on duty who prints the receipt is bound to the new token with their window.
    """
    from onewindow.cases.models import Case

    if case.submitted_at is None:
        return None, None
    today = timezone.localdate()
    visit_day = timezone.localdate(case.submitted_at)
    day_start = timezone.make_aware(datetime.combine(visit_day, time.min))
    with transaction.atomic():
        # One receipt printed twice at the same moment must not make two codes.
        Case.objects.select_for_update().filter(pk=case.pk).first()
        visit_tokens = RatingToken.objects.filter(
            case=case, channel=RatingChannel.ON_SITE, visited_at__gte=day_start
        )
        unused = (
            visit_tokens.filter(used_at__isnull=True, expires_on__gte=today)
            .order_by("-visited_at", "-id")
            .first()
        )
        if unused is not None:
            return unused, signed_for(unused)
        used = visit_tokens.filter(used_at__isnull=False).order_by("-used_at").first()
        if used is not None:
            return used, None
        if today > expiry_for(case.submitted_at):
            return None, None
        staff = actor if _signed_in(actor) and actor.has_role(Role.CLERK) else None
        window = None
        if staff is not None:
            window = (
                staff.window_assignments.filter(ended_on__isnull=True)
                .select_related("window__department")
                .order_by("-started_on")
                .first()
            )
            window = window.window if window is not None else None
        return issue_token(
            case=case,
            window=window,
            staff=staff,
            channel=RatingChannel.ON_SITE,
            visited_at=case.submitted_at,
            actor=actor if _signed_in(actor) else None,
            request=request,
        )
