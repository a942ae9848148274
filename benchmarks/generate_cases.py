"""Generate a year or two of cases straight into PostgreSQL with COPY (for the scale benchmarks).

    .venv/bin/python benchmarks/generate_cases.py --database onewindow_bench_cases \\
        --cases 1000000 --open-share 0.05
    .venv/bin/python benchmarks/generate_cases.py --database onewindow_bench_scan \\
        --cases 1000000 --open-share 1.0

The database is dropped, created and migrated; then the reference data goes in through
the services (the 2024–2026 working-day calendar, the demo's 30 departments, published
items with materials, citizens, window clerks and one approver per department) and the
cases go in with COPY, not through the services, because a million cases through the
services would take hours. What is written is what the services would have written for
each state:

- ``cases_case`` in every status with its timestamps, number (DY + date + the day's
  sequence), applicant and item version; concluded, refused and terminated cases are
  spread over the last two years, open cases over the last weeks;
- two ``workdays_clock`` rows (statutory, promised) per accepted case, computed with the
  real calendar (``core.workdays.clock.schedule``), stopped at the decision, some paused;
  a share of the open ones is past its warning dates or overdue;
- a third one, the delivery clock (``CASES_DELIVERY_DAYS`` working days from the decision,
  ``cases_case.delivery_clock_id``), per decided case that waits for delivery, approved
  ones only (review._decide_case starts it with the certificates; a refusal gets none).
  Their decisions are mostly of the last few days (a decision waits little for delivery):
  some are yellow or red today, 3 % overdue, and a small share is paused or stopped so
  that the deadline scan's filters have work (the services themselves never pause it,
  and delivery concludes the case);
- ``cases_departmenttask`` per department reviewing the case (one, a tenth of cases two,
  in parallel), ``due_on`` = the promised clock's due date (as moves.sync_task_due keeps it).

Timelines, materials and audit events are left out: neither the worklist nor the deadline
scan reads them. Departments get work unevenly (a few busy ones, as in a real bureau).
"""

import argparse
import io
import json
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cases_common as common  # noqa: E402

SHANGHAI = ZoneInfo("Asia/Shanghai")
CHUNK = 50_000

# Shares of closed and of open cases by status (each list sums to 1).
CLOSED = [("concluded", 0.94), ("refused", 0.04), ("terminated", 0.02)]
OPEN = [
    ("submitted", 0.08),
    ("deficient", 0.04),
    ("conditional", 0.04),
    ("accepted", 0.08),
    ("in_review", 0.70),
    ("decided", 0.06),
]
OVERDUE_SHARE = 0.03  # open clocked cases already past their promised date
# Decided cases waiting for delivery: already past the delivery date; paused; stopped.
DELIVERY_OVERDUE_SHARE = 0.03
DELIVERY_PAUSED_SHARE = 0.02
DELIVERY_STOPPED_SHARE = 0.01


# -- COPY text ------------------------------------------------------------------------------
_DAYS: dict[date, str] = {}


def _escape(text: str) -> str:
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def _text(value) -> str:
    """COPY text of one value. Datetimes here are naive Shanghai wall times (fast to add)."""
    kind = type(value)
    if kind is str:
        return _escape(value)
    if kind is int:
        return str(value)
    if value is None:
        return "\\N"
    if kind is bool:
        return "t" if value else "f"
    if kind is datetime:
        day = value.date()
        text = _DAYS.get(day) or _DAYS.setdefault(day, day.isoformat())
        if value.tzinfo is not None:
            return value.isoformat()
        return f"{text} {value.hour:02d}:{value.minute:02d}:{value.second:02d}+08:00"
    if kind is date:
        return _DAYS.get(value) or _DAYS.setdefault(value, value.isoformat())
    if kind in (dict, list):
        return _escape(json.dumps(value, ensure_ascii=False))
    return _escape(str(value))


