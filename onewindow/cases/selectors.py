"""Reads of cases, scoped: an applicant sees their own, department staff their department's.

A department sees a case when the case's item (or bundle) is its own or when one of its
tasks is on the case (parallel review by other departments). Window clerks accept for
every department (一窗受理: the general windows take every item), so they see every case
past the draft, and the drafts started at the window. Hall supervisors and the bureau's
leaders see every case past the draft (they follow deadlines across departments).

The window's pages (acceptance queue, promises, delivery, the window's case page) are
narrowed by site (就近办, decision 0037): a clerk on duty at a town or community centre or
a village station sees only the cases taken in at that site; a clerk of the service hall
(or with no window today) sees the hall's cases and those with no site (online
submissions, cases from before the network). Any other case is 404 on a direct URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import BooleanField, Count, Exists, F, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.constants import AccountKind, Role
from onewindow.catalog import selectors as catalog_selectors
from onewindow.core.errors import NotFound, PermissionDenied
from onewindow.core.pii import crypto
from onewindow.core.workdays import clock as clock_math
from onewindow.core.workdays.calendar import get_calendar
from onewindow.core.workdays.constants import WarningLevel
from onewindow.core.workdays.models import Clock

from . import workflow
from .constants import (
    CASES_ACCEPTANCE_NOTICE_DAYS,
    OPEN_TASK_STATUSES,
    CaseStatus,
    Channel,
    PromiseStatus,
)
from .models import Case, CaseEvent, CaseMaterial, ConditionalPromise, DepartmentTask

# The kind of site (org.constants.SiteKind.SERVICE_HALL) whose clerks also see site-less cases.
HALL_SITE_KIND = "service_hall"

# Who follows deadlines across every department (超期预警).
OVERSIGHT_ROLES = (Role.SUPERVISOR, Role.LEADER)
# Warning levels a list of late cases shows, most urgent first.
WARNED_LEVELS = (WarningLevel.OVERDUE, WarningLevel.RED, WarningLevel.YELLOW)


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def visible_cases(user):
    if not _signed_in(user):
        return Case.objects.none()
    scope = Q(applicant=user)
    past_draft = ~Q(status=CaseStatus.DRAFT)
    if user.has_role(*OVERSIGHT_ROLES):
        scope |= past_draft
    if user.has_role(Role.CLERK):
        scope |= past_draft | Q(channel=Channel.WINDOW)
    if getattr(user, "department_id", None):
        own_task = DepartmentTask.objects.filter(
            case=OuterRef("pk"), department_id=user.department_id
        )
        scope |= (
            Q(item_version__item__department_id=user.department_id)
            | Q(bundle__lead_department_id=user.department_id)
            | Q(industry__lead_department_id=user.department_id)
            | Q(Exists(own_task))
        )
    return Case.objects.filter(scope)


def _one_case(cases, number) -> Case:
    """The case ``number`` among ``cases`` with what its pages show, else NotFound."""
    number = str(number)
    if "\x00" in number:
        raise NotFound()
    case = (
        cases.filter(number=number)
        .select_related("applicant", "item_version", "item_version__item", "bundle")
        .first()
    )
    if case is None:
        raise NotFound()
    return case


def case_for(user, number) -> Case:
    """The case ``number`` if this user may see it, else NotFound (never 403: no probing)."""
    return _one_case(visible_cases(user), number)


def case_materials(case) -> list:
    """The materials of the version the case was created under (never the current one)."""
    if case.item_version_id is not None:
        return list(case.item_version.materials.select_related("material_type").all())
    if case.industry_id is not None:
        return catalog_selectors.industry_materials(case.industry)
    return catalog_selectors.bundle_materials(case.bundle)


def material_rows(case) -> list[CaseMaterial]:
    """The case's own material list (copied at submission) with each file given."""
    return list(case.materials.select_related("document").order_by("order", "pk"))


