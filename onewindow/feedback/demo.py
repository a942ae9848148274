"""The demo's 好差评 and work orders (诉求/工单).

- Work orders since 2020: the seed's 328 hotline (12345) orders, 2 petitions and 89 CCTV
  retrievals, almost all closed after a reply and a callback, the latest few still open.
  Written in bulk (like cases.demo_history): the order, its working-day clock (paused from
  the reply to the callback, stopped at closing, as the services do), its timeline and one
  audit event for the load.
- A year of ratings: about 2,400 satisfied ratings (on site with their used QR tokens,
  online, public comment, spot checks), each with its push record for the provincial
  platform, written in bulk. Bulk ratings are never bad: every bad rating is played through
  the services (onewindow.feedback.ratings and .orders) at past moments, so each has its
  remedy order, clock, callback, timeline and audit events as the services write them —
  most remedied on time, two late, one appeal upheld (left out of the published figures),
  and one still open at 区住房和城乡建设局 for the demo approver.

Loading twice changes nothing: each part is skipped when its rows exist.
"""

from __future__ import annotations

import random
from collections import Counter
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from unittest import mock

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from onewindow.accounts.constants import AccountKind, Role
from onewindow.accounts.models import User
from onewindow.cases.demo.history import TZ, at, insert, office_time, rows
from onewindow.core.audit import record
from onewindow.core.pii import crypto
from onewindow.core.workdays import clock as clock_math
from onewindow.core.workdays.calendar import get_calendar
from onewindow.core.workdays.constants import PauseKind
from onewindow.core.workdays.models import Clock, ClockPause
from onewindow.org.constants import SiteKind
from onewindow.org.models import Department, Window, WindowAssignment

from . import demo_data as data
from . import provincial
from .constants import (
    CHANNEL_QUESTIONS,
    AppealStatus,
    CallbackResult,
    PushStatus,
    RaterKind,
    RatingChannel,
    WorkOrderKind,
    WorkOrderSource,
    WorkOrderStatus,
)
from .models import Rating, RatingPush, RatingToken, WorkOrder, WorkOrderEvent

SEED = 20200326
HISTORY_SOURCES = (WorkOrderSource.HOTLINE, WorkOrderSource.PETITION, WorkOrderSource.CCTV_REQUEST)
TOKEN_PREFIX = "demo"


def load_feedback() -> dict:
    """Create what is missing of the demo's ratings and work orders; returns the counts."""
    created = {}
    with transaction.atomic():
        created["orders"] = load_orders()
    with transaction.atomic():
        created["ratings"] = load_ratings()
    with transaction.atomic():
        created["remedies"] = load_remedies()
    return {
        "ratings": Rating.objects.count(),
        "work_orders": WorkOrder.objects.count(),
        "created": sum(created.values()),
    }


# -- shared ------------------------------------------------------------------------------


