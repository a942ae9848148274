"""The daily deadline scan: warnings, digests, broken 容缺 promises, unanswered submissions.

``run_daily_scan(today)`` runs once a day (the Celery beat entry in onewindow/celery.py,
or ``manage.py scan_deadlines``) and is safe to run again: a second run the same day
raises nothing new and sends no second digest.

1. 容缺 promises past their date end their cases (``services.expire_broken_promises``),
   first, so that a case that ends raises no warning. Then submissions the window has not
   answered within the notice period are accepted by law (行政许可法 Art. 32,
   ``services.deem_accepted``), their clocks started on the submission date.
2. Warnings. A case's clocks store their due date and the dates they turn yellow and
   red (core.workdays), so the level of every running clock today is a date comparison.
   One set-based ``INSERT ... SELECT`` reads each open case once with its promised and
   statutory clocks, and each decided case (waiting for delivery) with its delivery
   clock, and adds a CaseWarning row (unique per case, clock kind and level) for every
   running clock that is yellow, red or overdue today and has no row for that level yet
   (an anti-join; a concurrent scan's duplicates fall back to ON CONFLICT DO NOTHING): no
   calendar arithmetic, no Python object per case, the rows never leave the database.
   Paused and stopped clocks never warn (delivery stops the delivery clock). A clock that
   turns red without having been yellow (a short limit) gets only the red row.
3. Digests. The approvers of each department with an open task on a newly warned case
   get ONE message: the counts per clock and level and the numbers of the cases newly
   overdue (longest overdue first). Delivery is the window's job, not a department's:
   the window clerks get ONE message naming the decided cases newly past their delivery
   date.
   Applicants are not told of warnings (they are the bureau's internal alarms; the
   applicant hears of events: acceptance, the decision, an extension …).
4. Submissions the window has not answered within the notice period (5 working days:
   by law they count as accepted) are counted before step 1 accepts them; the hall
   supervisors get one digest a day with that count and the day's new warnings (the
   delivery clock on a line of its own).

The run is audited once (``cases.deadline_scan``, object = the date) with its counts;
that record also tells a second run of the day that the supervisors were told already.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from datetime import date

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Max, Window
from django.db.models.constants import OnConflict
from django.db.models.functions import RowNumber
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from onewindow.accounts.constants import Role
from onewindow.core import metrics
from onewindow.core.audit import record
from onewindow.core.notify import Recipient, notify
from onewindow.core.text import join_names
from onewindow.core.workdays.constants import WarningLevel
from onewindow.core.workdays.models import Clock

from .. import notifications, selectors, services
from ..constants import (
    CASES_ACCEPTANCE_NOTICE_DAYS,
    CASES_DIGEST_MAX_NUMBERS,
    CLOCKED_STATUSES,
    OPEN_TASK_STATUSES,
    CaseStatus,
    ClockKind,
)
from ..models import Case, CaseWarning, DepartmentTask

logger = logging.getLogger("onewindow.cases")

SCAN_ACTION = "cases.deadline_scan"
LEVELS = (WarningLevel.OVERDUE, WarningLevel.RED, WarningLevel.YELLOW)  # most urgent first
CLOCK_FIELDS = (
    (ClockKind.PROMISED, "promised_clock"),
    (ClockKind.STATUTORY, "statutory_clock"),
    (ClockKind.DELIVERY, "delivery_clock"),
)
# The clocks of the decision (CLOCKED_STATUSES), reviewed by the departments; the delivery
# clock runs on decided cases, whose tasks are closed.
DEPARTMENT_KINDS = (ClockKind.PROMISED, ClockKind.STATUTORY)


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


# -- 2. warnings ------------------------------------------------------------------------


def _insert_sql(today: date, on_conflict=None) -> tuple[str, list]:
    """``INSERT INTO cases_casewarning (...) SELECT ...`` for the clocks of every case
    (``ON CONFLICT DO NOTHING`` too with ``on_conflict=OnConflict.IGNORE``).

    Level today of a running clock (the same answer as ClockQuerySet.with_level):
    overdue when due_date < today, else red from warn_red_on, else yellow from
    warn_yellow_on; below yellow nothing is selected. Driven by the open cases, so the
    cost follows the open cases, not the years of closed ones.

    One pass: each open case is read once and joined to its promised and its statutory
    clock (two rows, one per clock kind) against one hash of the warned clocks, instead
    of one statement per clock kind, each reading every open case. The decided cases (a
    few days' decisions, waiting for delivery) are a second, small branch of the same
    statement: read through the status index and joined to their delivery clock, so the
    open cases' pass is not widened by a third clock that only they have. Levels already
    raised are left out by an anti-join (PostgreSQL hashes the warnings once; probing the
    unique index once per warned clock through ON CONFLICT was most of a scan that finds
    little new), so a plain INSERT meets no duplicate and skips ON CONFLICT's speculative
    insertion. A scan running at the same moment can still insert the same level first:
    the unique constraint refuses the duplicate and raise_warnings runs the statement
    again with ON CONFLICT DO NOTHING.
    """
    qn = connection.ops.quote_name
    case_opts, clock_opts, warning_opts = Case._meta, Clock._meta, CaseWarning._meta

    def col(opts, name):
        return qn(opts.get_field(name).column)

    fields = [warning_opts.get_field(name) for name in INSERT_COLUMNS]
    columns = ", ".join(qn(f.column) for f in fields)
    clock_field = dict(CLOCK_FIELDS)
    promised, statutory, delivery = ClockKind.PROMISED, ClockKind.STATUTORY, ClockKind.DELIVERY
    statuses = ", ".join(["%s"] * len(CLOCKED_STATUSES))
    insert = connection.ops.insert_statement(on_conflict=on_conflict)
    suffix = connection.ops.on_conflict_suffix_sql(fields, on_conflict, None, None)
    c, w = "c", "w"
    due = f"{w}.{col(clock_opts, 'due_date')}"
    # The level today and "running and at least yellow today": the same in both branches.
    level = f"""CASE WHEN {due} < %s THEN %s
                     WHEN {w}.{col(clock_opts, "warn_red_on")} <= %s THEN %s
                     ELSE %s END"""
    level_params = [
        today,
        WarningLevel.OVERDUE.value,
        today,
        WarningLevel.RED.value,
        WarningLevel.YELLOW.value,
    ]
    warned = f"""{w}.{col(clock_opts, "stopped_on")} IS NULL
                 AND {w}.{col(clock_opts, "paused_since")} IS NULL
                 AND {w}.{col(clock_opts, "warn_yellow_on")} <= %s"""
    # Only quoted table and column names from the models go into the text; every value
    # is a parameter.
    sql = f"""
        {insert} {qn(warning_opts.db_table)} ({columns})
        SELECT s.case_id, s.kind, s.level, %s, s.due_date FROM (
            SELECT {c}.{col(case_opts, "id")} AS case_id, k.kind AS kind,
                   {due} AS due_date, {level} AS level
            FROM {qn(case_opts.db_table)} {c}
            CROSS JOIN (SELECT %s AS kind UNION ALL SELECT %s) k
            INNER JOIN {qn(clock_opts.db_table)} {w}
                ON {w}.{col(clock_opts, "id")} = CASE WHEN k.kind = %s
                    THEN {c}.{col(case_opts, clock_field[promised])}
                    ELSE {c}.{col(case_opts, clock_field[statutory])} END
            WHERE {c}.{col(case_opts, "status")} IN ({statuses}) AND {warned}
            UNION ALL
            SELECT {c}.{col(case_opts, "id")}, %s, {due}, {level}
            FROM {qn(case_opts.db_table)} {c}
            INNER JOIN {qn(clock_opts.db_table)} {w}
                ON {w}.{col(clock_opts, "id")} = {c}.{col(case_opts, clock_field[delivery])}
            WHERE {c}.{col(case_opts, "status")} = %s AND {warned}
        ) s
        WHERE NOT EXISTS (
            SELECT 1 FROM {qn(warning_opts.db_table)} x
            WHERE x.{col(warning_opts, "case")} = s.case_id
              AND x.{col(warning_opts, "clock_kind")} = s.kind
              AND x.{col(warning_opts, "level")} = s.level
        )
        {suffix}
    """  # noqa: S608
    params = [
        today,
        *level_params,
        promised.value,
        statutory.value,
        promised.value,
        *[str(status) for status in CLOCKED_STATUSES],
        today,
        delivery.value,
        *level_params,
        CaseStatus.DECIDED.value,
        today,
    ]
    return " ".join(sql.split()), params


INSERT_COLUMNS = ("case", "clock_kind", "level", "raised_on", "due_date")


def raise_warnings(today: date) -> int:
    """Insert today's new CaseWarning rows (every clock of every open case); the count.

    One INSERT ... SELECT in one transaction (see _insert_sql). Not split by ranges of
    case ids: each range would read the warned clocks again (the join is hashed).
    """
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A one-off statement: compiling it (JIT) costs more than it saves; and the
            # hashes of the warned clocks and of the raised warnings (a few tens of MB
            # with a million open cases) are built in memory, not in batches on disk.
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '64MB'")
        try:
            with transaction.atomic():
                cursor.execute(*_insert_sql(today))
        except IntegrityError:  # another scan raised some of them first
            cursor.execute(*_insert_sql(today, OnConflict.IGNORE))
        return max(cursor.rowcount, 0)


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
    level, so counting the joined rows counts cases. The warnings are joined to the
    tasks directly on case_id (the ORM's path through the case read the case table once
    per new warning: a third of the digests' time on a first scan of a million cases).
    """
    qn = connection.ops.quote_name
    warning, task = CaseWarning._meta, DepartmentTask._meta

    def col(opts, name):
        return qn(opts.get_field(name).column)

    statuses = ", ".join(["%s"] * len(OPEN_TASK_STATUSES))
    kinds = ", ".join(["%s"] * len(DEPARTMENT_KINDS))
    sql = f"""
        SELECT t.{col(task, "department")}, w.{col(warning, "clock_kind")},
               w.{col(warning, "level")}, COUNT(*)
        FROM {qn(warning.db_table)} w
        INNER JOIN {qn(task.db_table)} t ON t.{col(task, "case")} = w.{col(warning, "case")}
        WHERE w.{col(warning, "id")} > %s AND t.{col(task, "status")} IN ({statuses})
          AND w.{col(warning, "clock_kind")} IN ({kinds})
        GROUP BY t.{col(task, "department")}, w.{col(warning, "clock_kind")},
                 w.{col(warning, "level")}
    """  # noqa: S608 (only quoted names from the models; values are parameters)
    found: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
    with connection.cursor() as cursor:
        params = [since_pk, *[str(status) for status in OPEN_TASK_STATUSES]]
        cursor.execute(sql, [*params, *[str(kind) for kind in DEPARTMENT_KINDS]])
        for department_id, kind, level, n in cursor.fetchall():
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
            clock_kind__in=DEPARTMENT_KINDS,
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
                body += _("新超期办件：%(numbers)s，请优先办理。") % {
                    "numbers": join_names(numbers)
                }
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


# -- 3b. the digest to the window -------------------------------------------------------


def _overdue_and_red(counts: dict, kinds) -> tuple[int, int]:
    """New overdue and red warnings on these clock kinds, from new_warning_counts."""
    levels = [counts.get(str(kind), {}) for kind in kinds]
    return (
        sum(c.get(WarningLevel.OVERDUE.value, 0) for c in levels),
        sum(c.get(WarningLevel.RED.value, 0) for c in levels),
    )


def _send_digest(people: list[int], subject: str, body: str, event: str, today: date) -> int:
    """The same message to each of ``people``, about the day's scan; how many were told."""
    for user_id in people:
        notify(
            Recipient(user_id=user_id),
            subject=subject,
            body=body,
            event=event,
            obj=("cases.deadline_scan", today.isoformat()),
        )
    return len(people)


def notify_window(today: date, since_pk: int, counts: dict) -> int:
    """One digest to the window clerks naming the decided cases newly past their delivery
    date (longest overdue first); the number of people told.

    Window clerks accept and deliver for every department (一窗受理), so all of them are
    told. Only overdue ones: yellow and red show in the window's 待送达 list. ``counts``
    (new_warning_counts) says whether there are any, so most days cost no query.
    """
    total, _red = _overdue_and_red(counts, [ClockKind.DELIVERY])
    if not total:
        return 0
    overdue = CaseWarning.objects.filter(
        pk__gt=since_pk, clock_kind=ClockKind.DELIVERY, level=WarningLevel.OVERDUE
    )
    people = notifications.users_with_role(Role.CLERK)
    if not people:
        logger.warning("deadline scan: no window clerk to tell of %s undelivered cases", total)
        return 0
    limit = _setting("CASES_DIGEST_MAX_NUMBERS", CASES_DIGEST_MAX_NUMBERS)
    numbers = list(
        overdue.order_by("due_date", "case_id").values_list("case__number", flat=True)[:limit]
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("待送达办件超期提醒（%(day)s）") % {"day": today.isoformat()}
        listed = join_names(numbers) + (_("等") if total > len(numbers) else "")
        body = _(
            "已决定的办件新增超过%(clock)s仍未送达%(n)s件：%(numbers)s，"
            "请尽快通知申请人领取或邮寄送达。详见受理工作台“待送达”。"
        ) % {"clock": ClockKind.DELIVERY.label, "n": total, "numbers": listed}
    return _send_digest(people, subject, body, "cases.delivery_digest", today)


# -- 4. the supervisors ----------------------------------------------------------------


def notify_supervisors(today: date, unanswered: int, counts: dict) -> int:
    """The hall supervisors' daily digest; the number of people told."""
    overdue, red = _overdue_and_red(counts, DEPARTMENT_KINDS)
    undelivered, undelivered_red = _overdue_and_red(counts, [ClockKind.DELIVERY])
    if not (unanswered or overdue or red or undelivered or undelivered_red):
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
        if undelivered or undelivered_red:
            # Its own line: the window's clock, not the departments'.
            body += _(
                "已决定待送达办件（%(clock)s）今日新增超期预警%(overdue)s条、红色预警%(red)s条。"
            ) % {
                "clock": ClockKind.DELIVERY.label,
                "overdue": undelivered,
                "red": undelivered_red,
            }
    people = notifications.users_with_role(Role.SUPERVISOR)
    return _send_digest(people, subject, body, "cases.supervisor_digest", today)


# -- the scan ---------------------------------------------------------------------------


def _already_ran(today: date) -> bool:
    from onewindow.core.audit.models import AuditEvent

    return AuditEvent.objects.filter(action=SCAN_ACTION, object_id=today.isoformat()).exists()


def run_daily_scan(today: date | None = None) -> dict:
    """Run the day's scan (see the module docstring); JSON-safe counts."""
    started = time.perf_counter()
    today = today or timezone.localdate()
    repeated = _already_ran(today)
    since_pk = CaseWarning.objects.aggregate(m=Max("pk"))["m"] or 0

    expired = services.expire_broken_promises(today)
    # 行政许可法 Art. 32: the unanswered submissions are counted for the supervisors, then
    # accepted by law (from their submission dates).
    unanswered = selectors.unanswered_submissions(today).count()
    deemed = services.deem_accept_unanswered(today)
    raised = raise_warnings(today)
    counts = new_warning_counts(since_pk)
    departments = notify_departments(today, since_pk) if raised else 0
    window = notify_window(today, since_pk, counts) if raised else 0
    supervisors = 0 if repeated else notify_supervisors(today, unanswered, counts)

    result = {
        "date": today.isoformat(),
        "promises_expired": expired,
        "warnings_raised": raised,
        "warnings": counts,
        "departments_notified": departments,
        "window_notified": window,
        "unanswered_submissions": unanswered,
        "deemed_accepted": deemed,
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
    metrics.deadline_scan(time.perf_counter() - started, raised)
    return result