def form_fields(case) -> list:
    """The form fields of the case's version (or its bundle's one form)."""
    from .form_data import case_fields

    return case_fields(case)


def timeline(case) -> list[CaseEvent]:
    """The applicant's timeline of ``case`` (already checked visible by the caller)."""
    return list(case.events.select_related("department").order_by("created_at", "pk"))


# -- the window -------------------------------------------------------------------------


def is_clerk(user) -> bool:
    return _signed_in(user) and user.has_role(Role.CLERK)


def require_clerk(user) -> None:
    if not is_clerk(user):
        raise PermissionDenied(_("仅窗口工作人员可以使用受理工作台"))


def clerk_window(user, today: date | None = None):
    """The window (with its site) ``user`` is assigned to today, or None."""
    from onewindow.org.models import WindowAssignment

    today = today or timezone.localdate()
    assignment = (
        WindowAssignment.objects.filter(user=user, started_on__lte=today)
        .exclude(ended_on__lt=today)
        .select_related("window__site")
        .order_by("-started_on", "-pk")
        .first()
    )
    return assignment.window if assignment else None


def clerk_site(user, today: date | None = None):
    """The site of the window ``user`` is assigned to today, or None."""
    window = clerk_window(user, today)
    return window.site if window else None


def site_scope(user, today: date | None = None) -> Q:
    """Which cases the window's pages show ``user``: their own site's (see the module)."""
    site = clerk_site(user, today)
    if site is not None and site.kind != HALL_SITE_KIND:
        return Q(site=site)
    hall = Q(site__kind=HALL_SITE_KIND) if site is None else Q(site=site)
    return Q(site__isnull=True) | hall


def window_cases(user):
    """The cases a clerk's window pages may show: visible and of the clerk's site."""
    if not is_clerk(user):
        return Case.objects.none()
    return visible_cases(user).filter(site_scope(user))


def acceptance_queue(user):
    """Submitted cases a window clerk may see, oldest submission first."""
    if not is_clerk(user):
        return Case.objects.none()
    return (
        window_cases(user)
        .filter(status=CaseStatus.SUBMITTED)
        .select_related("applicant", "item_version", "bundle", "industry")
        .order_by("submitted_at", "pk")
    )


def window_case(user, number) -> Case:
    """A case for the window's page: clerks only (403), a case out of sight is 404."""
    require_clerk(user)
    return _one_case(window_cases(user), number)


def promises_due(user):
    """容缺 promises still open on cases the window can see, earliest promise date first."""
    if not is_clerk(user):
        return ConditionalPromise.objects.none()
    return (
        ConditionalPromise.objects.filter(
            status=PromiseStatus.PENDING,
            case__in=window_cases(user).filter(status__in=workflow.sources("supply_promised")),
        )
        .select_related(
            "case", "case__applicant", "case__item_version", "case__bundle", "case__industry"
        )
        .order_by("promise_date", "pk")
    )


def awaiting_delivery(user):
    """Decided cases waiting for the window to deliver the decision, oldest decision first.

    That is the order of the delivery due dates too (each is CASES_DELIVERY_DAYS working
    days after the decision), and it keeps a refusal (no certificate, no delivery clock)
    in its place.
    """
    if not is_clerk(user):
        return Case.objects.none()
    return (
        window_cases(user)
        .filter(status=CaseStatus.DECIDED)
        .select_related("applicant", "item_version", "bundle", "industry", "delivery_clock")
        .order_by("decided_at", "pk")
    )


def window_unanswered(user, today: date | None = None):
    """Submissions the window has not answered within the notice period (clerk's scope)."""
    if not is_clerk(user):
        return Case.objects.none()
    return unanswered_submissions(today, queryset=window_cases(user)).select_related(
        "applicant", "item_version", "bundle", "industry"
    )


def window_counts(user, today: date | None = None) -> dict:
    """How many cases wait for the window in each list (for the tabs and the home panel)."""
    return {
        "queue": acceptance_queue(user).count(),
        "unanswered": window_unanswered(user, today).count(),
        "promises": promises_due(user).count(),
        "delivery": awaiting_delivery(user).count(),
    }


