"""Project pages. Thin: selectors read (scoped; others get 404), services write; a refusal
comes back as a message with its Chinese text and nothing is saved."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from onewindow.accounts.constants import Role
from onewindow.accounts.models import User
from onewindow.cases.intake import uploads
from onewindow.core.audit import record
from onewindow.core.errors import DomainError, InvalidInput, NotFound, PermissionDenied

from . import config, permissions, selectors, services, statistics
from .apps import MATERIAL_DOWNLOAD
from .constants import (
    ContactKind,
    LandStatus,
    MandateScope,
    Procedure,
    ProjectKind,
    ProjectType,
    ReviewStatus,
    RunStatus,
)
from .models import AgentGroup, Milestone, ProjectMaterial, Review, Stage, StageItem, StageRun


def _date(value, label) -> date:
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise InvalidInput(_("请正确填写%(label)s") % {"label": label}) from None


def _staff_or_party(user):
    if not permissions.active(user):
        raise PermissionDenied()


@login_required
@require_http_methods(["GET", "POST"])
def project_list(request):
    user = request.user
    may_create = user.has_role(Role.ENTERPRISE, Role.CLERK, Role.AGENT, Role.LEADER)
    if request.method == "POST":
        if not may_create:
            raise PermissionDenied()
        p = request.POST
        try:
            project = services.create_project(
                user,
                name=p.get("name"),
                code=p.get("code"),
                investor_name=p.get("investor_name"),
                kind=p.get("kind"),
                procedure=p.get("procedure"),
                project_type=p.get("project_type"),
                location=p.get("location"),
                investment=p.get("investment"),
                land_status=p.get("land_status"),
                build_on_grant=bool(p.get("build_on_grant")),
                is_key=bool(p.get("is_key")) and not user.has_role(Role.ENTERPRISE),
                request=request,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("项目已登记"))
            return redirect("projects:detail", pk=project.pk)
    projects = selectors.visible_projects(user).order_by("-created_at")[:200]
    for project in projects:
        project.stage_label = selectors.stage_label(project.current_stage)
    return render(
        request,
        "projects/list.html",
        {
            "projects": projects,
            "may_create": may_create,
            "kinds": ProjectKind.choices,
            "procedures": Procedure.choices,
            "types": ProjectType.choices,
            "lands": LandStatus.choices,
            "post": request.POST,
        },
    )


def _next_stage(project):
    done = set(project.runs.values_list("stage__order", flat=True))
    return Stage.objects.exclude(order__in=done).order_by("order").first()


ACTIONS = {}


def action(name):
    def register(func):
        ACTIONS[name] = func
        return func

    return register


@action("apply")
def _apply(request, project):
    stage = Stage.objects.get(code=request.POST.get("stage"))
    form = {f: request.POST.get(f"f_{f}", "") for f in stage.form_fields}
    services.apply_stage(
        request.user,
        project,
        stage.code,
        form_data=form,
        materials=request.POST.getlist("materials"),
        chosen_items=request.POST.getlist("items"),
        request=request,
    )
    return _("已申报，请等待综合窗口受理")


@action("pre_review")
def _pre_review(request, project):
    stages = Stage.objects.filter(code__in=["planning", "works_permit", "construction_permit"])
    form = {f: request.POST.get(f"f_{f}", "") for s in stages for f in s.form_fields}
    services.apply_pre_review(
        request.user,
        project,
        form_data=form,
        materials=request.POST.getlist("materials"),
        request=request,
    )
    return _("已申请拿地即开工预审")


@action("accept")
def _accept(request, project):
    run = project.runs.get(pk=request.POST.get("run"))
    window = None
    if request.POST.get("window"):
        from onewindow.org.models import Window

        window = Window.objects.filter(pk=request.POST.get("window")).first()
    services.accept_stage(request.user, run, window=window, request=request)
    return _("已受理，事项已分送各部门并联审查")


@action("decide")
def _decide(request, project):
    review = Review.objects.get(pk=request.POST.get("review"), run__project=project)
    services.decide_item(
        request.user,
        review,
        approve=request.POST.get("decision") == "approve",
        opinion=request.POST.get("opinion", ""),
        request=request,
    )
    return _("已记录审查结果")


@action("land_grant")
def _land(request, project):
    services.record_land_grant(
        request.user,
        project,
        contract_number=request.POST.get("contract_number"),
        granted_on=_date(request.POST.get("granted_on"), _("登记日期")),
        request=request,
    )
    return _("土地出让已登记，许可同步核发")


@action("mandate")
def _mandate(request, project):
    agent = User.objects.filter(pk=request.POST.get("agent") or 0).first()
    services.record_mandate(
        request.user,
        project,
        agent=agent,
        document_number=request.POST.get("document_number"),
        scope=request.POST.getlist("scope"),
        signed_on=_date(request.POST.get("signed_on"), _("签署日期")),
        expires_on=_date(request.POST.get("expires_on"), _("有效期")),
        request=request,
    )
    return _("授权委托书已登记")


@action("building")
def _building(request, project):
    services.file_building(
        request.user,
        project,
        building_name=request.POST.get("building_name"),
        floor_area=request.POST.get("floor_area"),
        request=request,
    )
    return _("竣工验收备案已登记")


@action("contact")
def _contact(request, project):
    services.log_contact(
        request.user,
        project,
        kind=request.POST.get("kind"),
        summary=request.POST.get("summary"),
        request=request,
    )
    return _("服务记录已登记")


@action("milestone")
def _milestone(request, project):
    services.add_milestone(
        request.user,
        project,
        title=request.POST.get("title"),
        due_on=_date(request.POST.get("due_on"), _("计划完成日期")),
        request=request,
    )
    return _("服务方案节点已添加")


@action("milestone_done")
def _milestone_done(request, project):
    milestone = Milestone.objects.get(pk=request.POST.get("milestone"), project=project)
    services.complete_milestone(request.user, milestone, request=request)
    return _("节点已完成")


@action("assign")
def _assign(request, project):
    group = AgentGroup.objects.filter(pk=request.POST.get("group") or 0).first()
    services.assign_group(request.user, project, group, request=request)
    return _("已分配帮办代办小组")


@action("extend")
def _extend(request, project):
    run = project.runs.get(pk=request.POST.get("run"))
    services.extend_joint_handling(request.user, run, reason=request.POST.get("reason"))
    return _("联合办理期限已延长15个工作日")


@login_required
@require_http_methods(["GET", "POST"])
def project_detail(request, pk):
    user = request.user
    project = selectors.project_for(user, pk)
    if request.method == "POST":
        handler = ACTIONS.get(request.POST.get("action", ""))
        if handler is None:
            raise NotFound()
        try:
            note = handler(request, project)
        except (
            StageRun.DoesNotExist,
            Review.DoesNotExist,
            Stage.DoesNotExist,
            Milestone.DoesNotExist,
            ValueError,
        ):
            messages.error(request, _("提交的内容不正确，请刷新后重试"))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, note)
            return redirect("projects:detail", pk=project.pk)
        project = selectors.project_for(user, pk)
    runs = list(
        project.runs.select_related("stage", "clock", "window", "applied_by").prefetch_related(
            "files"
        )
    )
    next_stage = _next_stage(project)
    held = services.held_materials(project)
    is_applicant = permissions.is_investor(user, project) or (
        user.has_role(Role.AGENT)
        and permissions.valid_mandate(user, project, MandateScope.APPLY) is not None
    )
    department = permissions.approver_department(user)
    try:
        notices = list(selectors.notices_for(user, project)[:20])
    except PermissionDenied:
        notices = None
    context = {
        "project": project,
        "stage_label": selectors.stage_label(project.current_stage),
        "runs": runs,
        "clocks": selectors.department_clocks(project),
        "warnings": selectors.warnings(project),
        "permits": project.permits.all(),
        "buildings": project.buildings.all(),
        "mandates": project.mandates.select_related("agent"),
        "events": project.events.select_related("actor").order_by("-at", "-id")[:50],
        "notices": notices,
        "contacts": project.contacts.select_related("agent")[:20],
        "milestones": project.milestones.all(),
        "next_stage": next_stage,
        "next_fields": [
            (f, config.FIELD_LABELS.get(f, f))
            for f in (next_stage.form_fields if next_stage else [])
            if f not in services._held_form(project)
        ],
        "next_materials": [
            m for m in (next_stage.materials if next_stage else []) if m not in held
        ],
        "next_optional": (
            StageItem.objects.filter(stage=next_stage, optional=True) if next_stage else []
        ),
        "is_applicant": is_applicant,
        "is_investor": permissions.is_investor(user, project),
        "may_upload": bool(runs)
        and (
            permissions.is_investor(user, project)
            or permissions.valid_mandate(user, project, MandateScope.SUPPLY) is not None
        ),
        "is_clerk": permissions.is_clerk(user),
        "is_agent": user.has_role(Role.AGENT),
        "is_leader": user.has_role(Role.LEADER),
        "department": department,
        "my_reviews": [
            r
            for run in runs
            for r in run.reviews.select_related("item", "case")
            if r.department_id == department
            and r.status in (ReviewStatus.PENDING, ReviewStatus.PRE_REFUSED)
            and run.status in (RunStatus.IN_REVIEW, RunStatus.PRE_REVIEW)
        ],
        "submitted_runs": [r for r in runs if r.status == RunStatus.SUBMITTED],
        "windows": _construction_windows(),
        "agents": User.objects.filter(role_grants__role=Role.AGENT, is_active=True),
        "groups": AgentGroup.objects.all(),
        "scopes": MandateScope.choices,
        "contact_kinds": ContactKind.choices,
        "pre_review_materials": sorted(
            {m for s in Stage.objects.filter(order__lte=3) for m in s.materials}
        ),
        "pre_review_fields": [
            (f, config.FIELD_LABELS.get(f, f))
            for f in sorted(
                {f for s in Stage.objects.filter(order__lte=3) for f in s.form_fields}
                - set(services._held_form(project))
            )
        ],
        "may_file_building": department is not None
        and Stage.objects.filter(code="completion", lead_department_id=department).exists()
        and any(r.stage.code == "completion" and r.started_on for r in runs),
        "today": timezone.localdate(),
    }
    return render(request, "projects/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def mandate_revoke(request, pk, mandate):
    """撤销授权委托书: the principal (the project's investor) gives the reason and the date
    from which the agent may no longer act."""
    project = selectors.project_for(request.user, pk)
    row = project.mandates.select_related("agent").filter(pk=mandate).first()
    if row is None:
        raise NotFound()
    if not permissions.is_investor(request.user, project):
        raise PermissionDenied(_("只有委托人（建设单位）可以撤销授权委托书"))
    if request.method == "POST":
        try:
            services.revoke_mandate(
                request.user,
                row,
                reason=request.POST.get("reason"),
                on=_date(request.POST.get("revoked_on"), _("撤销日期")),
                request=request,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("授权委托书已撤销，受托人自撤销日期起不能再代办"))
            return redirect("projects:detail", pk=project.pk)
    return render(
        request,
        "projects/mandate_revoke.html",
        {
            "project": project,
            "mandate": row,
            "scope_labels": [MandateScope(s).label for s in row.scope if s in MandateScope],
            "today": timezone.localdate(),
            "post": request.POST,
        },
    )


@login_required
@require_GET
def agent_materials(request):
    """代办材料: the projects whose applicant has given this agent a 委托书 in force that
    covers 代为补充材料; each leads to its materials page."""
    if not request.user.has_role(Role.AGENT):
        raise PermissionDenied(_("代办材料仅供帮办代办员使用"))
    projects = selectors.mandated_projects(request.user, MandateScope.SUPPLY)
    return render(request, "projects/agent_materials.html", {"projects": projects})


@login_required
@require_http_methods(["GET", "POST"])
def materials(request, pk):
    """A project's materials, stage by stage: the applicant, or an agent under a 委托书 in
    force covering 代为补充材料, uploads files for the stages not yet finished."""
    user = request.user
    project = selectors.project_for(user, pk)
    services.acting_for(user, project, MandateScope.SUPPLY)  # refused: the reason, 403
    if request.method == "POST":
        run_id = str(request.POST.get("run", ""))
        run = project.runs.filter(pk=int(run_id)).first() if run_id.isdigit() else None
        if run is None:
            messages.error(request, _("提交的内容不正确，请刷新后重试"))
        else:
            try:
                services.upload_materials(
                    user,
                    run,
                    files=[(request.POST.get("material"), request.FILES.get("file"))],
                    request=request,
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("材料已上传"))
                return redirect("projects:materials", pk=project.pk)
    runs = list(project.runs.select_related("stage").prefetch_related("files__uploaded_by"))
    for run in runs:
        run.open = run.status != RunStatus.DONE
        run.material_names = list(dict.fromkeys([*run.stage.materials, *run.materials]))
    return render(
        request,
        "projects/materials.html",
        {
            "project": project,
            "runs": runs,
            "accept": uploads.ACCEPT_ATTRIBUTE,
            "kinds": uploads.accepted_kinds_text(),
            "max_mb": uploads.max_bytes() // (1024 * 1024),
            "is_agent": user.has_role(Role.AGENT),
        },
    )


def _construction_windows():
    from onewindow.org.models import Window

    return Window.objects.filter(number__in=config.CONSTRUCTION_WINDOWS).order_by("number")


@login_required
@require_GET
def board(request):
    if not (request.user.has_role(Role.AGENT, Role.LEADER, Role.SUPERVISOR)):
        raise PermissionDenied(_("重点项目看板仅供帮办代办员和局领导查看"))
    groups = selectors.key_project_board()
    total = sum(len(g["projects"]) for g in groups)
    return render(request, "projects/board.html", {"groups": groups, "total": total})


@login_required
@require_GET
def worklist(request):
    reviews = selectors.pending_reviews(request.user)
    if permissions.approver_department(request.user) is None:
        raise PermissionDenied(_("只有部门审批人员有并联审查待办"))
    return render(request, "projects/worklist.html", {"reviews": reviews[:200]})


@login_required
@require_GET
def notices(request):
    rows = selectors.notices_for(request.user)[:200]
    return render(request, "projects/notices.html", {"notices": rows})


@login_required
@require_GET
def statistics_page(request):
    statistics.check_viewer(request.user)
    year = request.GET.get("year")
    return render(request, "projects/statistics.html", statistics.report(year))


@login_required
@require_GET
def statistics_export(request):
    statistics.check_viewer(request.user)
    data = statistics.excel(statistics.report(request.GET.get("year")))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="projects-statistics.xlsx"'
    return response


def home_url():
    return reverse("projects:list")


@login_required
@require_GET
def material_file(request, pk, token: str):
    """A file supplied for the project (by the applicant or an agent), for whoever may see
    the project: the reviewing departments, the window, the applicant, its agents. Always an
    attachment, never rendered by the browser; each download is audited."""
    project = selectors.project_for(request.user, pk)
    found = ProjectMaterial.objects.filter(run__project=project, token=str(token)[:32]).first()
    if found is None:
        raise NotFound(_("没有这个文件"))
    record(
        MATERIAL_DOWNLOAD,
        actor=request.user,
        obj=found,
        request=request,
        summary=f"{project.code} · {found.material}",
    )
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.original_name,
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store, max-age=0"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