class _World:
    """The demo's departments, windows, staff and people, and the calendar."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.calendar = get_calendar()
        today = timezone.localdate()
        self.today = today
        self.last_workday = (
            today if self.calendar.is_workday(today) else self.calendar.subtract_workdays(today, 1)
        )
        self.departments = {d.code: d for d in Department.objects.all()}
        self.departments_by_pk = {d.pk: d for d in self.departments.values()}
        self.staff_names: dict[int, str] = {}
        self.windows = {
            w.number: w
            for w in Window.objects.filter(
                site__kind=SiteKind.SERVICE_HALL, department__isnull=False
            ).order_by("pk")
        }
        on_duty = WindowAssignment.objects.filter(ended_on__isnull=True).order_by("pk")
        self.window_staff: dict[int, list[int]] = {}
        for window_id, user_id in on_duty.values_list("window_id", "user_id"):
            self.window_staff.setdefault(window_id, []).append(user_id)
        people = User.objects.filter(is_active=True).order_by("pk")
        self.users = {u.username: u for u in people}
        self.citizens = [u for u in people if u.kind == AccountKind.CITIZEN]
        self.enterprises = [u for u in people if u.kind == AccountKind.ENTERPRISE]
        units = (
            User.objects.filter(
                is_active=True,
                department__isnull=False,
                role_grants__role__in=(Role.APPROVER, Role.CLERK),
            )
            .order_by("pk")
            .values_list("department_id", "pk")
            .distinct()
        )
        self.unit_staff: dict[int, list[int]] = {}
        for department_id, user_id in units:
            self.unit_staff.setdefault(department_id, []).append(user_id)

    def workday(self, workdays_ago: int) -> date:
        return self.calendar.subtract_workdays(self.last_workday, workdays_ago)

    def moment(self, day: date, hour: int, minute: int = 0) -> datetime:
        """``hour:minute`` of ``day``, never later than a minute ago."""
        value = datetime.combine(day, time(hour, minute), tzinfo=TZ)
        return min(value, timezone.now() - timedelta(minutes=1))

    def pick(self, weighted) -> str:
        names, weights = zip(*weighted, strict=True)
        return self.rng.choices(names, weights)[0]


def _end_of_day(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=timezone.get_current_timezone())


# -- work orders since 2020 ----------------------------------------------------------------


def load_orders() -> int:
    if WorkOrder.objects.filter(source__in=HISTORY_SOURCES).exists():
        return 0
    world = _World(random.Random(SEED))
    supervisor = world.users.get("supervisor")
    if supervisor is None or not world.departments:
        return 0
    plans = _plan_orders(world)
    return _write_orders(world, plans, supervisor.pk)


def _spread(world: _World, count: int, last: date) -> list[date]:
    """``count`` working days from 2020 up to ``last``, evenly spread with some noise."""
    days = []
    first = data.FIRST_DAY
    span = (last - first).days
    for n in range(count):
        offset = int(span * (n + world.rng.random()) / count)
        day = first + timedelta(days=offset)
        while not world.calendar.is_workday(day):
            day += timedelta(days=1)
        days.append(min(day, last))
    return sorted(days)


def _plan_orders(world: _World) -> list[dict]:
    rng = world.rng
    plans = []
    # The open ones are the latest: received within the last few working days.
    recent = world.workday(6)
    hotline_days = _spread(world, data.HOTLINE_ORDERS - data.OPEN_HOTLINE, recent)
    hotline_days += [world.workday(n) for n in range(data.OPEN_HOTLINE, 0, -1)]
    for n, day in enumerate(hotline_days):
        kind = world.pick(data.HOTLINE_KINDS)
        subject, content, reply = rng.choice(data.HOTLINE_TOPICS[kind])
        plans.append(
            {
                "source": WorkOrderSource.HOTLINE,
                "kind": kind,
                "department": world.pick(data.HOTLINE_DEPARTMENTS),
                "day": day,
                "subject": subject,
                "content": content,
                "reply": reply,
                "external": f"12345-{day:%Y%m%d}-{rng.randint(1000, 9999)}",
                "open": n >= len(hotline_days) - data.OPEN_HOTLINE,
            }
        )
    petition_days = _spread(world, data.PETITIONS, world.workday(200))
    for day, (department, subject, content, reply) in zip(
        petition_days, data.PETITION_TOPICS, strict=False
    ):
        plans.append(
            {
                "source": WorkOrderSource.PETITION,
                "kind": WorkOrderKind.COMPLAINT,
                "department": department,
                "day": day,
                "subject": subject,
                "content": content,
                "reply": reply,
                "external": f"DYXF-{day:%Y}-{rng.randint(100, 999)}",
                "open": False,
            }
        )
    cctv_days = _spread(world, data.CCTV_REQUESTS - data.OPEN_CCTV, recent)
    cctv_days += [world.workday(1)] * data.OPEN_CCTV
    for n, day in enumerate(cctv_days):
        reason = rng.choice(data.CCTV_REASONS)
        zone = rng.choice(data.CCTV_ZONES)
        plans.append(
            {
                "source": WorkOrderSource.CCTV_REQUEST,
                "kind": WorkOrderKind.REQUEST,
                "department": "BU-HALL",
                "day": day,
                "subject": f"申请调取{zone}监控录像",
                "content": f"申请人因{reason}，申请调取{day:%Y年%m月%d日}{zone}的监控录像。",
                "reply": data.CCTV_REPLY,
                "external": "",
                "open": n >= len(cctv_days) - data.OPEN_CCTV,
            }
        )
    return plans


def _name(rng) -> str:
    return rng.choice("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗") + rng.choice(
        ("先生", "女士", "伟", "芳", "强", "敏", "静", "磊")
    )


def _phone(rng) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}"


def _write_orders(world: _World, plans: list[dict], registrar_id: int) -> int:
    rng, calendar = world.rng, world.calendar
    from_next_day = settings.WORKDAYS_COUNT_FROM_NEXT_DAY
    limits = settings.FEEDBACK_WORK_ORDER_LIMITS
    per_day: Counter = Counter()
    orders, clocks, pauses, timelines = [], [], [], []
    for plan in plans:
        department = world.departments.get(plan["department"])
        staff = world.unit_staff.get(department.pk if department else None) or [None]
        handler = rng.choice(staff)
        received = office_time(rng, plan["day"])
        per_day[plan["day"]] += 1
        unit, amount = limits.get(plan["kind"], ("workdays", 13))
        real_name = plan["source"] != WorkOrderSource.HOTLINE or rng.random() < 0.9
        order = {
            "number": f"GD{plan['day']:%Y%m%d}{per_day[plan['day']]:05d}",
            "source": plan["source"],
            "kind": plan["kind"],
            "subject": plan["subject"],
            "content": plan["content"],
            "requester_name": _name(rng) if real_name else "",
            "requester_phone": crypto.encrypt(_phone(rng), "phone") if real_name else "",
            "is_real_name": real_name,
            "external_number": plan["external"],
            "department_id": department.pk if department else None,
            "received_at": received,
            "created_at": received,
            "updated_at": received,
            "created_by_id": registrar_id,
            "escalation": 0,
        }
        events = [
            ("register", registrar_id, str(WorkOrderSource(plan["source"]).label), received),
            ("dispatch", registrar_id, department.name if department else "", received),
        ]
        clock = None
        if unit == "hours":
            order["due_at"] = received + timedelta(hours=amount)
            reply_at = received + timedelta(minutes=rng.randint(30, 100))
        else:
            due = clock_math.due_date_for(calendar, plan["day"], amount, from_next_day)
            order["due_at"] = _end_of_day(due)
            late = rng.random() < 0.02
            taken = amount + rng.randint(1, 2) if late else rng.randint(0, max(0, amount - 1))
            reply_day = calendar.add_workdays(plan["day"], taken)
            reply_at = datetime.combine(reply_day, time(9, 0), tzinfo=TZ) + timedelta(
                minutes=rng.randint(0, 420)
            )
            reply_at = max(reply_at, received + timedelta(minutes=45))
            clock = {"started_on": plan["day"], "limit_days": amount, "due": due}
        if plan["open"]:
            started = rng.random() < 0.5
            order["status"] = WorkOrderStatus.HANDLING if started else WorkOrderStatus.DISPATCHED
            if started:
                order["handler_id"] = handler
                events.append(("start", handler, "", received + timedelta(minutes=40)))
            if clock is not None:
                clock.update(stopped=None, paused=None)
            orders.append((order, clock, events))
            continue
        start_at = received + timedelta(minutes=rng.randint(10, 40))
        callback_day = reply_at.date()
        if rng.random() < 0.3:
            callback_day = calendar.add_workdays(callback_day, 1)
        callback_at = max(
            datetime.combine(callback_day, time(10, 0), tzinfo=TZ)
            + timedelta(minutes=rng.randint(0, 360)),
            reply_at + timedelta(minutes=30),
        )
        closed_at = callback_at + timedelta(minutes=rng.randint(5, 60))
        result = rng.choices(
            (CallbackResult.SATISFIED, CallbackResult.BASICALLY_SATISFIED), (85, 15)
        )[0]
        order.update(
            status=WorkOrderStatus.CLOSED,
            handler_id=handler,
            verification="",
            reply=plan["reply"],
            replied_at=reply_at,
            callback_at=callback_at if real_name else None,
            callback_by_id=handler if real_name else None,
            callback_result=result if real_name else "",
            callback_note=rng.choice(data.CALLBACK_NOTES) if real_name else "",
            closed_at=closed_at,
            satisfaction=rng.choices((5, 4, 3), (75, 20, 5))[0] if real_name else None,
            updated_at=closed_at,
        )
        events += [
            ("start", handler, "", start_at),
            ("reply", handler, plan["reply"], reply_at),
        ]
        if real_name:
            note = f"{CallbackResult(result).label}：{order['callback_note']}"
            events.append(("record_callback", handler, note, callback_at))
        events.append(("close", handler, "", closed_at))
        if clock is not None:
            clock.update(
                stopped=timezone.localtime(closed_at, TZ).date(),
                paused=timezone.localtime(reply_at, TZ).date(),
            )
        orders.append((order, clock, events))

    # Clocks first (their ids go on the orders), then the orders, then the timelines.
    with_clock = [(o, c) for o, c, _e in orders if c is not None]
    for _order, c in with_clock:
        paused_days = 0
        if c["stopped"] and c["paused"]:
            paused_days = clock_math.pause_workdays(
                calendar, c["paused"], c["stopped"], from_next_day
            )
        fields = clock_math.schedule(
            calendar, c["started_on"], c["limit_days"], paused_days, from_next_day
        )
        c["paused_days"] = paused_days
        clocks.append(
            {
                "started_on": c["started_on"],
                "limit_days": c["limit_days"],
                "count_from_next_day": from_next_day,
                "paused_workdays": paused_days,
                "stopped_on": c["stopped"],
                "created_at": _end_of_day(c["started_on"]) - timedelta(hours=12),
                "updated_at": _end_of_day(c["stopped"] or c["started_on"]) - timedelta(hours=6),
                **fields,
            }
        )
    clock_ids = insert(Clock, rows(Clock, clocks), returning=True)
    for (order, c), clock_id in zip(with_clock, clock_ids, strict=True):
        order["clock_id"] = clock_id
        if c["stopped"] and c["paused"]:
            pauses.append(
                {
                    "clock_id": clock_id,
                    "kind": PauseKind.OTHER,
                    "started_on": c["paused"],
                    "ended_on": c["stopped"],
                    "workdays": c["paused_days"],
                }
            )
    insert(ClockPause, rows(ClockPause, pauses))
    order_ids = insert(WorkOrder, rows(WorkOrder, [o for o, _c, _e in orders]), returning=True)
    for (_order, _clock, events), order_id in zip(orders, order_ids, strict=True):
        timelines += [
            {"order_id": order_id, "action": a, "actor_id": who, "note": note, "created_at": when}
            for a, who, note, when in events
        ]
    insert(WorkOrderEvent, rows(WorkOrderEvent, timelines))
    counts = Counter(o["source"] for o, _c, _e in orders)
    record(
        "feedback.demo_load",
        object_type=WorkOrder._meta.label_lower,
        object_id="history",
        after={"orders": dict(counts), "events": len(timelines), "clocks": len(clock_ids)},
        summary=f"载入演示工单 {len(order_ids)} 件",
    )
    return len(order_ids)


# -- a year of ratings ---------------------------------------------------------------------


def load_ratings() -> int:
    if Rating.objects.exists():
        return 0
    world = _World(random.Random(SEED + 1))
    if not world.windows or not world.citizens:
        return 0
    plans = _plan_ratings(world)
    return _write_ratings(world, plans)


def _scores(rng, channel: str, level: int) -> dict:
    scores = {}
    for question in CHANNEL_QUESTIONS[RatingChannel(channel)]:
        value = level if rng.random() < 0.85 else max(3, level - 1)
        scores[str(question)] = value
    scores["overall"] = level
    return scores


def _plan_ratings(world: _World) -> list[dict]:
    rng = world.rng
    first = world.today - timedelta(days=365)
    days = [first + timedelta(days=n) for n in range(1, 366)]
    workdays = [d for d in days if world.calendar.is_workday(d) and d < world.today]
    weights = [data.RATING_MONTH_WEIGHTS[d.month] for d in workdays]
    any_days = [d for d in days if d < world.today]
    windows = list(world.windows.values())
    supervisor = world.users.get("supervisor")
    raters = world.citizens + world.enterprises
    plans = []
    for _n in range(data.RATINGS):
        channel = world.pick(data.CHANNEL_SHARES)
        level = int(world.pick(data.RATING_LEVELS))
        plan = {
            "channel": channel,
            "level": level,
            "scores": _scores(rng, channel, level),
            "comment": rng.choice(data.GOOD_COMMENTS) if rng.random() < data.COMMENT_SHARE else "",
            "window": None,
            "staff": None,
            "department": None,
            "rater": None,
            "rater_kind": RaterKind.ANONYMOUS,
            "real": False,
        }
        if channel in (RatingChannel.ON_SITE, RatingChannel.SPOT_CHECK):
            day = rng.choices(workdays, weights)[0]
            plan["at"] = office_time(rng, day)
            window = rng.choice(windows)
            staff = world.window_staff.get(window.pk)
            plan.update(
                window=window.pk,
                staff=rng.choice(staff) if staff else None,
                department=window.department_id,
            )
            if channel == RatingChannel.SPOT_CHECK and supervisor is not None:
                plan.update(rater=supervisor, rater_kind=RaterKind.SUPERVISOR, real=True)
        else:
            day = rng.choice(any_days)
            plan["at"] = at(day, rng.randint(-90, 870))
            code = world.pick(data.ONLINE_DEPARTMENTS)
            department = world.departments.get(code)
            plan["department"] = department.pk if department else None
            if channel == RatingChannel.ONLINE:
                rater = rng.choice(raters)
                kind = (
                    RaterKind.ENTERPRISE
                    if rater.kind == AccountKind.ENTERPRISE
                    else RaterKind.CITIZEN
                )
                plan.update(rater=rater, rater_kind=kind, real=True)
        plans.append(plan)
    plans.sort(key=lambda p: p["at"])
    return plans


def _payload(world: _World, plan: dict, rating_id: int) -> dict:
    """The provincial payload of a bulk rating (no case): the shape of provincial.payload."""
    department = world.departments_by_pk.get(plan["department"])
    rater = plan["rater"]
    applicant_type = provincial.RATER_TYPES.get(plan["rater_kind"], "anonymous")
    if rater is not None and rater.kind in provincial.APPLICANT_TYPES:
        applicant_type = provincial.APPLICANT_TYPES[rater.kind]
    staff = world.staff_names.get(plan["staff"], "")
    return {
        "rating": rating_id,
        "case_number": "",
        "item_code": "",
        "item_version": None,
        "department_code": department.code if department else "",
        "department_name": department.name if department else "",
        "applicant_type": applicant_type,
        "applicant_id": provincial._masked_id(rater) if rater is not None else "",
        "channel": plan["channel"],
        "rated_at": timezone.localtime(plan["at"], TZ).isoformat(),
        "staff": staff,
        "level": plan["level"],
    }


def _write_ratings(world: _World, plans: list[dict]) -> int:
    rng, calendar = world.rng, world.calendar
    window_days = int(getattr(settings, "FEEDBACK_RATING_WINDOW_WORKDAYS", 5))
    on_site = [p for p in plans if p["channel"] == RatingChannel.ON_SITE]
    tokens = []
    for plan in on_site:
        visited = plan["at"] - timedelta(minutes=rng.randint(3, 25))
        tokens.append(
            {
                "key": f"{TOKEN_PREFIX}{rng.getrandbits(128):032x}",
                "channel": RatingChannel.ON_SITE,
                "window_id": plan["window"],
                "staff_id": plan["staff"],
                "department_id": plan["department"],
                "visited_at": visited,
                "expires_on": calendar.add_workdays(
                    timezone.localtime(visited, TZ).date(), window_days
                ),
                "used_at": plan["at"],
            }
        )
    token_ids = insert(RatingToken, rows(RatingToken, tokens), returning=True)
    for plan, token_id in zip(on_site, token_ids, strict=True):
        plan["token"] = token_id
    ratings = [
        {
            "level": p["level"],
            "channel": p["channel"],
            "scores": p["scores"],
            "comment": p["comment"],
            "is_bad": False,
            "token_id": p.get("token"),
            "window_id": p["window"],
            "staff_id": p["staff"],
            "department_id": p["department"],
            "rater_id": p["rater"].pk if p["rater"] is not None else None,
            "rater_kind": p["rater_kind"],
            "is_real_name": p["real"],
            "created_at": p["at"],
        }
        for p in plans
    ]
    rating_ids = insert(Rating, rows(Rating, ratings), returning=True)
    staff_ids = {p["staff"] for p in plans if p["staff"]}
    world.staff_names = dict(User.objects.filter(pk__in=staff_ids).values_list("pk", "username"))
    pushes = [
        {
            "rating_id": rating_id,
            "backend": provincial.backend_label(provincial.backend_name()),
            "payload": _payload(world, plan, rating_id),
            "status": PushStatus.SENT,
            "attempts": 1,
            "error": "",
            "pushed_at": plan["at"] + timedelta(minutes=rng.randint(1, 5)),
        }
        for plan, rating_id in zip(plans, rating_ids, strict=True)
    ]
    insert(RatingPush, rows(RatingPush, pushes))
    counts = Counter(p["channel"] for p in plans)
    record(
        "feedback.demo_load",
        object_type=Rating._meta.label_lower,
        object_id="year",
        after={"ratings": dict(counts), "tokens": len(token_ids)},
        summary=f"载入演示评价 {len(rating_ids)} 条",
    )
    return len(rating_ids)


# -- bad ratings and their remedies, through the services ---------------------------------


@contextmanager
def _at(moment: datetime):
    """Run the services as if it were ``moment`` (their clock, timestamps and today)."""
    with mock.patch.object(timezone, "now", lambda: moment):
        yield


def load_remedies() -> int:
    if WorkOrder.objects.filter(source=WorkOrderSource.BAD_RATING).exists():
        return 0
    world = _World(random.Random(SEED + 2))
    supervisor = world.users.get("supervisor")
    if supervisor is None or not world.windows:
        return 0
    made = 0
    raters = list(world.citizens[1:]) or world.citizens  # not the demo login's own data
    for n, row in enumerate(data.BAD_RATINGS):
        window_no, level, ago, real, reply_after, appeal, comment, verification, reply = row
        window = world.windows.get(window_no)
        if window is None:
            continue
        rater = raters[n % len(raters)] if real else None
        made += _remedy(
            world, window, level, ago, rater, reply_after, appeal, comment, verification, reply
        )
    made += _open_remedy(world)
    return made


def _unit(world: _World, department_id: int, *, not_user=None):
    ids = [pk for pk in world.unit_staff.get(department_id, []) if pk != not_user]
    ids = ids or world.unit_staff.get(department_id, [])
    if not ids:
        return None
    return User.objects.get(pk=ids[0])


def _rate(world: _World, window, level, when, rater, comment, *, department=None, case=None):
    from .ratings import services as ratings

    staff_ids = world.window_staff.get(window.pk) or []
    staff = User.objects.filter(pk=staff_ids[0]).first() if staff_ids else None
    with _at(when - timedelta(minutes=15)):
        _token, signed = ratings.issue_token(
            case=case,
            window=window,
            staff=staff,
            department=department,
            channel=RatingChannel.ON_SITE,
            visited_at=when - timedelta(minutes=15),
            actor=staff,
        )
    with _at(when):
        return ratings.submit_rating(
            signed,
            level=level,
            scores={"overall": level, "attitude": max(1, level), "efficiency": level},
            comment=comment,
            rater=rater,
        )


def _remedy(world, window, level, ago, rater, reply_after, appeal, comment, verification, reply):
    from .orders import services as orders

    day = world.workday(ago)
    when = world.moment(day, 9 + world.rng.randint(0, 6), world.rng.randint(0, 59))
    rating = _rate(world, window, level, when, rater, comment)
    order = WorkOrder.objects.get(rating=rating)
    unit = _unit(world, order.department_id, not_user=rating.staff_id)
    supervisor = world.users["supervisor"]
    if unit is None:
        return 1
    with _at(when + timedelta(minutes=40)):
        order = orders.start(order, unit)
    if appeal == AppealStatus.UPHELD:
        with _at(world.moment(world.calendar.add_workdays(day, 1), 10)):
            order = orders.appeal_rating(order, verification, unit)
        with _at(world.moment(world.calendar.add_workdays(day, 2), 15)):
            orders.decide_appeal(
                order, True, "经核实，评价事项不属于窗口服务问题，申诉成立", supervisor
            )
        return 1
    reply_day = world.calendar.add_workdays(day, reply_after)
    replied = world.moment(reply_day, 10, world.rng.randint(0, 59))
    with _at(replied):
        order = orders.reply(order, reply, unit, verification=verification)
    with _at(replied + timedelta(hours=2)):
        if rater is not None:
            order = orders.record_callback(
                order, CallbackResult.SATISFIED, "评价人对整改结果表示满意", unit
            )
        order = orders.close(order, unit)
    return 1


def _open_remedy(world: _World) -> int:
    """The bad rating waiting at 区住房和城乡建设局 for the demo approver (王强)."""
    spec = data.OPEN_REMEDY
    department = world.departments.get(spec["department"])
    window = world.windows.get(spec["window"])
    rater = world.users.get("enterprise")
    if department is None or window is None or rater is None:
        return 0
    case = (
        rater.cases.filter(tasks__department=department, decided_at__isnull=False)
        .order_by("-decided_at")
        .first()
    )
    day = world.workday(spec["workdays_ago"])
    when = world.moment(day, 15, 20)
    _rate(
        world,
        window,
        spec["level"],
        when,
        rater,
        spec["comment"],
        department=department,
        case=case,
    )
    return 1