def case_departments(case) -> list[int]:
    """The departments a case is dispatched to by default: its item's, its bundle's items'."""
    ids: list[int] = []
    if case.item_version_id is not None:
        ids.append(case.item_version.item.department_id)
    elif case.bundle_id is not None:
        for item, _version in catalog_selectors.bundle_versions(case.bundle):
            ids.append(item.department_id)
        if case.bundle.lead_department_id and not ids:
            ids.append(case.bundle.lead_department_id)
    elif case.industry_id is not None:
        industry = case.industry
        ids.extend(industry.replaced_items.values_list("department_id", flat=True))
        if industry.lead_department_id:
            ids.insert(0, industry.lead_department_id)
    return list(dict.fromkeys(i for i in ids if i))


def dispatch_departments():
    return catalog_selectors.active_departments()


def case_tasks(case):
    return list(case.tasks.select_related("department", "decided_by").order_by("pk"))


def deficiency_notices(case):
    return list(case.deficiency_notices.select_related("issued_by").order_by("issued_at", "pk"))


def promise_of(case) -> ConditionalPromise | None:
    return ConditionalPromise.objects.filter(case=case).select_related("recorded_by").first()


def applicant_by_identifier(kind: str, value: str):
    """The citizen (by ID number, blind index) or enterprise (by USCC) account, or None."""
    from onewindow.accounts.models import User

    if kind == AccountKind.CITIZEN:
        index = crypto.blind_index(value, "id_number")
        return User.objects.filter(id_number_index=index, kind=AccountKind.CITIZEN).first()
    if kind == AccountKind.ENTERPRISE:
        return User.objects.filter(uscc=value, kind=AccountKind.ENTERPRISE).first()
    return None


def applicable_items():
    """Items with a published version, for the window's application on someone's behalf."""
    return catalog_selectors.published_items().order_by("department__sort_order", "code")


def applicable_bundles():
    return catalog_selectors.published_bundles()


# -- the notice period (行政许可法 Art. 32) ----------------------------------------------


def notice_days() -> int:
    """Working days the window has to answer a submission (行政许可法 Art. 32)."""
    return int(getattr(settings, "CASES_ACCEPTANCE_NOTICE_DAYS", CASES_ACCEPTANCE_NOTICE_DAYS))


_notice_days = notice_days


def unanswered_cutoff(today: date, days: int | None = None) -> date:
    """The latest submission day whose notice period (N working days after it) is over."""
    days = _notice_days() if days is None else days
    calendar = get_calendar()
    day = today - timedelta(days=1)
    # Walk back to the last day d with add_workdays(d, days) < today; bounded by the
    # longest stretch of rest days a calendar can hold.
    for _step in range(400):
        if calendar.add_workdays(day, days) < today:
            return day
        day -= timedelta(days=1)
    return day


def deemed_accepted_on(case) -> date | None:
    """The submission date from which a case was accepted by law (Art. 32), else None."""
    if case.accepted_at is None or case.accepted_by_id is not None:
        return None
    if not CaseEvent.objects.filter(case=case, action="deem_accept").exists():
        return None
    return timezone.localtime(case.accepted_at).date()


def unanswered_submissions(today: date | None = None, *, queryset=None):
    """Submitted cases with no answer from the window within the notice period.

    行政许可法 Art. 32: without a deficiency notice within 5 working days (configurable,
    ``CASES_ACCEPTANCE_NOTICE_DAYS``) the application counts as accepted. The daily scan
    and the supervisors' pages list these. Pass ``queryset`` (e.g. visible_cases(user))
    to scope the list.
    """
    today = today or timezone.localdate()
    cutoff = unanswered_cutoff(today)
    end = timezone.make_aware(datetime.combine(cutoff + timedelta(days=1), time.min))
    base = Case.objects.all() if queryset is None else queryset
    return base.filter(status=CaseStatus.SUBMITTED, submitted_at__lt=end).order_by(
        "submitted_at", "pk"
    )


