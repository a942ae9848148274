"""The daily deadline scan: warnings, digests, broken 容缺 promises, unanswered submissions.

``run_daily_scan(today)`` runs once a day (the Celery beat entry in onewindow/celery.py,
or ``manage.py scan_deadlines``) and is safe to run again: a second run the same day
raises nothing new and sends no second digest.

1. 容缺 promises past their date end their cases (``review.expire_broken_promises``),
   first, so that a case that ends raises no warning.
2. Warnings. A case's promised and statutory clocks store their due date and the dates
   they turn yellow and red (core.workdays), so the level of every running clock today
   is a date comparison. For each clock kind one ``INSERT ... SELECT ... ON CONFLICT DO
   NOTHING`` adds a CaseWarning row (unique per case, clock kind and level) for every
   open case whose running clock is yellow, red or overdue today and has no row for that
   level yet: no calendar arithmetic, no Python object per case, the rows never leave
   the database. Paused and stopped clocks never warn. A clock that turns red without
   having been yellow (a short limit) gets only the red row.
3. Digests. The approvers of each department with an open task on a newly warned case
   get ONE message: the counts per clock and level and the numbers of the cases newly
   overdue (longest overdue first).
   Applicants are not told of warnings (they are the bureau's internal alarms; the
   applicant hears of events: acceptance, the decision, an extension …).
4. Submissions the window has not answered within the notice period (5 working days:
   by law they count as accepted) are counted; the hall supervisors get one digest a day
   with that count and the day's new warnings.

The run is audited once (``cases.deadline_scan``, object = the date) with its counts;
that record also tells a second run of the day that the supervisors were told already.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case as CaseWhen
from django.db.models import Count, DateField, F, Max, Value, When, Window
from django.db.models.constants import OnConflict
from django.db.models.functions import RowNumber
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from onewindow.accounts.constants import Role
from onewindow.core.audit import record
from onewindow.core.notify import Recipient, notify
from onewindow.core.workdays.constants import WarningLevel

from . import notifications, review, selectors
from .constants import (
    CASES_ACCEPTANCE_NOTICE_DAYS,
    CASES_DIGEST_MAX_NUMBERS,
    CLOCKED_STATUSES,
    OPEN_TASK_STATUSES,
    ClockKind,
)
from .models import Case, CaseWarning

logger = logging.getLogger("onewindow.cases")

SCAN_ACTION = "cases.deadline_scan"
LEVELS = (WarningLevel.OVERDUE, WarningLevel.RED, WarningLevel.YELLOW)  # most urgent first
CLOCK_FIELDS = (
    (ClockKind.PROMISED, "promised_clock"),
    (ClockKind.STATUTORY, "statutory_clock"),
)


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


# -- 2. warnings ------------------------------------------------------------------------


def _selection(kind: str, field: str, today: date):
    """The rows to insert for one clock kind, as a queryset (never evaluated in Python).

    Level today of a running clock (the same answer as ClockQuerySet.with_level):
    overdue when due_date < today, else red from warn_red_on, else yellow from
    warn_yellow_on; below yellow nothing is selected. Driven by the open cases, so the
    cost follows the open cases, not the years of closed ones.
    """
    level = CaseWhen(
        When(**{f"{field}__due_date__lt": today}, then=Value(WarningLevel.OVERDUE.value)),
        When(**{f"{field}__warn_red_on__lte": today}, then=Value(WarningLevel.RED.value)),
        default=Value(WarningLevel.YELLOW.value),
    )
    return (
        Case.objects.filter(
            status__in=CLOCKED_STATUSES,
            **{
                f"{field}__stopped_on__isnull": True,
                f"{field}__paused_since__isnull": True,
                f"{field}__warn_yellow_on__lte": today,
            },
        )
        .annotate(
            w_case=F("pk"),
            w_kind=Value(kind),
            w_level=level,
            w_on=Value(today, output_field=DateField()),
            w_due=F(f"{field}__due_date"),
        )
        .order_by()
        .values_list("w_case", "w_kind", "w_level", "w_on", "w_due")
    )


INSERT_COLUMNS = ("case", "clock_kind", "level", "raised_on", "due_date")


def _insert_sql(kind: str, field: str, today: date) -> tuple[str, tuple]:
    """``INSERT INTO cases_casewarning (...) SELECT ... ON CONFLICT DO NOTHING``.

    A level a case already has is skipped by the unique constraint (one index probe
    per warned clock), not by an anti-join: that would read every warning ever raised.
    """
    select_sql, params = _selection(kind, field, today).query.sql_with_params()
    opts = CaseWarning._meta
    fields = [opts.get_field(name) for name in INSERT_COLUMNS]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    insert = connection.ops.insert_statement(on_conflict=OnConflict.IGNORE)
    suffix = connection.ops.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None)
    sql = f"{insert} {qn(opts.db_table)} ({columns}) {select_sql} {suffix}"
    return sql.strip(), params


def raise_warnings(today: date) -> int:
    """Insert today's new CaseWarning rows (both clocks of every open case); the count.

    One INSERT ... SELECT per clock kind, each its own transaction. Not split by ranges
    of case ids: each range would read the warned clocks again (the join is hashed).
    """
    inserted = 0
    for kind, field in CLOCK_FIELDS:
        sql, params = _insert_sql(kind, field, today)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
            inserted += max(cursor.rowcount, 0)
    return inserted


def new_warning_counts(since_pk: int) -> dict[str, dict[str, int]]:
    """{clock_kind: {level: n}} of the warnings raised after ``since_pk``."""
    counts = {kind.value: {level.value: 0 for level in LEVELS} for kind, _f in CLOCK_FIELDS}
    rows = (
        CaseWarning.objects.filter(pk__gt=since_pk)
        .values_list("clock_kind", "level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for kind, level, n in rows:
        counts.setdefault(kind, {})[level] = n
    return counts


# -- 3. digests to the departments ------------------------------------------------------


def _department_counts(since_pk: int) -> dict[int, dict[tuple[str, str], int]]:
    """{department id: {(clock kind, level): open tasks on cases newly warned}}.

    A case has at most one task per department and one warning per clock kind and
    level, so counting the joined rows counts cases.
    """
    rows = (
        CaseWarning.objects.filter(pk__gt=since_pk, case__tasks__status__in=OPEN_TASK_STATUSES)
        .values_list("case__tasks__department_id", "clock_kind", "level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
    for department_id, kind, level, n in rows:
        found[department_id][(kind, level)] = n
    return found


def _newly_overdue_numbers(since_pk: int, limit: int) -> dict[int, list[str]]:
    """{department id: numbers of its cases newly overdue, longest overdue first}.

    One query for every department: a window function ranks each department's rows.
    Only overdue ones are named (the counts cover the rest), which also keeps the query
    small on a first run over a million open cases.
    """
    rank = Window(
        RowNumber(),
        partition_by=[F("case__tasks__department_id")],
        order_by=[F("due_date").asc(), F("case_id").asc(), F("clock_kind").asc()],
    )
    rows = (
        CaseWarning.objects.filter(
            pk__gt=since_pk,
            level=WarningLevel.OVERDUE,
            case__tasks__status__in=OPEN_TASK_STATUSES,
        )
        .annotate(rank=rank)
        # A case overdue on both clocks has two rows: rank twice as many, dedupe below.
        .filter(rank__lte=2 * limit)
        .order_by("case__tasks__department_id", "rank")
        .values_list("case__tasks__department_id", "case__number")
    )
    found: dict[int, list[str]] = defaultdict(list)
    for department_id, number in rows:
        numbers = found[department_id]
        if number not in numbers and len(numbers) < limit:
            numbers.append(number)
    return found


def _summary(counts: dict[tuple[str, str], int]) -> str:
    parts = []
    for kind, _field in CLOCK_FIELDS:
        levels = [
            _("%(level)s%(n)s件") % {"level": WarningLevel(level).label, "n": counts[(kind, level)]}
            for level in LEVELS
            if counts.get((kind, level))
        ]
        if levels:
            parts.append(
                _("%(clock)s：%(levels)s")
                % {"clock": ClockKind(kind).label, "levels": "，".join(levels)}
            )
    return "；".join(parts)


def notify_departments(today: date, since_pk: int) -> int:
    """One digest per department with open tasks on newly warned cases; departments told."""
    limit = _setting("CASES_DIGEST_MAX_NUMBERS", CASES_DIGEST_MAX_NUMBERS)
    counted = _department_counts(since_pk)
    overdue = _newly_overdue_numbers(since_pk, limit) if counted else {}
    told = 0
    for department_id, counts in sorted(counted.items()):
        staff = notifications.department_staff([department_id])
        if not staff:
            logger.warning("deadline scan: department #%s has no approver to tell", department_id)
            continue
        numbers = overdue.get(department_id, [])
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("办件时限预警（%(day)s）") % {"day": today.isoformat()}
            body = _("本部门在办件新增时限预警——%(summary)s。") % {"summary": _summary(counts)}
            if numbers:
                body += _("新超期办件：%(numbers)s，请优先办理。") % {"numbers": "、".join(numbers)}
            body += _("详见审查工作台。")
        for user_id in staff:
            notify(
                Recipient(user_id=user_id),
                subject=subject,
                body=body,
                event="cases.deadline_digest",
                obj=("org.department", department_id),
            )
        told += 1
    return told


# -- 4. the supervisors ----------------------------------------------------------------


def notify_supervisors(today: date, unanswered: int, counts: dict) -> int:
    """The hall supervisors' daily digest; the number of people told."""
    overdue = sum(c.get(WarningLevel.OVERDUE.value, 0) for c in counts.values())
    red = sum(c.get(WarningLevel.RED.value, 0) for c in counts.values())
    if not (unanswered or overdue or red):
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("每日时限督查（%(day)s）") % {"day": today.isoformat()}
        body = _(
            "超过%(days)s个工作日未作受理答复的申请%(unanswered)s件（依法视为受理）；"
            "今日新增超期预警%(overdue)s条、红色预警%(red)s条。"
        ) % {
            "days": _setting("CASES_ACCEPTANCE_NOTICE_DAYS", CASES_ACCEPTANCE_NOTICE_DAYS),
            "unanswered": unanswered,
            "overdue": overdue,
            "red": red,
        }
    people = notifications.users_with_role(Role.SUPERVISOR)
    for user_id in people:
        notify(
            Recipient(user_id=user_id),
            subject=subject,
            body=body,
            event="cases.supervisor_digest",
            obj=("cases.deadline_scan", today.isoformat()),
        )
    return len(people)


