"""延长审批期限: the leader extends a case's statutory limit once (行政许可法 Art. 42).

"行政许可决定...二十日内不能作出决定的，经本行政机关负责人批准，可以延长十日，并应当将
延长期限的理由告知申请人." Here: only the bureau's leader (Role.LEADER), only while the
case is in review, only once per case, only before the statutory limit has run out; the
statutory clock gets ``CASES_EXTENSION_DAYS`` (default 10) more working days, the promised
clock is unchanged (the bureau's promise is not the law's). The reason goes on the
timeline, in the audit log and to the applicant.

The yellow and red warnings already raised on the statutory clock were raised against
the old due date; they are withdrawn so that the daily scan warns again before the new
one (the audit event keeps what was withdrawn).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from onewindow.accounts.constants import Role
from onewindow.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from onewindow.core.pii.freetext import sealed_update
from onewindow.core.workdays import services as clocks

from .. import moves, notifications
from ..constants import CASES_EXTENSION_DAYS, REASON_MAX_LENGTH, CaseStatus, ClockKind
from ..models import Case, CaseWarning


def extension_days() -> int:
    return int(getattr(settings, "CASES_EXTENSION_DAYS", CASES_EXTENSION_DAYS))


def may_extend(user) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.has_role(Role.LEADER)
    )


def case_for_extension(user, number) -> Case:
    """The case ``number`` for the leader's extension page; NotFound for anyone else."""
    if not may_extend(user):
        raise NotFound()
    case = (
        Case.objects.select_related(
            "statutory_clock", "promised_clock", "item_version", "bundle", "industry"
        )
        .filter(number=str(number))
        .first()
    )
    if case is None:
        raise NotFound()
    return case


@transaction.atomic
def extend(user, case, reason, *, request=None) -> Case:
    """Extend the statutory limit of ``case`` by CASES_EXTENSION_DAYS working days."""
    if not may_extend(user):
        raise PermissionDenied(_("延长审批期限须经局领导批准"))
    reason = moves.clean_text(reason, "reason", REASON_MAX_LENGTH)
    if not reason:
        raise InvalidInput(_("请填写延长理由"), field="reason")
    case = moves.load_case(case)
    if case.status != CaseStatus.IN_REVIEW:
        raise Conflict(_("只有审查中的办件可以延长审批期限"))
    if case.extended_days:
        raise Conflict(_("该办件已延长过一次审批期限，不能再次延长"))
    clock = case.statutory_clock
    today = moves.today()
    if clock is None or clock.stopped_on is not None:
        raise Conflict(_("该办件的法定时限已停止计时，不能延长"))
    if clocks.workdays_left(clock, today) < 0:
        raise Conflict(_("法定审批期限已届满，不能再延长"))
    days = extension_days()
    # The case's row lock and the once-only rule in one conditional UPDATE.
    updated = Case.objects.filter(pk=case.pk, status=CaseStatus.IN_REVIEW, extended_days=0).update(
        **sealed_update(Case, {"extension_reason": reason}),
        extended_days=days,
        version_lock=F("version_lock") + 1,
    )
    if not updated:
        raise moves.conflict()
    old_due = clock.due_date
    clock = clocks.extend_clock(clock, days)
    warnings = CaseWarning.objects.filter(case=case, clock_kind=ClockKind.STATUTORY)
    withdrawn = sorted(warnings.values_list("level", flat=True))
    warnings.delete()
    moves.event(
        case,
        "extend",
        actor=user,
        note=_(
            "经局领导批准，法定审批期限延长%(days)s个工作日，届满日改为%(due)s。理由：%(reason)s"
        )
        % {"days": days, "due": clock.due_date.isoformat(), "reason": reason},
    )
    moves.audit(
        case,
        "extend",
        actor=user,
        before={"extended_days": 0, "statutory_due": old_due, "warnings": withdrawn},
        after={"extended_days": days, "statutory_due": clock.due_date, "reason": reason},
        request=request,
    )
    case.refresh_from_db()
    notifications.case_moved(case, "extend", note=reason, after={"days": days, "reason": reason})
    return case