# -- departments ------------------------------------------------------------------------


def is_approver(user) -> bool:
    return (
        _signed_in(user)
        and user.has_role(Role.APPROVER)
        and getattr(user, "department_id", None) is not None
    )


def require_approver(user) -> None:
    if not is_approver(user):
        raise PermissionDenied(_("仅部门审批人员可以使用审查工作台"))


def _urgency():
    # due_on is the case's promised due date (kept in sync on every clock change); a task
    # without one (not yet synced) goes last. ASC NULLS LAST is the index's own order.
    return (F("due_on").asc(nulls_last=True), "pk")


def department_tasks(user):
    """The open tasks of the user's department, most urgent (promised due date) first.

    Read in the order of the partial index cases_task_open_by_due (department, due_on, id
    over the open statuses); cases_task_worklist (department, status, due_on) serves the
    filter where that index is absent.
    """
    department_id = getattr(user, "department_id", None) if user is not None else None
    if not department_id or not _signed_in(user):
        return DepartmentTask.objects.none()
    return (
        DepartmentTask.objects.filter(department_id=department_id, status__in=OPEN_TASK_STATUSES)
        .select_related("case", "case__promised_clock")
        .order_by(*_urgency())
    )


_WORKLIST_ROW = (
    "case",
    "case__item_version",
    "case__bundle",
    "case__industry",
    "case__promised_clock",
)
# The worklist counts (and pages through) at most this many tasks: past it a department
# narrows the list instead (a count over 100,000 index entries costs more than the page).
WORKLIST_CAP = 10_000


# The columns the worklist page shows: a version's guide texts, a case's form and the
# other wide columns stay in the database (parsing them was a good part of the page).
_WORKLIST_COLUMNS = (
    "id",
    "status",
    "created_at",
    "due_on",
    "department_id",
    "case__number",
    "case__item_version_id",
    "case__bundle_id",
    "case__industry_id",
    "case__promised_clock_id",
    "case__item_version__name",
    "case__bundle__name",
    "case__industry__name",
    *(
        f"case__promised_clock__{name}"
        for name in ("due_date", "stopped_on", "paused_since", "warn_red_on", "warn_yellow_on")
    ),
)


def worklist(user):
    """The approver's worklist as one query (sorted in SQL after an index filter)."""
    if not is_approver(user):
        return DepartmentTask.objects.none()
    return department_tasks(user).select_related(*_WORKLIST_ROW).only(*_WORKLIST_COLUMNS)


@dataclass
class WorklistPage:
    rows: list
    number: int
    per_page: int
    count: int
    capped: bool
    has_next: bool
    # The keyset cursor of the next page ("?after="), and whether this page was one.
    next_after: str | None = None
    keyset: bool = False

    @property
    def has_previous(self) -> bool:
        return self.number > 1 or self.keyset

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.rows else 0