class Table:
    """COPY rows of ``model``: the given columns per row, every other column its default."""

    def __init__(self, model, columns: list[str]):
        from django.db.models import NOT_PROVIDED

        self.model, self.columns = model, columns
        self.all_columns, self.parts = [], []
        for field in model._meta.concrete_fields:
            self.all_columns.append(field.column)
            if field.column in columns:
                self.parts.append(columns.index(field.column))
            elif field.default is not NOT_PROVIDED:
                default = field.default() if callable(field.default) else field.default
                self.parts.append(_text(default))
            elif field.null:
                self.parts.append("\\N")
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                self.parts.append(_text(datetime.now(SHANGHAI)))
            elif field.empty_strings_allowed:
                self.parts.append("")
            else:
                raise RuntimeError(f"{model.__name__}.{field.name}: no value to COPY")
        self.buffer = io.StringIO()
        self.rows = 0

    def add(self, values: tuple):
        texts = [_text(v) for v in values]
        self.buffer.write(
            "\t".join(texts[p] if isinstance(p, int) else p for p in self.parts) + "\n"
        )
        self.rows += 1

    def flush(self, cursor):
        data = self.buffer.getvalue()
        if data:
            with cursor.copy(
                f"COPY {self.model._meta.db_table} ({', '.join(self.all_columns)}) FROM STDIN"
            ) as copy:
                copy.write(data)
        self.buffer = io.StringIO()


# -- reference data -------------------------------------------------------------------------
def seed_reference(items: int, citizens: int, rng) -> dict:
    from onewindow.accounts.constants import Role

    common.seed_calendar()
    departments = common.seed_departments()
    # A few busy departments: weights 1/rank (as in a real bureau, work is uneven).
    weights = [1 / (rank + 1) for rank in range(len(departments))]
    catalogue = common.seed_items(items, departments, rng, weights=weights)
    people = common.make_users(citizens, prefix="citizen", role=Role.CITIZEN)
    clerks = common.make_users(6, prefix="clerk", role=Role.CLERK)
    approvers = []
    for department in departments:
        approvers += common.make_users(
            1, prefix=f"approver{department.pk:03d}_", role=Role.APPROVER, department=department
        )
    return {
        "departments": departments,
        "items": catalogue,
        "citizens": [u.pk for u in people],
        "clerks": [u.pk for u in clerks],
        "approvers": {u.department_id: u for u in approvers},
    }


# -- the cases ------------------------------------------------------------------------------
class Schedules:
    """clock.schedule() per (start, limit), memoised: a few thousand distinct pairs."""

    def __init__(self):
        from onewindow.core.workdays.calendar import get_calendar

        self.calendar = get_calendar()
        self.cache = {}

    def __call__(self, start: date, limit: int) -> dict:
        from django.conf import settings

        from onewindow.core.workdays import clock as clock_math

        key = (start, limit)
        if key not in self.cache:
            self.cache[key] = clock_math.schedule(
                self.calendar, start, limit, 0, settings.WORKDAYS_COUNT_FROM_NEXT_DAY
            )
        return self.cache[key]

    def next_workday(self, d: date) -> date:
        while not self.calendar.is_workday(d):
            d += timedelta(days=1)
        return d

    def workdays_back(self, today: date, n: int) -> date:
        d = today
        while n > 0:
            d -= timedelta(days=1)
            if self.calendar.is_workday(d):
                n -= 1
        return d


def _pick(rng, table):
    r, acc = rng.random(), 0.0
    for name, share in table:
        acc += share
        if r < acc:
            return name
    return table[-1][0]


def _at(day: date, rng) -> datetime:
    """A naive Shanghai wall time during office hours (08:00–18:00) on ``day``."""
    return datetime(day.year, day.month, day.day, 8) + timedelta(seconds=int(rng.random() * 36_000))


