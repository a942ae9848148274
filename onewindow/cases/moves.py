"""Building blocks the case services share: the conditional UPDATE, timeline, audit, clocks.

Not for other apps: call the functions in services.py.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.catalog import selectors as catalog_selectors
from onewindow.core import metrics, rows
from onewindow.core.audit import record
from onewindow.core.errors import Conflict, InvalidInput, NotFound
from onewindow.core.pii.freetext import sealed_update
from onewindow.core.workdays import services as clocks
from onewindow.core.workdays.models import Clock

from . import notifications
from .constants import ACTION_LABELS, CaseStatus
from .models import Case, CaseEvent, DepartmentTask
from .workflow import Transition


def conflict() -> Conflict:
    return Conflict(_("该办件已被他人处理，请刷新后重试"))


def load_case(case) -> Case:
    """A fresh copy of ``case`` (an instance, pk or number): decisions use the stored state."""
    if isinstance(case, Case):
        query = {"pk": case.pk}
    elif isinstance(case, int) and not isinstance(case, bool):
        query = {"pk": case}
    else:
        query = {"number": str(case)}
    found = (
        Case.objects.select_related("item_version", "bundle", "applicant").filter(**query).first()
    )
    if found is None:
        raise NotFound(_("未找到该办件"))
    return found


def lock_case(case: Case, expected: str) -> None:
    """Take the case's row lock (conditional UPDATE); Conflict if it left ``expected``.

    Operations on a case's department tasks lock the case first, always in this order,
    so that two departments acting at once are serialised and never deadlock.
    """
    updated = Case.objects.filter(pk=case.pk, status=expected).update(
        version_lock=F("version_lock") + 1
    )
    if not updated:
        raise conflict()


def move(
    case: Case,
    row: Transition,
    *,
    actor,
    fields: dict | None = None,
    note: str = "",
    department=None,
    before: dict | None = None,
    after: dict | None = None,
    request=None,
) -> Case:
    """Apply a workflow row with a conditional UPDATE, then write the timeline and audit.

    Zero rows updated means someone else changed the case since it was read: Conflict,
    and the caller's transaction rolls back whatever it had written. The applicant (or
    the departments) are told through the table in notifications.py, after commit.
    """
    fields = sealed_update(Case, fields or {})
    updated = Case.objects.filter(pk=case.pk, status=row.source).update(
        status=row.target, version_lock=F("version_lock") + 1, **fields
    )
    if not updated:
        raise conflict()
    _moved(case, row.target, fields)
    return _recorded(case, row, actor, note, department, before, after, request)


def written(
    case: Case,
    row: Transition,
    *,
    actor,
    note: str = "",
    department=None,
    before: dict | None = None,
    after: dict | None = None,
    request=None,
) -> Case:
    """``move`` for a case its caller has just INSERTed already in ``row.target``.

    A case created and submitted in one transaction (services.apply) is written once, in
    its final state: no other transaction can see the row, so there is nothing for a
    conditional UPDATE to guard. The timeline, the audit event and the notices are the
    move's own, as if the draft had been moved.
    """
    return _recorded(case, row, actor, note, department, before, after, request)


def _recorded(case, row, actor, note, department, before, after, request) -> Case:
    event(case, row.action, actor=actor, note=note, department=department, row=row)
    audit(
        case,
        row.action,
        actor=actor,
        before={"status": row.source, **(before or {})},
        after={"status": row.target, **(after or {})},
        request=request,
    )
    notifications.case_moved(case, row.action, note=note, after=after)
    action = row.action
    transaction.on_commit(lambda: metrics.case_moved(action), robust=True)
    return case


def _moved(case: Case, status: str, fields: dict) -> None:
    """Bring the instance up to what the UPDATE wrote, without reading the row back.

    The conditional UPDATE succeeded, so the stored row is this one with these values;
    only an expression (F(), Now()) has a value the database alone knows.
    """
    if any(hasattr(value, "resolve_expression") for value in fields.values()):
        case.refresh_from_db()
        return
    case.status = status
    case.version_lock = (case.version_lock or 0) + 1  # a counter: nothing compares it
    for name, value in fields.items():
        setattr(case, name, value)


def event(case, action: str, *, actor=None, note="", department=None, row=None) -> CaseEvent:
    """The timeline's row: one hand-written INSERT (core.rows), no ORM compilation."""
    entry = CaseEvent(
        case=case,
        action=action,
        status_from=row.source if row is not None else case.status,
        status_to=row.target if row is not None else case.status,
        actor=actor,
        department=department,
        note=note,
    )
    rows.insert([entry])
    return entry


