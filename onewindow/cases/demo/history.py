"""A year of concluded cases for the demo, written in bulk: 2020 with the seed's counts, and
the current year so far at a lighter pace (so this year's statistics have months to show).

Thousands of cases through the services would take minutes, so this module writes the rows
the services would have written: the case, its two working-day clocks (started, paused and
stopped on working days of the stored calendar, due dates from ``clock.schedule``), its
department tasks, its timeline events and, where it had one, the 一次性告知 notice. One audit
event records the load. Only demo.load_cases calls it.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from onewindow.accounts.constants import AccountKind, Role
from onewindow.accounts.models import User
from onewindow.catalog.models import Bundle, FormField, ItemVersion, ServiceItem
from onewindow.core.audit import record
from onewindow.core.workdays import clock as clock_math
from onewindow.core.workdays.calendar import get_calendar
from onewindow.core.workdays.constants import PauseKind
from onewindow.core.workdays.models import Clock, ClockPause

from .. import moves
from ..constants import NUMBER_PREFIX, CaseStatus, Channel, Decision, HandlingMode, TaskStatus
from ..models import Case, CaseEvent, DeficiencyNotice, DepartmentTask
from .data import categories as cat_data
from .data import year_2020 as data

S = CaseStatus
YEAR = cat_data.YEAR
PREFIX = f"{NUMBER_PREFIX}{YEAR}"
TZ = timezone.get_fixed_timezone(8 * 60)  # Asia/Shanghai has had no DST since 1991


# -- moments of a working day ---------------------------------------------------------------


def at(day: date, minutes: int) -> datetime:
    """``day`` at 08:30 + ``minutes`` (Beijing time)."""
    return datetime.combine(day, time(8, 30), tzinfo=TZ) + timedelta(minutes=minutes)


def office_time(rng: random.Random, day: date) -> datetime:
    """A moment of the hall's opening hours (08:30–12:00, 13:30–17:30)."""
    minutes = rng.randint(0, 209) if rng.random() < 0.6 else rng.randint(300, 539)
    return at(day, minutes)


def later(rng: random.Random, day: date, after: datetime, lo=5, hi=120) -> datetime:
    """A moment on ``day``; if ``after`` is the same day, some minutes after it."""
    if timezone.localtime(after, TZ).date() == day:
        return after + timedelta(minutes=rng.randint(lo, hi))
    return office_time(rng, day)


# -- what one case looks like -----------------------------------------------------------------


@dataclass
class Plan:
    applicant_id: int
    channel: str
    version: ItemVersion | None
    bundle: Bundle | None
    limits: tuple[int, int]
    departments: list[int]
    form_data: dict
    submitted: datetime
    decided: datetime
    concluded: datetime
    mode: str = HandlingMode.MANUAL
    accepted: datetime | None = None
    clerk_id: int | None = None
    decision: str = Decision.APPROVED
    reason: str = ""
    pause: tuple[date, date, int] | None = None
    deficiency: tuple[datetime, datetime] | None = None
    approvers: list[int | None] = field(default_factory=list)
    task_times: list[tuple[datetime, datetime]] = field(default_factory=list)
    clocks: tuple[dict, dict] | None = None
    number: str = ""