def generate(
    count: int, open_share: float, ref: dict, rng, today: date, *, after: dict | None = None
) -> dict:
    """Write ``count`` cases with COPY. ``after`` (append mode): the last ids in use
    (``case``, ``clock``, ``task``) and ``number_base``, the day's sequence the generated
    numbers start above (so they never meet the numbers the services give)."""
    from django.conf import settings
    from django.db import connection

    from onewindow.cases.constants import CASES_DELIVERY_DAYS
    from onewindow.cases.models import Case, DepartmentTask
    from onewindow.core.workdays.models import Clock

    schedules = Schedules()
    # As certificates.services.delivery_days() reads it.
    delivery_days = int(getattr(settings, "CASES_DELIVERY_DAYS", CASES_DELIVERY_DAYS))
    draw = rng.random

    def ri(low: int, high: int) -> int:  # random.randint, without its overhead
        return low + int(draw() * (high - low + 1))

    clocks = Table(
        Clock,
        [
            "id",
            "started_on",
            "limit_days",
            "count_from_next_day",
            "due_date",
            "paused_since",
            "pause_kind",
            "stopped_on",
            "warn_yellow_on",
            "warn_red_on",
            "created_at",
            "updated_at",
        ],
    )
    cases = Table(
        Case,
        [
            "id",
            "number",
            "applicant_id",
            "item_version_id",
            "channel",
            "status",
            "created_at",
            "submitted_at",
            "accepted_at",
            "decided_at",
            "concluded_at",
            "accepted_by_id",
            "statutory_clock_id",
            "promised_clock_id",
            "delivery_clock_id",
            "decision",
            "decision_reason",
            "version_lock",
        ],
    )
    tasks = Table(
        DepartmentTask,
        [
            "id",
            "case_id",
            "department_id",
            "status",
            "pause_kind",
            "created_at",
            "started_at",
            "decided_by_id",
            "decided_at",
            "due_on",
        ],
    )
    items, citizens, clerks = ref["items"], ref["citizens"], ref["clerks"]
    approvers = ref["approvers"]
    department_ids = [d.pk for d in ref["departments"]]
    per_day: dict[date, int] = {}
    counts: dict[str, int] = {}
    after = after or {}
    clock_id, task_id = after.get("clock", 0), after.get("task", 0)
    number_base = after.get("number_base", 0)
    oldest = today - timedelta(days=730)

    # Case ids follow creation time, as the real sequence does: draw every case's
    # (created day, open?) first, sort, then write in that order.
    plan = []
    for _ in range(count):
        is_open = rng.random() < open_share
        status = _pick(rng, OPEN if is_open else CLOSED)
        item = rng.choice(items)
        decided_day = None
        if status == "decided":
            # Working days since the decision (0: the last working day up to today):
            # mostly a few, skewed to the last days; some near the delivery date (yellow,
            # red); a few past it.
            if rng.random() < DELIVERY_OVERDUE_SHARE:
                ago = delivery_days + ri(1, 5)
            else:
                ago = int((delivery_days + 1) * rng.random() ** 3)
            decided_day = schedules.workdays_back(today + timedelta(days=1), ago + 1)
            # Reviewed within the promised limit before that, accepted a day or so after
            # submission.
            back = ri(0, max(0, item["promised"] - 1)) + 1
            created = schedules.workdays_back(decided_day, back)
        elif is_open:
            if status in ("submitted", "deficient"):
                back = ri(0, 4) if rng.random() < 0.9 else ri(5, 12)
            else:
                limit = item["promised"]
                if rng.random() < OVERDUE_SHARE:
                    back = limit + ri(1, 5)
                else:
                    back = ri(0, max(0, limit - 1))
                back += 1  # a working day or so between submission and acceptance
            created = schedules.workdays_back(today, back)
        else:
            created = oldest + timedelta(days=ri(0, 710))
        plan.append((created, status, item, decided_day))
    plan.sort(key=lambda p: p[0])

    started = time.perf_counter()
    with connection.cursor() as cursor:
        # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: checked one row at a
        # time at COMMIT, several minutes for millions of rows. The rows are made valid by
        # construction (ids from the reference data and the counters above), so this
        # session skips the foreign-key triggers (a superuser setting, for this load only).
        cursor.execute("SET LOCAL session_replication_role = replica")
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        first_id = after.get("case", 0) + 1
        for case_id, (created_day, status, item, decided_day) in enumerate(plan, start=first_id):
            counts[status] = counts.get(status, 0) + 1
            per_day[created_day] = per_day.get(created_day, number_base) + 1
            number = f"DY{created_day:%Y%m%d}{per_day[created_day]:06d}"
            created_at = _at(created_day, rng)
            submitted_at = created_at + timedelta(minutes=ri(1, 90))
            accepted_at = decided_at = concluded_at = accepted_by = None
            statutory_id = promised_id = delivery_id = None
            decision = decision_reason = ""
            clocked = status not in ("submitted", "deficient", "refused")
            task_rows = []
            if status == "refused":
                concluded_at = submitted_at + timedelta(days=ri(0, 3))
            if clocked:
                accepted_day = schedules.next_workday(created_day + timedelta(days=ri(0, 2)))
                if accepted_day > today:
                    accepted_day = today
                accepted_at = _at(accepted_day, rng)
                if accepted_at < submitted_at:
                    accepted_at = submitted_at + timedelta(minutes=ri(5, 60))
                    accepted_day = accepted_at.date()
                accepted_by = rng.choice(clerks)
                promised = schedules(accepted_day, item["promised"])
                statutory = schedules(accepted_day, item["statutory"])
                stopped = None
                if status == "decided":
                    # Drawn with the plan (the delivery clock's spread); never before
                    # the acceptance.
                    stopped = min(today, max(accepted_day, decided_day))
                elif status in ("concluded", "terminated"):
                    # Decided on time mostly (97 %), a few days late otherwise.
                    due = promised["due_date"]
                    last = due if rng.random() < 0.97 else due + timedelta(days=ri(1, 10))
                    span = max(0, (last - accepted_day).days)
                    stopped = min(today, accepted_day + timedelta(days=ri(0, span)))
                if stopped is not None:
                    decided_at = _at(stopped, rng)
                    if decided_at < accepted_at:
                        decided_at = accepted_at + timedelta(hours=1)
                    if status == "concluded":
                        concluded_at = decided_at + timedelta(days=ri(0, 3))
                    if status != "terminated":
                        decision = "approved" if rng.random() < 0.95 else "refused"
                        if decision == "refused":
                            decision_reason = "不符合法定条件"
                paused = None
                if status == "in_review" and rng.random() < 0.07:
                    paused = accepted_day + timedelta(days=ri(0, 3))
                    paused = min(paused, today)
                for schedule, limit in (
                    (statutory, item["statutory"]),
                    (promised, item["promised"]),
                ):
                    clock_id += 1
                    clocks.add(
                        (
                            clock_id,
                            accepted_day,
                            limit,
                            True,
                            schedule["due_date"],
                            paused,
                            "expert_review" if paused else "",
                            stopped,
                            schedule["warn_yellow_on"],
                            schedule["warn_red_on"],
                            accepted_at,
                            decided_at or accepted_at,
                        )
                    )
                statutory_id, promised_id = clock_id - 1, clock_id
                if status == "decided" and decision == "approved":
                    # The delivery clock, started at the decision (as issue_for_decision
                    # does); running, except a few paused or already stopped.
                    decided_day = decided_at.date()
                    delivery = schedules(decided_day, delivery_days)
                    delivery_paused = delivery_stopped = None
                    r = rng.random()
                    if r < DELIVERY_PAUSED_SHARE:
                        delivery_paused = min(today, decided_day + timedelta(days=ri(0, 3)))
                    elif r < DELIVERY_PAUSED_SHARE + DELIVERY_STOPPED_SHARE:
                        delivery_stopped = min(today, decided_day + timedelta(days=ri(0, 3)))
                    clock_id += 1
                    clocks.add(
                        (
                            clock_id,
                            decided_day,
                            delivery_days,
                            True,
                            delivery["due_date"],
                            delivery_paused,
                            "other" if delivery_paused else "",
                            delivery_stopped,
                            delivery["warn_yellow_on"],
                            delivery["warn_red_on"],
                            decided_at,
                            decided_at,
                        )
                    )
                    delivery_id = clock_id
                if status in ("in_review", "concluded", "decided", "terminated"):
                    departments = [item["department_id"]]
                    if rng.random() < 0.1:
                        other = rng.choice(department_ids)
                        if other != departments[0]:
                            departments.append(other)
                    dispatched_at = accepted_at + timedelta(minutes=ri(10, 240))
                    for department_id in departments:
                        if status == "in_review":
                            task_status = _pick(
                                rng, [("pending", 0.4), ("in_review", 0.53), ("paused", 0.07)]
                            )
                            if paused:
                                task_status = "paused"
                            task_rows.append(
                                (department_id, task_status, dispatched_at, None, None, None)
                            )
                        elif status == "terminated":
                            task_rows.append(
                                (department_id, "cancelled", dispatched_at, None, None, None)
                            )
                        else:
                            task_status = "approved" if decision == "approved" else "refused"
                            approver = approvers[department_id]
                            task_rows.append(
                                (
                                    department_id,
                                    task_status,
                                    dispatched_at,
                                    dispatched_at + timedelta(hours=1),
                                    approver.pk,
                                    decided_at,
                                )
                            )
                for department_id, task_status, at, started_at, by, decided in task_rows:
                    task_id += 1
                    tasks.add(
                        (
                            task_id,
                            case_id,
                            department_id,
                            task_status,
                            "expert_review" if task_status == "paused" else "",
                            at,
                            started_at
                            or (at + timedelta(hours=1) if task_status != "pending" else None),
                            by,
                            decided,
                            promised["due_date"],
                        )
                    )
            cases.add(
                (
                    case_id,
                    number,
                    rng.choice(citizens),
                    item["version_id"],
                    "online" if rng.random() < 0.7 else "window",
                    status,
                    created_at,
                    submitted_at,
                    accepted_at,
                    decided_at,
                    concluded_at,
                    accepted_by,
                    statutory_id,
                    promised_id,
                    delivery_id,
                    decision,
                    decision_reason,
                    3,
                )
            )
            if case_id % CHUNK == 0:
                clocks.flush(raw)  # clocks first: cases point at them
                cases.flush(raw)
                tasks.flush(raw)
                print(f"  {case_id:>9,} 件  {time.perf_counter() - started:6.1f} s", flush=True)
        clocks.flush(raw)
        cases.flush(raw)
        tasks.flush(raw)
        for table in ("cases_case", "workdays_clock", "cases_departmenttask"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" COALESCE((SELECT max(id) FROM {table}), 1))"
            )
    check_references()
    return {
        "cases": cases.rows,
        "clocks": clocks.rows,
        "tasks": tasks.rows,
        "statuses": counts,
        "seconds": time.perf_counter() - started,
    }


