"""Staff find any case they may see (办件查询): by number, applicant, credit code, ID, phone.

The words typed are read as one of five kinds: a case number, an 18-character unified social
credit code, an 18-character ID number, an 11-digit mobile number, or else a part of the
applicant's name. ID numbers and phones are never compared in clear: they match the
applicant's HMAC-SM3 blind index (``id_number_index``, ``phone_index``), so the search finds
exactly one person and the page shows them masked. Everything is inside
``cases.selectors.visible_cases``: a case the searcher may not see is not found, whatever
was typed. Searches by ID number or phone are audited by the caller (``search.services``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.constants import Role
from onewindow.core.audit import record
from onewindow.core.errors import DomainError, PermissionDenied
from onewindow.core.pii import crypto, mask_id_number, mask_phone, validate_id_number, validate_uscc
from onewindow.core.pii.validators import normalise_phone

from .. import selectors as case_selectors
from ..constants import NUMBER_PREFIX, CaseStatus, Channel
from ..models import DepartmentTask

SEARCH_ROLES = (Role.CLERK, Role.APPROVER, Role.SUPERVISOR, Role.LEADER)
QUERY_MAX = 64
PHONE_RE = re.compile(r"1\d{10}")
NUMBER_RE = re.compile(rf"{NUMBER_PREFIX}\d{{6,}}", re.IGNORECASE)


class Kind:
    NONE = ""
    NUMBER = "number"
    USCC = "uscc"
    ID_NUMBER = "id_number"
    PHONE = "phone"
    NAME = "name"


KIND_LABELS = {
    Kind.NUMBER: _("办件编号"),
    Kind.USCC: _("统一社会信用代码"),
    Kind.ID_NUMBER: _("身份证号码"),
    Kind.PHONE: _("手机号码"),
    Kind.NAME: _("申请人名称"),
}
# Kinds whose search is written to the audit log (personal data).
AUDITED_KINDS = frozenset({Kind.ID_NUMBER, Kind.PHONE})


@dataclass(frozen=True)
class Criteria:
    q: str = ""
    item_code: str = ""
    department_id: int | None = None
    status: str = ""
    channel: str = ""
    window_id: int | None = None
    start: date | None = None
    end: date | None = None

    def any(self) -> bool:
        return bool(
            self.q
            or self.item_code
            or self.department_id
            or self.status
            or self.channel
            or self.window_id
            or self.start
            or self.end
        )


def may_search(user) -> bool:
    return (
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.has_role(*SEARCH_ROLES)
    )


def require_searcher(user) -> None:
    if not may_search(user):
        raise PermissionDenied(_("仅窗口、审批和督查人员可以查询办件"))


def read_query(q: str) -> tuple[str, str]:
    """(kind, normalised value) of the words typed."""
    text = str(q or "").strip()[:QUERY_MAX]
    if not text:
        return Kind.NONE, ""
    if NUMBER_RE.fullmatch(text):
        return Kind.NUMBER, text.upper()
    compact = text.replace(" ", "").upper()
    if len(compact) == 18:
        for kind, validate in ((Kind.ID_NUMBER, validate_id_number), (Kind.USCC, validate_uscc)):
            try:
                return kind, validate(compact)
            except DomainError:
                continue
    phone = normalise_phone(text)
    if PHONE_RE.fullmatch(phone):
        return Kind.PHONE, phone
    return Kind.NAME, text


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def search(user, criteria: Criteria):
    """The cases this searcher may see that match, newest submission first (a queryset).

    Drafts are never listed (a draft is the applicant's own until submitted).
    """
    require_searcher(user)
    cases = case_selectors.visible_cases(user).exclude(status=CaseStatus.DRAFT)
    kind, value = read_query(criteria.q)
    if kind == Kind.NUMBER:
        cases = cases.filter(number__startswith=value)
    elif kind == Kind.USCC:
        cases = cases.filter(applicant__uscc=value)
    elif kind == Kind.ID_NUMBER:
        cases = cases.filter(applicant__id_number_index=crypto.blind_index(value, "id_number"))
    elif kind == Kind.PHONE:
        cases = cases.filter(applicant__phone_index=crypto.blind_index(value, "phone"))
    elif kind == Kind.NAME:
        cases = cases.filter(applicant__display_name__icontains=value)
    if criteria.item_code:
        cases = cases.filter(
            Q(item_version__item__code=criteria.item_code)
            | Q(bundle__code=criteria.item_code)
            | Q(industry__code=criteria.item_code)
        )
    if criteria.department_id:
        task = DepartmentTask.objects.filter(
            case=OuterRef("pk"), department_id=criteria.department_id
        )
        cases = cases.filter(
            Q(item_version__item__department_id=criteria.department_id)
            | Q(bundle__lead_department_id=criteria.department_id)
            | Q(industry__lead_department_id=criteria.department_id)
            | Q(Exists(task))
        )
    if criteria.status:
        cases = cases.filter(status=criteria.status)
    if criteria.channel:
        cases = cases.filter(channel=criteria.channel)
    if criteria.window_id:
        # The window of the clerk who accepted the case (their assignments there).
        cases = cases.filter(
            accepted_by__window_assignments__window_id=criteria.window_id
        ).distinct()
    if criteria.start:
        cases = cases.filter(submitted_at__gte=_day_start(criteria.start))
    if criteria.end:
        cases = cases.filter(submitted_at__lt=_day_start(criteria.end + timedelta(days=1)))
    return cases.select_related(
        "applicant",
        "item_version",
        "item_version__item",
        "item_version__item__department",
        "bundle",
        "industry",
    ).order_by("-submitted_at", "-pk")


def find(user, criteria: Criteria, *, request=None):
    """``search`` for a page or an export; a search by ID number or phone is audited
    (who, when, the masked value, how many cases it found) before the answer is shown."""
    cases = search(user, criteria)
    kind, value = read_query(criteria.q)
    if kind in AUDITED_KINDS:
        shown = mask_id_number(value) if kind == Kind.ID_NUMBER else mask_phone(value)
        with transaction.atomic():
            record(
                "case.search_personal",
                actor=user,
                object_type="cases.case",
                object_id="",
                after={"kind": kind, "value": shown, "found": cases.count()},
                request=request,
                summary=str(KIND_LABELS[kind]),
            )
    return cases


def status_choices():
    return [(value, label) for value, label in CaseStatus.choices if value != CaseStatus.DRAFT]


def channel_choices():
    return list(Channel.choices)