class Year:
    """Plans the demo year from the demo catalogue, the demo accounts and the calendar."""

    def __init__(
        self,
        rng: random.Random,
        instant_items: set[int],
        number: int = YEAR,
        last: date = None,
        reserved: tuple[str, ...] = (),
    ):
        self.rng = rng
        self.reserved = reserved
        self.instant_items = instant_items
        self.number = number
        self.calendar = get_calendar()
        self.from_next_day = settings.WORKDAYS_COUNT_FROM_NEXT_DAY
        first, last = date(number, 1, 1), last or date(number, 12, 31)
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        self.workdays = [d for d in days if self.calendar.is_workday(d)]
        self.weights = [data.MONTH_WEIGHTS[d.month] for d in self.workdays]
        self.last_day = last
        self._load_people()

    def _load_people(self) -> None:
        users = list(
            User.objects.filter(is_active=True)
            .exclude(username__in=self.reserved)
            .order_by("pk")
            .values_list("pk", "kind", "department_id")
        )
        self.citizens = [pk for pk, kind, _d in users if kind == AccountKind.CITIZEN]
        self.enterprises = [pk for pk, kind, _d in users if kind == AccountKind.ENTERPRISE]
        staff = defaultdict(list)
        for pk, kind, department_id in users:
            if kind == AccountKind.STAFF and department_id:
                staff[department_id].append(pk)
        self.staff = dict(staff)
        clerks = User.objects.filter(role_grants__role=Role.CLERK, is_active=True)
        self.clerks = list(clerks.values_list("pk", flat=True).order_by("pk"))
        if not (self.citizens and self.enterprises and self.clerks):
            raise ValueError("load the demo accounts before the demo cases")

    # -- helpers -------------------------------------------------------------------------

    def applicant(self, applicant_type: str) -> int:
        if applicant_type == "organisation" or (
            applicant_type == "both" and self.rng.random() < 0.5
        ):
            return self.rng.choice(self.enterprises)
        return self.rng.choice(self.citizens)

    def approver(self, department_id: int) -> int | None:
        people = self.staff.get(department_id)
        return self.rng.choice(people) if people else None

    def start_day(self, latest: date) -> date:
        while True:
            day = self.rng.choices(self.workdays, self.weights)[0]
            if day <= latest:
                return day

    def days_taken(self, promised: int, statutory: int) -> int:
        rng = self.rng
        if statutory > promised and rng.random() < data.LATE_SHARE:
            return min(statutory, promised + rng.randint(1, 3))
        if promised == 0:
            return 0
        if rng.random() < 0.4:
            return rng.randint(0, max(0, promised // 2))
        return rng.randint(max(0, promised // 3), promised)

    def after(self, start: date, workdays: int) -> date:
        base = clock_math.count_base(start, self.from_next_day)
        return max(start, self.calendar.add_workdays(base, workdays))

    # -- one case ------------------------------------------------------------------------

    def plan(
        self,
        *,
        limits: tuple[int, int],
        departments: list[int],
        channel: str,
        form_data: dict,
        applicant_id: int,
        latest: date,
        version: ItemVersion | None = None,
        bundle: Bundle | None = None,
        days: int | None = None,
    ) -> Plan:
        """One case decided by ``latest``; ``days`` fixes the working days it takes."""
        rng, calendar = self.rng, self.calendar
        statutory, promised = limits
        on_instant_list = version is not None and version.item_id in self.instant_items
        if on_instant_list and rng.random() < data.INSTANT_SHARE:
            day = self.start_day(latest)
            submitted = at(day, rng.randint(-300, 800))
            decided = submitted + timedelta(seconds=rng.randint(3, 40))
            return Plan(
                applicant_id=applicant_id,
                channel=Channel.ONLINE,
                version=version,
                bundle=None,
                limits=limits,
                departments=[],
                form_data=form_data,
                submitted=submitted,
                decided=decided,
                concluded=decided + timedelta(seconds=5),
                mode=HandlingMode.INSTANT,
            )
        for _attempt in range(50):
            start = self.start_day(latest)
            taken = self.days_taken(promised, statutory) if days is None else days
            pause = None
            if days is None and statutory >= 20 and taken and rng.random() < data.PAUSED_SHARE:
                # An expert review from one of its working days; the decision comes after.
                paused = rng.randint(*data.PAUSE_WORKDAYS)
                pause_on = self.after(start, rng.randint(1, taken))
                pause = (pause_on, calendar.add_workdays(pause_on, paused), paused)
            decided_on = self.after(start, taken + (pause[2] if pause else 0))
            if decided_on <= latest:
                break
        else:
            raise ValueError(f"no room in {self.number} for a case of {limits}")
        plan = Plan(
            applicant_id=applicant_id,
            channel=channel,
            version=version,
            bundle=bundle,
            limits=limits,
            departments=departments,
            form_data=form_data,
            submitted=start,  # replaced below
            decided=start,  # replaced below
            concluded=start,  # replaced below
            clerk_id=rng.choice(self.clerks),
            pause=pause,
            approvers=[self.approver(d) for d in departments],
        )
        self._times(plan, start, decided_on)
        if days is None and rng.random() < data.REFUSED_SHARE:
            plan.decision = Decision.REFUSED
            plan.reason = rng.choice(data.REFUSAL_REASONS)
        return plan

    def _times(self, plan: Plan, start: date, decided_on: date) -> None:
        rng, calendar = self.rng, self.calendar
        first = self.workdays[0]
        if plan.channel == Channel.ONLINE:
            back = rng.choice((0, 0, 1, 1, 2))
            submitted_on = max(first, calendar.subtract_workdays(start, back))
            plan.submitted = at(submitted_on, rng.randint(-240, 780))
        else:
            plan.submitted = office_time(rng, start)
        if rng.random() < data.DEFICIENT_SHARE and plan.submitted.date() < start:
            notice = later(rng, timezone.localtime(plan.submitted, TZ).date(), plan.submitted)
            supplied = office_time(rng, start) - timedelta(minutes=30)
            if supplied > notice:
                plan.deficiency = (notice, supplied)
        accepted_after = plan.deficiency[1] if plan.deficiency else plan.submitted
        plan.accepted = later(rng, start, accepted_after, 3, 40)
        decided = later(rng, decided_on, plan.accepted, 30, 240)
        if plan.pause and plan.pause[1] == decided_on:
            decided = max(decided, at(decided_on, 90))  # after the review resumed at 09:30
        plan.task_times = []
        for _department in plan.departments:
            started = later(rng, start, plan.accepted, 10, 90)
            if started > decided:
                started = plan.accepted + timedelta(minutes=5)
            done = max(
                started + timedelta(minutes=1), decided - timedelta(minutes=rng.randint(1, 20))
            )
            plan.task_times.append((started, done))
        plan.decided = decided
        pickup = 0 if plan.channel == Channel.ONLINE else rng.choice((0, 0, 1, 2))
        concluded_on = min(self.last_day, calendar.add_workdays(decided_on, pickup))
        plan.concluded = later(rng, concluded_on, decided, 10, 90)


# -- the whole year ---------------------------------------------------------------------------


def _versions(codes) -> dict[str, ItemVersion]:
    items = ServiceItem.objects.filter(code__in=codes).select_related("published_version")
    found = {}
    for item in items:
        version = item.published_version or item.versions.order_by("-number").first()
        if version is not None:
            version.item = item
            found[item.code] = version
    keys = defaultdict(set)
    for version_id, key in FormField.objects.filter(version__in=found.values()).values_list(
        "version_id", "key"
    ):
        keys[version_id].add(key)
    for version in found.values():
        version.field_keys = keys[version.pk]
    missing = set(codes) - set(found)
    if missing:
        raise ValueError(f"demo cases: items missing from the catalogue: {sorted(missing)}")
    return found


def _instant_items() -> set[int]:
    from onewindow.catalog.constants import ReformList
    from onewindow.catalog.models import ListEntry

    return set(
        ListEntry.objects.filter(list_code=ReformList.INSTANT, item__isnull=False).values_list(
            "item_id", flat=True
        )
    )


def project_form(rng, year: int = YEAR) -> dict:
    """A made-up construction project's form fields (its code starts with ``year``)."""
    place = rng.choice(data.PLACES)
    name = f"{place}{rng.choice(data.COMPANY_WORDS)}{rng.choice(data.PROJECT_KINDS)}"
    return {
        "project_name": name,
        "project_code": "%d-370502-%02d-0%d-%06d"
        % (year, rng.randint(40, 78), rng.randint(1, 3), rng.randint(100000, 999999)),
        "project_address": f"东营区{place}",
    }


def _company(rng) -> str:
    return f"东营市{rng.choice(data.COMPANY_WORDS)}{rng.choice(data.COMPANY_TRADES)}有限公司"


def _form(rng, version, year: int) -> dict:
    keys = version.field_keys
    form = project_form(rng, year) if "project_name" in keys else {}
    if "company_name" in keys:
        form["company_name"] = _company(rng)
    if "proposed_name" in keys:
        form["proposed_name"] = _company(rng)
    return form


def plan_year(
    rng: random.Random,
    number: int = YEAR,
    last: date = None,
    share: float = 1.0,
    reserved: tuple[str, ...] = (),
) -> list[Plan]:
    """The cases of year ``number`` up to ``last``: 2020's counts times ``share``, applied
    for by anyone but the ``reserved`` accounts.

    Another year than 2020 leaves out what 2020 had only until a day of its own (an item
    abolished that July)."""
    year = Year(rng, _instant_items(), number, last, reserved)

    def scaled(count: int) -> int:
        return count if share == 1 else max(1, round(count * share))

    codes = [c for *_h, items, _n, _l in cat_data.CATEGORIES for c in items]
    codes += [code for code, _n, _online in data.ORDINARY]
    versions = _versions(codes)
    plans: list[Plan] = []

    def item_cases(version, count, online_share, latest, forms=None):
        limits = (version.statutory_limit_days, version.promised_limit_days)
        for n in range(count):
            channel = Channel.ONLINE if rng.random() < online_share else Channel.WINDOW
            form = forms[n] if forms else _form(rng, version, number)
            plans.append(
                year.plan(
                    version=version,
                    limits=limits,
                    departments=[version.item.department_id],
                    channel=channel,
                    form_data=form,
                    applicant_id=year.applicant(version.applicant_type),
                    latest=latest,
                )
            )

    for _code, _name, unit, items, count, last_day in cat_data.CATEGORIES:
        if last_day and last_day.year != number:
            continue
        version = versions[items[0]]
        latest = last_day or year.last_day
        count = scaled(count)
        forms = None
        if unit != "件":
            forms = [
                {**_form(rng, version, number), "building_count": n} for n in _split(rng, count)
            ]
            count = len(forms)
        item_cases(version, count, 0.75, latest, forms)
    for code, count, online_share in data.ORDINARY:
        item_cases(versions[code], scaled(count), online_share, year.last_day)
    plans += _startup(rng, year, scaled(data.STARTUP_CASES))
    _number(plans)
    return plans


def _split(rng, total: int) -> list[int]:
    """Buildings per 竣工验收备案 filing, adding up to ``total``."""
    lo, hi = cat_data.BUILDINGS_PER_FILING
    parts = []
    while total > 0:
        n = min(total, rng.randint(lo, hi))
        parts.append(n)
        total -= n
    return parts


def _startup(rng, year: Year, count: int) -> list[Plan]:
    bundle = Bundle.objects.filter(code=data.STARTUP_BUNDLE).first()
    if bundle is None:
        return []
    limits = moves.limits(Case(bundle=bundle))
    departments = list(
        dict.fromkeys(
            bundle.bundle_items.order_by("order").values_list("item__department", flat=True)
        )
    )
    days, weights = zip(*data.STARTUP_DAYS, strict=True)
    plans = []
    for _n in range(count):
        channel = Channel.ONLINE if rng.random() < data.STARTUP_ONLINE_SHARE else Channel.WINDOW
        plans.append(
            year.plan(
                bundle=bundle,
                limits=limits,
                departments=departments,
                channel=channel,
                form_data={"proposed_name": _company(rng)},
                applicant_id=rng.choice(year.citizens),
                latest=year.last_day,
                days=rng.choices(days, weights)[0],
            )
        )
    return plans


def _number(plans: list[Plan]) -> None:
    """DY + the submission date + the day's sequence, in submission order."""
    plans.sort(key=lambda p: p.submitted)
    per_day: Counter = Counter()
    for plan in plans:
        day = timezone.localtime(plan.submitted, TZ).date()
        per_day[day] += 1
        plan.number = f"{NUMBER_PREFIX}{day:%Y%m%d}{per_day[day]:06d}"


# -- writing ----------------------------------------------------------------------------------


def _local(moment: datetime) -> date:
    return timezone.localtime(moment, TZ).date()


def _clock(year_calendar, plan: Plan, limit: int, from_next_day: bool) -> dict:
    start = _local(plan.accepted)
    paused = plan.pause[2] if plan.pause else 0
    fields = clock_math.schedule(year_calendar, start, limit, paused, from_next_day)
    return {
        "started_on": start,
        "limit_days": limit,
        "count_from_next_day": from_next_day,
        "paused_workdays": paused,
        "stopped_on": _local(plan.decided),
        "created_at": plan.accepted,
        "updated_at": plan.decided,
        **fields,
    }


def write(plans: list[Plan], year: int = YEAR) -> dict:
    calendar = get_calendar()
    from_next_day = settings.WORKDAYS_COUNT_FROM_NEXT_DAY
    manual = [p for p in plans if p.mode == HandlingMode.MANUAL]
    clocks = []
    for plan in manual:
        statutory, promised = plan.limits
        clocks += [
            _clock(calendar, plan, statutory, from_next_day),
            _clock(calendar, plan, promised, from_next_day),
        ]
    clock_ids = insert(Clock, rows(Clock, clocks), returning=True)
    for n, plan in enumerate(manual):
        plan.clocks = tuple({**clocks[2 * n + k], "id": clock_ids[2 * n + k]} for k in (0, 1))
    case_ids = insert(Case, rows(Case, [_case(p) for p in plans]), returning=True)
    tasks, events, notices, pauses = [], [], [], []
    materials: dict[int, list] = {}
    for plan, case_id in zip(plans, case_ids, strict=True):
        events += _events(plan, case_id)
        if plan.mode == HandlingMode.INSTANT:
            continue
        tasks += _tasks(plan, case_id)
        if plan.deficiency:
            notices.append(_notice(plan, case_id, materials))
        if plan.pause:
            paused_on, resumed_on, days = plan.pause
            pauses += [
                {
                    "clock_id": clock["id"],
                    "kind": PauseKind.EXPERT_REVIEW,
                    "started_on": paused_on,
                    "ended_on": resumed_on,
                    "workdays": days,
                }
                for clock in plan.clocks
            ]
    insert(DepartmentTask, rows(DepartmentTask, tasks))
    insert(CaseEvent, rows(CaseEvent, events))
    insert(DeficiencyNotice, rows(DeficiencyNotice, notices))
    insert(ClockPause, rows(ClockPause, pauses))
    counts = {
        "cases": len(case_ids),
        "instant": len(plans) - len(manual),
        "tasks": len(tasks),
        "events": len(events),
        "clocks": len(clock_ids),
    }
    record(
        "case.demo_load",
        object_type=Case._meta.label_lower,
        object_id=str(year),
        after=counts,
        summary=f"载入演示办件：{year}年 {len(case_ids)} 件",
    )
    return counts


def rows(model, values: list[dict]) -> list[dict]:
    """Full rows: every column the model has, its default where ``values`` gives none
    (so a column another area adds with a default is filled too)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    return [{**defaults, **v} for v in values]


def insert(model, rows: list[dict], *, returning: bool = False, batch: int = 400) -> list:
    """INSERT plain rows (attname -> value); the new primary keys when ``returning``.

    bulk_create's per-field work costs seconds for the year's 30,000 rows and adds nothing
    here: the values are made by this module. Multi-row VALUES with RETURNING (SQLite 3.35+,
    PostgreSQL) hand the keys back in row order, as bulk_create relies on too.
    """
    if not rows:
        return []
    names = list(rows[0])
    fields = [model._meta.get_field(n.removesuffix("_id")) for n in names]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    one = "(" + ", ".join(["%s"] * len(names)) + ")"
    head = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "  # noqa: S608
    tail = f" RETURNING {quote(model._meta.pk.column)}" if returning else ""
    adapt = [_adapter(f) for f in fields]
    keys = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            params = [a(row[n]) for row in chunk for a, n in zip(adapt, names, strict=True)]
            cursor.execute(head + ", ".join([one] * len(chunk)) + tail, params)
            if returning:
                keys += [r[0] for r in cursor.fetchall()]
    return keys


def _sqlite_datetime(value):
    """What the SQLite backend stores for an aware datetime (UTC, no offset), faster."""
    return None if value is None else str(value.astimezone(UTC).replace(tzinfo=None))


def _adapter(field):
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        if connection.vendor == "sqlite" and settings.USE_TZ:
            return _sqlite_datetime
        return connection.ops.adapt_datetimefield_value
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    if kind == "JSONField":
        return lambda value: field.get_db_prep_save(value, connection)
    return lambda value: value


def _case(plan: Plan) -> dict:
    statutory, promised = plan.clocks or ({"id": None}, {"id": None})
    instant = plan.mode == HandlingMode.INSTANT
    return {
        "number": plan.number,
        "applicant_id": plan.applicant_id,
        "item_version_id": plan.version.pk if plan.version else None,
        "bundle_id": plan.bundle.pk if plan.bundle else None,
        "channel": plan.channel,
        "status": S.CONCLUDED,
        "form_data": plan.form_data,
        "created_at": plan.submitted - timedelta(minutes=8),
        "submitted_at": plan.deficiency[1] if plan.deficiency else plan.submitted,
        "accepted_at": plan.accepted,
        "decided_at": plan.decided,
        "concluded_at": plan.concluded,
        "accepted_by_id": plan.clerk_id if plan.accepted else None,
        "statutory_clock_id": statutory["id"],
        "promised_clock_id": promised["id"],
        "handling_mode": plan.mode,
        "instant_checks": [{"kind": "demo", "passed": True, "message": "系统核验通过"}]
        if instant
        else [],
        "decision": plan.decision,
        "decision_reason": plan.reason,
        "version_lock": 6,
    }


def _tasks(plan: Plan, case_id: int) -> list[dict]:
    due = plan.clocks[1]["due_date"]
    refused_last = plan.decision == Decision.REFUSED
    rows = []
    for n, (department_id, approver, (started, decided)) in enumerate(
        zip(plan.departments, plan.approvers, plan.task_times, strict=True)
    ):
        refuse = refused_last and n == len(plan.departments) - 1
        rows.append(
            {
                "case_id": case_id,
                "department_id": department_id,
                "status": TaskStatus.REFUSED if refuse else TaskStatus.APPROVED,
                "pause_kind": "",
                "pause_reason": "",
                "created_at": plan.accepted + timedelta(minutes=2),
                "started_at": started,
                "decided_by_id": approver,
                "decided_at": decided,
                "reason": plan.reason if refuse else "",
                "due_on": due,
            }
        )
    return rows


def _events(plan: Plan, case_id: int) -> list[dict]:
    def event(action, source, target, moment, actor=None, department=None, note=""):
        return {
            "case_id": case_id,
            "action": action,
            "status_from": source,
            "status_to": target,
            "actor_id": actor,
            "department_id": department,
            "note": note,
            "created_at": moment,
        }

    clerk = plan.clerk_id
    submitter = plan.applicant_id if plan.channel == Channel.ONLINE or not clerk else clerk
    rows = [event("submit", S.DRAFT, S.SUBMITTED, plan.submitted, submitter)]
    if plan.mode == HandlingMode.INSTANT:
        rows.append(
            event("instant_approve", S.SUBMITTED, S.DECIDED, plan.decided, note="秒批：准予许可")
        )
        rows.append(
            event("conclude", S.DECIDED, S.CONCLUDED, plan.concluded, note="电子证照已送达")
        )
        return rows
    if plan.deficiency:
        notice, supplied = plan.deficiency
        rows.append(event("notify_deficiency", S.SUBMITTED, S.DEFICIENT, notice, clerk))
        rows.append(event("supplement", S.DEFICIENT, S.SUBMITTED, supplied, plan.applicant_id))
    rows.append(event("accept", S.SUBMITTED, S.ACCEPTED, plan.accepted, clerk))
    rows.append(
        event("dispatch", S.ACCEPTED, S.IN_REVIEW, plan.accepted + timedelta(minutes=2), clerk)
    )
    refused = plan.decision == Decision.REFUSED
    for n, (department_id, approver, (started, decided)) in enumerate(
        zip(plan.departments, plan.approvers, plan.task_times, strict=True)
    ):
        rows.append(
            event("task_start_review", S.IN_REVIEW, S.IN_REVIEW, started, approver, department_id)
        )
        if plan.pause and n == 0:
            paused_on, resumed_on, _days = plan.pause
            rows.append(
                event(
                    "task_pause",
                    S.IN_REVIEW,
                    S.IN_REVIEW,
                    at(paused_on, 400),
                    approver,
                    department_id,
                    "专家评审：组织专家对技术方案进行评审",
                )
            )
            rows.append(
                event(
                    "task_resume",
                    S.IN_REVIEW,
                    S.IN_REVIEW,
                    at(resumed_on, 60),
                    approver,
                    department_id,
                )
            )
        last = n == len(plan.departments) - 1
        action = "task_refuse" if refused and last else "task_approve"
        note = plan.reason if refused and last else ""
        rows.append(event(action, S.IN_REVIEW, S.IN_REVIEW, decided, approver, department_id, note))
    label = "不予许可" if refused else "准予许可"
    rows.append(event("decide", S.IN_REVIEW, S.DECIDED, plan.decided, note=label))
    rows.append(event("conclude", S.DECIDED, S.CONCLUDED, plan.concluded, clerk))
    return rows


def _notice(plan: Plan, case_id: int, cache: dict) -> dict:
    """The notice asked for one required material (the last one of the list)."""
    materials = [m for m in _materials(plan, cache) if m[2]]
    missing = materials[-1:] if materials else []
    return {
        "case_id": case_id,
        "items": [{"material_type": mt, "name": name} for mt, name, _required in missing],
        "note": "",
        "issued_by_id": plan.clerk_id,
        "issued_at": plan.deficiency[0],
        "supplemented_at": plan.deficiency[1],
    }


def _materials(plan: Plan, cache: dict) -> list[tuple[int, str, bool]]:
    """(material type, name, required) of the plan's version, read once per version."""
    if plan.version is None:
        return []
    key = plan.version.pk
    if key not in cache:
        rows = plan.version.materials.values_list("material_type_id", "name", "required")
        cache[key] = list(rows)
    return cache[key]