REFERENCES = [
    ("cases_case", "applicant_id", "accounts_user"),
    ("cases_case", "item_version_id", "catalog_itemversion"),
    ("cases_case", "accepted_by_id", "accounts_user"),
    ("cases_case", "statutory_clock_id", "workdays_clock"),
    ("cases_case", "promised_clock_id", "workdays_clock"),
    ("cases_case", "delivery_clock_id", "workdays_clock"),
    ("cases_departmenttask", "case_id", "cases_case"),
    ("cases_departmenttask", "department_id", "org_department"),
    ("cases_departmenttask", "decided_by_id", "accounts_user"),
]


def check_references() -> None:
    """What the skipped foreign-key triggers would have checked: no dangling reference."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table, column, target in REFERENCES:
            cursor.execute(
                f"SELECT count(*) FROM {table} t WHERE t.{column} IS NOT NULL"
                f" AND NOT EXISTS (SELECT 1 FROM {target} r WHERE r.id = t.{column})"
            )
            dangling = cursor.fetchone()[0]
            if dangling:
                raise RuntimeError(f"{table}.{column}: {dangling} 行引用不存在的 {target}")


def build(database: str, cases: int, open_share: float, *, items=300, citizens=20_000, seed=2026):
    """Recreate ``database`` and fill it; returns a summary. Django must not be set up yet."""
    rng = random.Random(seed)
    common.recreate_database(database)
    common.setup_django()
    from django.db import connection, transaction
    from django.utils import timezone

    with common.Timer() as prep:
        common.migrate()
        ref = seed_reference(items, citizens, rng)
    today = timezone.localdate()
    with transaction.atomic():
        summary = generate(cases, open_share, ref, rng, today)
    with common.Timer() as vacuum:
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    summary.update(
        {
            "database": database,
            "prepare_seconds": prep.seconds,
            "vacuum_seconds": vacuum.seconds,
            "today": today,
            "ref": ref,
        }
    )
    return summary


def demo_reference() -> dict:
    """The reference data of an existing database (the stack's demo) for append mode:
    published items a citizen may apply for, citizens, clerks, an approver per department."""
    from onewindow.accounts.constants import AccountKind, Role
    from onewindow.accounts.models import User
    from onewindow.catalog.models import ServiceItem
    from onewindow.org.models import Department

    items = []
    published = ServiceItem.objects.filter(published_version__isnull=False).select_related(
        "published_version"
    )
    for item in published.order_by("pk"):
        version = item.published_version
        items.append(
            {
                "code": item.code,
                "item_id": item.pk,
                "department_id": item.department_id,
                "version_id": version.pk,
                "statutory": max(1, version.statutory_limit_days),
                "promised": max(1, version.promised_limit_days),
                "name": version.name,
            }
        )
    active = User.objects.filter(is_active=True)
    citizens = list(
        active.filter(kind=AccountKind.CITIZEN).order_by("pk").values_list("pk", flat=True)
    )
    clerks = list(
        active.filter(role_grants__role=Role.CLERK)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    approver_users = list(active.filter(role_grants__role=Role.APPROVER).order_by("pk").distinct())
    departments = list(Department.objects.order_by("pk"))
    by_department = {u.department_id: u for u in approver_users if u.department_id}
    fallback = approver_users[0]
    approvers = {d.pk: by_department.get(d.pk, fallback) for d in departments}
    if not (items and citizens and clerks):
        raise RuntimeError("the database has no published items, citizens or clerks")
    return {
        "departments": departments,
        "items": items,
        "citizens": citizens,
        "clerks": clerks,
        "approvers": approvers,
    }


def _number_base() -> int:
    """Above the services' sequence and above every number an earlier append wrote."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(max(substr(number, 11)::bigint), 0) FROM cases_case"
            " WHERE number ~ '^DY[0-9]{14,}$'"
        )
        highest = cursor.fetchone()[0]
    return max(500_000, highest)