def worklist_page(user, number=1, per_page: int = 30, after=None) -> WorklistPage:
    """One page of the approver's open tasks, most urgent first (due_on, NULL last, pk).

    Scale: a department may hold 100,000 open tasks among a million cases. The page is
    read in the order of the partial index cases_task_open_by_due (department, due_on, id
    over open tasks; cases_task_worklist (department, status, due_on) where it is absent),
    so the database stops after the page; the page's rows come with what the page shows
    (no query per row); and the count stops at WORKLIST_CAP instead of counting every
    open task. Two queries, whatever the number of rows.

    With ``after`` (a cursor, worklist_after) the page is a keyset page: one query, no
    count, and any page of the list costs what the first does. The "next" link of every
    page is such a cursor; ``number`` is kept for links people saved.
    """
    if _parse_cursor(after) is not None:
        rows, next_after = worklist_after(user, after, per_page)
        return WorklistPage(rows, 0, per_page, 0, False, bool(next_after), next_after, True)
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
    number = min(number, max(1, WORKLIST_CAP // per_page))
    if not is_approver(user):
        return WorklistPage([], 1, per_page, 0, False, False)
    offset = (number - 1) * per_page
    rows = list(worklist(user)[offset : offset + per_page + 1])  # one more: is there a next?
    # COUNT over a LIMITed subquery: never more than WORKLIST_CAP + 1 index entries.
    count = (
        DepartmentTask.objects.filter(
            department_id=user.department_id, status__in=OPEN_TASK_STATUSES
        )
        .order_by()
        .values("pk")[: WORKLIST_CAP + 1]
        .count()
    )
    return WorklistPage(
        rows=rows[:per_page],
        number=number,
        per_page=per_page,
        count=min(count, WORKLIST_CAP),
        capped=count > WORKLIST_CAP,
        has_next=len(rows) > per_page,
        next_after=worklist_cursor(rows[per_page - 1]) if len(rows) > per_page else None,
    )


# -- keyset pages (issue 17) ---------------------------------------------------------------
# A page of the worklist starts after the last task of the one before it: the cursor is that
# task's (due_on, id), "2026-03-02.123" (or "-.123" for a task without a due date, which
# sort last). The database seeks to it in the index cases_task_open_by_due and reads one
# page: the thousandth page costs what the first does, and nothing is counted.


def worklist_cursor(task) -> str:
    return f"{task.due_on.isoformat() if task.due_on else '-'}.{task.pk}"


def _parse_cursor(after) -> tuple[date | None, int] | None:
    """(due_on, id) of a cursor, None for a missing or malformed one (the first page)."""
    if not after or not isinstance(after, str) or len(after) > 40:
        return None
    due, _dot, pk = after.partition(".")
    try:
        return (None if due == "-" else date.fromisoformat(due)), int(pk)
    except ValueError:
        return None


def worklist_after(user, after=None, per_page: int = 30, *, queryset=None):
    """One keyset page of the approver's open tasks: (rows, cursor of the next page or None).

    ``queryset`` (default: the worklist's rows) lets the API load its own columns; it must
    keep the worklist's order (due_on ASC NULLS LAST, id).
    """
    if not is_approver(user):
        return [], None
    tasks = worklist(user) if queryset is None else queryset
    cursor = _parse_cursor(after)
    want = per_page + 1  # one more: is there a next page?
    if cursor is None:
        rows = list(tasks[:want])
    elif cursor[0] is None:
        rows = list(tasks.filter(due_on__isnull=True, pk__gt=cursor[1])[:want])
    else:
        due, pk = cursor
        # A row comparison, (due_on, id) > (cursor): PostgreSQL (and SQLite) seek to it in
        # the index and read on in order; an OR of the two conditions would make PostgreSQL
        # collect and sort every later task instead.
        after_cursor = RawSQL(  # noqa: S611 - constant SQL, the values are parameters
            f'("{DepartmentTask._meta.db_table}"."due_on", "{DepartmentTask._meta.db_table}"."id")'
            " > (%s, %s)",
            (due, pk),
            output_field=BooleanField(),
        )
        rows = list(tasks.filter(due_on__gte=due).filter(after_cursor)[:want])
        if len(rows) < want:  # the tasks without a due date follow the dated ones
            rows += list(tasks.filter(due_on__isnull=True)[: want - len(rows)])
    if len(rows) > per_page:
        return rows[:per_page], worklist_cursor(rows[per_page - 1])
    return rows, None


@dataclass
class Urgency:
    """The warning badge of a case's clock (the promised one unless told) on a given day."""

    level: str
    label: str
    days_left: int | None
    due_date: date | None


def urgency(case, today: date | None = None, calendar=None, field="promised_clock") -> Urgency:
    """The level and days left of ``case``'s clock ``field`` (no query: clock preloaded)."""
    clock = getattr(case, field) if getattr(case, f"{field}_id") else None
    if clock is None:
        return Urgency("", "", None, None)
    today = today or timezone.localdate()
    calendar = calendar or get_calendar()
    level = clock_math.warning_level(clock, today, calendar)
    left = clock_math.workdays_left(clock, today, calendar)
    return Urgency(str(level), str(WarningLevel(level).label), left, clock.due_date)


def with_urgency(tasks, today: date | None = None) -> list:
    """Attach ``urgency`` to each task of a page (the calendar is read once)."""
    today = today or timezone.localdate()
    calendar = get_calendar()
    rows = list(tasks)
    for task in rows:
        task.urgency = urgency(task.case, today, calendar)
    return rows


def with_urgency_cases(cases, today: date | None = None, field="promised_clock") -> list:
    """Attach ``urgency`` to each case of a list (that clock preloaded)."""
    today = today or timezone.localdate()
    calendar = get_calendar()
    rows = list(cases)
    for case in rows:
        case.urgency = urgency(case, today, calendar, field)
    return rows


def task_for(user, pk) -> DepartmentTask:
    """One of the user's department's tasks, else NotFound."""
    department_id = getattr(user, "department_id", None) if user is not None else None
    task = (
        DepartmentTask.objects.filter(pk=pk, department_id=department_id)
        .select_related(
            "case",
            "case__applicant",
            "case__item_version",
            "case__bundle",
            "case__promised_clock",
            "case__statutory_clock",
            "department",
        )
        .first()
        if department_id and isinstance(pk, int) and not isinstance(pk, bool)
        else None
    )
    if task is None:
        raise NotFound()
    return task


def task_actions(task, user) -> list[str]:
    """The task actions this approver may take now (the service checks again on submit)."""
    actions = [
        row.action
        for row in workflow.TASK_TRANSITIONS
        if row.source == task.status
        and row.actor == workflow.APPROVER
        and row.action != "sign_off"  # part of approve below the last level
        and workflow.may_act(row, user, task.case, task.department_id)
    ]
    if actions and task.case.status == CaseStatus.IN_REVIEW:
        actions.append("return_to_window")  # 退回窗口, from any open task
    return actions


# -- overdue and warnings (超期预警) ------------------------------------------------------


def can_see_warnings(user) -> bool:
    return is_approver(user) or (_signed_in(user) and user.has_role(*OVERSIGHT_ROLES))


def sees_all_departments(user) -> bool:
    return _signed_in(user) and user.has_role(*OVERSIGHT_ROLES)


def _warning_clocks(today: date, level: str | None = None):
    """The promised clocks at a warning level today: SQL over the stored dates."""
    if level == WarningLevel.OVERDUE:
        return Clock.objects.overdue(today)
    if level == WarningLevel.RED:
        return Clock.objects.red(today)
    if level == WarningLevel.YELLOW:
        return Clock.objects.yellow(today)
    return Clock.objects.running().filter(warn_yellow_on__lte=today)


# Working days added to the yellow threshold when narrowing by due date: a clock keeps
# the warning dates of the thresholds it was scheduled with, which an administrator may
# have lowered since.
_WARNING_MARGIN_DAYS = 10


def _warning_horizon(today: date) -> date:
    """No clock due on or after this day can be at a warning level today."""
    yellow, red = clock_math.thresholds()
    return get_calendar().add_workdays(today, max(yellow, red) + 1 + _WARNING_MARGIN_DAYS)


def _scoped_open_tasks(user, today: date, department_id: int | None = None):
    """Open tasks in the user's scope that may be warned, narrowed on the worklist index.

    ``due_on`` is the case's promised due date (kept in sync with the clock), so the index
    cases_task_worklist (department, status, due_on) finds the few tasks due soon or past
    due; the warning level itself is then read from the Clock table.
    """
    from onewindow.org.models import Department

    if not sees_all_departments(user):
        departments = [user.department_id]
    elif department_id is not None:
        departments = [department_id]
    else:
        # Every department by name, so that the index's first column is used.
        departments = list(Department.objects.values_list("pk", flat=True))
    return DepartmentTask.objects.filter(
        department_id__in=departments,
        status__in=OPEN_TASK_STATUSES,
        due_on__lt=_warning_horizon(today),
    )


def warning_counts(user, today: date | None = None) -> list[dict]:
    """Per department: open tasks whose case's promised clock is yellow, red or overdue."""
    from onewindow.org.models import Department

    if not can_see_warnings(user):
        return []
    today = today or timezone.localdate()
    clock = "case__promised_clock__"
    # One scan of the warned tasks, split by level with the ClockQuerySet's own conditions
    # (overdue: due before today; red: due today or later and red from today; yellow: the rest).
    rows = (
        _scoped_open_tasks(user, today)
        .filter(case__promised_clock__in=_warning_clocks(today).values("pk"))
        .values_list("department_id")
        .annotate(
            overdue=Count("pk", filter=Q(**{f"{clock}due_date__lt": today})),
            red=Count(
                "pk",
                filter=Q(**{f"{clock}due_date__gte": today, f"{clock}warn_red_on__lte": today}),
            ),
            yellow=Count(
                "pk",
                filter=Q(**{f"{clock}due_date__gte": today, f"{clock}warn_red_on__gt": today}),
            ),
        )
        .order_by()
    )
    counts = {
        department_id: {
            WarningLevel.OVERDUE.value: overdue,
            WarningLevel.RED.value: red,
            WarningLevel.YELLOW.value: yellow,
        }
        for department_id, overdue, red, yellow in rows
    }
    departments = Department.objects.filter(pk__in=counts).order_by("sort_order", "code")
    result = []
    for department in departments:
        levels = counts[department.pk]
        result.append(
            {
                "department": department,
                "overdue": levels.get(WarningLevel.OVERDUE.value, 0),
                "red": levels.get(WarningLevel.RED.value, 0),
                "yellow": levels.get(WarningLevel.YELLOW.value, 0),
                "total": sum(levels.values()),
            }
        )
    return result


def warned_tasks(user, today: date | None = None, *, level=None, department_id=None):
    """Open tasks whose case's promised clock is warned (or at ``level``), most urgent first."""
    if not can_see_warnings(user):
        return DepartmentTask.objects.none()
    today = today or timezone.localdate()
    clocks = _warning_clocks(today, level).values("pk")
    return (
        _scoped_open_tasks(user, today, department_id)
        .filter(case__promised_clock__in=clocks)
        .select_related(
            "department",
            "case",
            "case__item_version",
            "case__bundle",
            "case__industry",
            "case__promised_clock",
        )
        .order_by(*_urgency())
    )


def undispatched_warned(user, today: date | None = None):
    """Accepted cases still at the window (not dispatched) whose clock is warned."""
    if not sees_all_departments(user):
        return Case.objects.none()
    today = today or timezone.localdate()
    return (
        Case.objects.filter(
            status__in=workflow.sources("dispatch"),
            promised_clock__in=_warning_clocks(today).values("pk"),
        )
        .select_related("item_version", "bundle", "industry", "promised_clock")
        .order_by("promised_clock__due_date", "pk")
    )


def oversight_unanswered(user, today: date | None = None):
    """Unanswered submissions for the warning page: every one for oversight, else in scope."""
    if not can_see_warnings(user):
        return Case.objects.none()
    scope = None if sees_all_departments(user) else visible_cases(user)
    return unanswered_submissions(today, queryset=scope).select_related(
        "item_version", "bundle", "industry"
    )


def warning_totals(user, today: date | None = None) -> dict:
    """Totals over every department in scope (home panels)."""
    rows = warning_counts(user, today)
    return {
        "overdue": sum(r["overdue"] for r in rows),
        "red": sum(r["red"] for r in rows),
        "yellow": sum(r["yellow"] for r in rows),
    }
