"""Public tracking (办件查询): anyone with the case number AND the applicant's phone.

The phone is never compared in clear: it is normalised and looked up through the
accounts' HMAC-SM3 blind index (``phone_index``), as accounts.selectors.find_by_phone
does. A wrong phone and an unknown number get the same answer, so the page cannot be
used to learn which numbers exist. Failed look-ups are counted per client address in
the cache; past CASES_TRACK_MAX_FAILURES in an hour the address is refused until the
hour is over (a right answer too, or the limit could be probed).

What the public page shows holds no personal data: the item's name, the status, the
dates, and each step's label, date and department. No names, no notes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from onewindow.core import throttle
from onewindow.core.errors import DomainError, NotFound
from onewindow.core.pii import crypto, validators

from .. import constants
from ..constants import ACTION_LABELS, CaseStatus
from ..models import Case

WINDOW_SECONDS = 3600
NUMBER_MAX_LENGTH = 32


def not_found() -> NotFound:
    return NotFound(_("未查询到该办件，请核对办件编号和手机号码"))


def max_failures() -> int:
    return int(getattr(settings, "CASES_TRACK_MAX_FAILURES", constants.CASES_TRACK_MAX_FAILURES))


THROTTLE_PREFIX = "cases:track:failures"


@dataclass
class PublicStep:
    label: str
    created_at: object
    department: str


@dataclass
class PublicCase:
    number: str
    name: str
    status: str
    status_label: str
    submitted_at: object
    accepted_at: object
    concluded_at: object
    due_date: object
    steps: list


def find(number, phone, *, request=None) -> Case:
    """The case if the number and the applicant's phone match, else NotFound (same words)."""
    # Counted before the look-up and given back when it succeeds: only failures stay counted.
    key = throttle.take(
        THROTTLE_PREFIX,
        request,
        limit=max_failures(),
        seconds=WINDOW_SECONDS,
        message=_("查询失败次数过多，请一小时后再试。"),
    )
    number = str(number or "").strip().upper()
    try:
        phone = validators.validate_phone(phone)
    except DomainError:
        phone = ""
    case = None
    if phone and number and len(number) <= NUMBER_MAX_LENGTH and "\x00" not in number:
        case = (
            Case.objects.filter(
                number=number, applicant__phone_index=crypto.blind_index(phone, "phone")
            )
            .exclude(status=CaseStatus.DRAFT)
            .select_related("item_version", "bundle", "industry", "promised_clock")
            .first()
        )
    if case is None:
        raise not_found()
    throttle.give_back(key)
    return case


def public_view(case: Case) -> PublicCase:
    """What the public page may show of ``case``: no names, no notes, no personal data."""
    events = case.events.select_related("department").order_by("created_at", "pk")
    steps = [
        PublicStep(
            label=str(ACTION_LABELS.get(e.action, e.action)),
            created_at=e.created_at,
            department=e.department.name if e.department_id else "",
        )
        for e in events
    ]
    if case.item_version_id:
        name = case.item_version.name
    elif case.bundle_id:
        name = case.bundle.name
    else:
        name = case.industry.name if case.industry_id else ""
    clock = case.promised_clock
    due = clock.due_date if clock is not None and clock.stopped_on is None else None
    return PublicCase(
        number=case.number,
        name=name,
        status=case.status,
        status_label=str(case.get_status_display()),
        submitted_at=case.submitted_at,
        accepted_at=case.accepted_at,
        concluded_at=case.concluded_at,
        due_date=due,
        steps=steps,
    )


def track(number, phone, *, request=None) -> PublicCase:
    return public_view(find(number, phone, request=request))