# -- the scan ---------------------------------------------------------------------------


def _already_ran(today: date) -> bool:
    from onewindow.core.audit.models import AuditEvent

    return AuditEvent.objects.filter(action=SCAN_ACTION, object_id=today.isoformat()).exists()


def run_daily_scan(today: date | None = None) -> dict:
    """Run the day's scan (see the module docstring); JSON-safe counts."""
    today = today or timezone.localdate()
    repeated = _already_ran(today)
    since_pk = CaseWarning.objects.aggregate(m=Max("pk"))["m"] or 0

    expired = review.expire_broken_promises(today)
    raised = raise_warnings(today)
    counts = new_warning_counts(since_pk)
    departments = notify_departments(today, since_pk) if raised else 0
    unanswered = selectors.unanswered_submissions(today).count()
    supervisors = 0 if repeated else notify_supervisors(today, unanswered, counts)

    result = {
        "date": today.isoformat(),
        "promises_expired": expired,
        "warnings_raised": raised,
        "warnings": counts,
        "departments_notified": departments,
        "unanswered_submissions": unanswered,
        "supervisors_notified": supervisors,
        "repeated": repeated,
    }
    with transaction.atomic():
        record(
            SCAN_ACTION,
            object_type="cases.deadline_scan",
            object_id=today.isoformat(),
            after=result,
            summary=_("每日时限扫描 %(day)s：新增预警%(n)s条")
            % {"day": today.isoformat(), "n": raised},
        )
    logger.info("deadline scan %s: %s", today.isoformat(), result)
    return result