def append(cases: int, open_share: float, *, seed: int = 2026) -> dict:
    """Add ``cases`` of history to the database Django is set up with (e.g. the stack's
    demo), above its ids and with numbers above every day's real sequence."""
    from django.db import connection, transaction
    from django.db.models import Max
    from django.utils import timezone

    from onewindow.cases.models import Case, DepartmentTask
    from onewindow.core.workdays.models import Clock

    rng = random.Random(seed)
    ref = demo_reference()
    after = {
        "case": Case.objects.aggregate(m=Max("pk"))["m"] or 0,
        "clock": Clock.objects.aggregate(m=Max("pk"))["m"] or 0,
        "task": DepartmentTask.objects.aggregate(m=Max("pk"))["m"] or 0,
        "number_base": _number_base(),
    }
    today = timezone.localdate()
    with transaction.atomic():
        summary = generate(cases, open_share, ref, rng, today, after=after)
    with common.Timer() as vacuum:
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    summary.update(
        {"database": connection.settings_dict["NAME"], "prepare_seconds": 0.0, "today": today}
    )
    summary["vacuum_seconds"] = vacuum.seconds
    return summary


def report(summary: dict) -> None:
    print(
        f"库 {summary['database']}: 办件 {summary['cases']:,}, 计时 {summary['clocks']:,}, "
        f"部门审查任务 {summary['tasks']:,}; 基础数据 {summary['prepare_seconds']:.1f} s, "
        f"COPY {summary['seconds']:.1f} s, VACUUM ANALYZE {summary['vacuum_seconds']:.1f} s"
    )
    statuses = ", ".join(f"{k} {v:,}" for k, v in sorted(summary["statuses"].items()))
    print(f"状态: {statuses}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="onewindow_bench_cases")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--open-share", type=float, default=0.05, help="未办结办件的比例")
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--citizens", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    summary = build(
        args.database,
        args.cases,
        args.open_share,
        items=args.items,
        citizens=args.citizens,
        seed=args.seed,
    )
    report(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