def audit(case, action: str, *, actor=None, before=None, after=None, request=None, obj=None):
    label = ACTION_LABELS.get(action, action)
    return record(
        f"case.{action}",
        actor=actor,
        obj=obj if obj is not None else case,
        before=before,
        after=after,
        request=request,
        summary=_("%(label)s %(number)s") % {"label": label, "number": case.number},
    )


# -- limits and clocks ----------------------------------------------------------------


def limits(case: Case) -> tuple[int, int]:
    """(statutory, promised) working days: the case's version, or its bundle's (industry's) items.

    A bundle or an industry (一业一证) is bound by the longest statutory limit of its items'
    published versions; its own promised limit, when set, replaces theirs.
    """
    if case.item_version_id is not None:
        version = case.item_version
        return version.statutory_limit_days, version.promised_limit_days
    if case.industry_id is not None:
        collection = case.industry
        pairs = catalog_selectors.industry_versions(collection)
    else:
        collection = case.bundle
        pairs = catalog_selectors.bundle_versions(collection)
    versions = [v for _item, v in pairs]
    statutory = max((v.statutory_limit_days for v in versions), default=0)
    promised = collection.promised_limit_days or max(
        (v.promised_limit_days for v in versions), default=0
    )
    return statutory, min(promised, statutory) if statutory else promised


def start_clocks(case: Case, today: date) -> None:
    statutory, promised = limits(case)
    Case.objects.filter(pk=case.pk).update(
        statutory_clock=clocks.start_clock(statutory, today),
        promised_clock=clocks.start_clock(promised, today),
    )
    sync_task_due(case)


def promised_due(case: Case) -> date | None:
    """The stored due date of the case's promised clock (None before acceptance)."""
    return (
        Case.objects.filter(pk=case.pk).values_list("promised_clock__due_date", flat=True).first()
    )


def sync_task_due(case: Case) -> int:
    """DepartmentTask.due_on = the case's promised due date (worklists sort on it).

    Called by every helper here that starts, pauses, resumes or stops the clocks, so
    whatever moves the promised due date also moves the tasks'. One UPDATE.
    """
    due = promised_due(case)
    return (
        DepartmentTask.objects.filter(case_id=case.pk).exclude(due_on=due).update(due_on=due)
        if due is not None
        else 0
    )


def _case_clocks(case: Case):
    fresh = Case.objects.select_related("statutory_clock", "promised_clock").get(pk=case.pk)
    return [c for c in (fresh.statutory_clock, fresh.promised_clock) if c is not None]


def pause_clocks(case: Case, kind: str, today: date) -> None:
    for clock in _case_clocks(case):
        if clock.stopped_on is None and clock.paused_since is None:
            clocks.pause_clock(clock, kind, today)
    sync_task_due(case)


def resume_clocks(case: Case, today: date) -> None:
    for clock in _case_clocks(case):
        if clock.stopped_on is None and clock.paused_since is not None:
            clocks.resume_clock(clock, today)
    sync_task_due(case)


def stop_clocks(case: Case, today: date) -> None:
    for clock in _case_clocks(case):
        if clock.stopped_on is None:
            clocks.stop_clock(clock, max(today, clock.started_on))
    sync_task_due(case)


# -- input ----------------------------------------------------------------------------


def material_type_ids(values, field: str) -> set[int]:
    """Material-type ids from ids, digit strings, Material, MaterialType or CaseMaterial."""
    if values is None:
        return set()
    if isinstance(values, (str, bytes, int)):
        values = [values]
    ids: set[int] = set()
    try:
        items = list(values)
    except TypeError:
        raise InvalidInput(_("材料清单格式不正确"), field=field) from None
    for value in items:
        if hasattr(value, "material_type_id"):
            value = value.material_type_id
        elif hasattr(value, "_meta") and value._meta.model_name == "materialtype":
            value = value.pk
        elif hasattr(value, "material_type") and hasattr(value.material_type, "pk"):
            value = value.material_type.pk
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise InvalidInput(_("材料清单格式不正确"), field=field)
        ids.add(value)
    return ids


def clean_text(value, field: str, max_length: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(_("输入格式不正确"), field=field)
    value = value.strip()
    if len(value) > max_length:
        raise InvalidInput(_("不能超过%(n)s个字") % {"n": max_length}, field=field)
    return value


def stop_delivery_clock(case: Case) -> None:
    """The decision has reached the applicant (or the case ends): no more delivery warnings."""
    if case.delivery_clock_id is None:
        return
    clock = Clock.objects.get(pk=case.delivery_clock_id)
    if clock.stopped_on is None:
        clocks.stop_clock(clock, max(today(), clock.started_on))


def today() -> date:
    return timezone.localdate()


TERMINAL_STATUSES = (
    CaseStatus.REFUSED,
    CaseStatus.CONCLUDED,
    CaseStatus.TERMINATED,
)
