"""Reads of construction projects, scoped to the viewer (out of scope: NotFound)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q
from django.utils import timezone

from onewindow.accounts.constants import Role
from onewindow.core.errors import NotFound, PermissionDenied
from onewindow.core.workdays import clock as clock_math
from onewindow.core.workdays.calendar import get_calendar
from onewindow.core.workdays.constants import WarningLevel

from . import permissions
from .constants import DECIDED, MandateScope, ReviewStatus, RunStatus, StageCode
from .models import AgentGroup, Mandate, Project, ProjectNotice, Review

STAGE_NAMES = {i: s.label for i, s in enumerate(StageCode, start=1)}


def _level(level) -> str:
    return str(WarningLevel(level).label) if level in WarningLevel.values else str(level)


def stage_label(order: int) -> str:
    if order == 0:
        return "未申报"
    if order > 4:
        return "已竣工"
    return str(STAGE_NAMES[order])


def visible_projects(user):
    qs = Project.objects.select_related("agent_group")
    if permissions.sees_all(user):
        return qs
    if not permissions.active(user):
        return qs.none()
    q = Q(investor=user)
    department = permissions.approver_department(user)
    if department:
        q |= Q(runs__reviews__department_id=department)
    return qs.filter(q).distinct()


def project_for(user, pk) -> Project:
    project = visible_projects(user).filter(pk=pk).first()
    if project is None:
        raise NotFound()
    return project


def department_clocks(project, today=None):
    """Per stage and department: items, decided count, the clock, its warning level."""
    today = today or timezone.localdate()
    calendar = get_calendar()
    rows = defaultdict(lambda: {"items": [], "clock": None})
    reviews = Review.objects.filter(run__project=project).select_related(
        "run__stage", "department", "item", "clock", "case"
    )
    for review in reviews.order_by("run__stage__order", "department__sort_order", "item__code"):
        row = rows[(review.run.stage.order, review.department_id)]
        row["stage"] = review.run.stage
        row["department"] = review.department
        row["items"].append(review)
        row["clock"] = review.clock
    result = []
    for (_order, _dept), row in sorted(rows.items()):
        clock = row["clock"]
        row["decided"] = sum(1 for r in row["items"] if r.status in DECIDED)
        row["level"] = clock_math.warning_level(clock, today, calendar) if clock else ""
        row["level_label"] = _level(row["level"])
        row["left"] = clock_math.workdays_left(clock, today, calendar) if clock else None
        result.append(row)
    return result


def warnings(project, today=None) -> list[str]:
    today = today or timezone.localdate()
    out = []
    for row in department_clocks(project, today):
        clock = row["clock"]
        if clock and clock.stopped_on is None and row["level"] in ("red", "overdue", "yellow"):
            out.append(
                f"{row['stage']} · {row['department']}：{clock.due_date:%Y-%m-%d} 到期"
                f"（{_level(row['level'])}）"
            )
    if project.clock and project.clock.stopped_on is None:
        level = clock_math.warning_level(project.clock, today)
        if level in ("red", "overdue", "yellow"):
            out.append(f"全流程时限 {project.clock.due_date:%Y-%m-%d} 到期（{_level(level)}）")
    return out


def notices_for(user, project=None):
    """Notices the user receives: the applicant's own; an agent's while a 委托书 covering
    notices is valid today."""
    if not permissions.active(user):
        return ProjectNotice.objects.none()
    today = timezone.localdate()
    q = Q(project__investor=user)
    if user.has_role(Role.AGENT):
        mandated = [
            project_id
            for project_id, scope in Mandate.objects.filter(
                permissions.in_force(today), agent=user
            ).values_list("project", "scope")
            if MandateScope.NOTICES in scope
        ]
        q |= Q(project__in=mandated)
    qs = ProjectNotice.objects.filter(q).select_related("project")
    if project is not None:
        if not (
            permissions.is_investor(user, project)
            or permissions.valid_mandate(user, project, MandateScope.NOTICES)
        ):
            raise PermissionDenied(_no_notices())
        qs = qs.filter(project=project)
    return qs


def mandated_projects(user, scope, today=None):
    """Projects for which ``user`` (an agent) holds a 委托书 in force today covering
    ``scope``, with the 委托书's expiry."""
    if not (permissions.active(user) and user.has_role(Role.AGENT)):
        return []
    today = today or timezone.localdate()
    expiry = {}
    for project_id, scope_list, expires_on in Mandate.objects.filter(
        permissions.in_force(today), agent=user
    ).values_list("project", "scope", "expires_on"):
        if scope in scope_list:
            expiry[project_id] = max(expiry.get(project_id, expires_on), expires_on)
    projects = list(Project.objects.filter(pk__in=list(expiry)).order_by("name", "pk"))
    for project in projects:
        project.mandate_expires_on = expiry[project.pk]
        project.stage_label = stage_label(project.current_stage)
    return projects


def _no_notices():
    from django.utils.translation import gettext as _

    return _("接收通知须为建设单位本人或持有效授权委托书（委托事项含代为接收通知）的帮办代办员")


def pending_reviews(user):
    department = permissions.approver_department(user)
    if department is None:
        return Review.objects.none()
    return (
        Review.objects.filter(
            department_id=department,
            status__in=[ReviewStatus.PENDING, ReviewStatus.PRE_REFUSED],
            run__status__in=[RunStatus.IN_REVIEW, RunStatus.PRE_REVIEW],
        )
        .select_related("run__project", "run__stage", "item", "clock")
        .order_by("clock__due_date", "id")
    )


def key_project_board(today=None):
    """Key projects by agent group: stage, blockers (refusals) and overdue departments."""
    today = today or timezone.localdate()
    projects = (
        Project.objects.filter(is_key=True)
        .select_related("agent_group")
        .annotate(
            refused=Count(
                "runs__reviews",
                filter=Q(
                    runs__reviews__status__in=[ReviewStatus.REFUSED, ReviewStatus.PRE_REFUSED]
                ),
                distinct=True,
            ),
            overdue=Count(
                "runs__reviews",
                filter=Q(
                    runs__reviews__clock__stopped_on__isnull=True,
                    runs__reviews__clock__due_date__lt=today,
                    runs__reviews__status=ReviewStatus.PENDING,
                ),
                distinct=True,
            ),
        )
        .order_by("agent_group__order", "name")
    )
    groups = {g.pk: {"group": g, "projects": []} for g in AgentGroup.objects.all()}
    unassigned = {"group": None, "projects": []}
    for project in projects:
        project.stage_label = stage_label(project.current_stage)
        groups.get(project.agent_group_id, unassigned)["projects"].append(project)
    result = [g for g in groups.values() if g["projects"]]
    if unassigned["projects"]:
        result.append(unassigned)
    return result
