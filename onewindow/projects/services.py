"""Every write of construction projects (docs/projects.md).

Each function is atomic, checks the actor, validates with Chinese messages (nothing saved
when one fails), changes a state with a conditional UPDATE (zero rows: Conflict), writes a
ProjectEvent and an audit record in the same transaction. An agent (帮办代办员) acts for the
applicant through these same functions, only with a valid 委托书 covering the act; the
event is then marked 代办.
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.constants import Role
from onewindow.cases.intake import uploads
from onewindow.core.audit import record
from onewindow.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from onewindow.core.files import removed_on_error, save_on_commit
from onewindow.core.pii.freetext import sealed_update
from onewindow.core.workdays import clock as clock_math
from onewindow.core.workdays.calendar import get_calendar
from onewindow.core.workdays.models import Clock
from onewindow.core.workdays.services import start_clock, stop_clock
from onewindow.org.models import Department, Window

from . import city, config, permissions
from .constants import (
    DECIDED,
    JOINT_EXTENSION_DAYS,
    JOINT_HANDLING_DAYS,
    PRE_REVIEW_STAGES,
    PROJECT_LIMITS,
    STAGE_PERMIT,
    TEXT_MAX_LENGTH,
    Action,
    ContactKind,
    LandStatus,
    MandateScope,
    Procedure,
    ProjectKind,
    ProjectType,
    ReviewStatus,
    RunMode,
    RunStatus,
)
from .models import (
    AgentGroup,
    BuildingFiling,
    ContactLog,
    Mandate,
    Milestone,
    Permit,
    Project,
    ProjectEvent,
    ProjectMaterial,
    ProjectNotice,
    Review,
    Stage,
    StageItem,
    StageRun,
)

# -- configuration -----------------------------------------------------------------------


@transaction.atomic
def load_configuration() -> dict:
    """Create the four stages and their 47 items (config.py) where missing; idempotent."""
    departments = {d.code: d for d in Department.objects.all()}
    stages = items = 0
    for order, (code, _name, lead, limit, guide, fields, materials) in enumerate(
        config.STAGES, start=1
    ):
        if lead not in departments:
            continue
        stage, created = Stage.objects.get_or_create(
            code=code,
            defaults={
                "order": order,
                "lead_department": departments[lead],
                "limit_days": limit,
                "guide": guide,
                "form_fields": fields.split(),
                "materials": materials.split(),
            },
        )
        stages += created
        for item_code, dept, name, options in config.ITEMS[code]:
            if dept not in departments:
                continue
            opts = config.parse_options(options)
            _row, created = StageItem.objects.get_or_create(
                code=item_code,
                defaults={
                    "stage": stage,
                    "name": name,
                    "department": departments[dept],
                    "optional": opts["optional"],
                    "procedure": opts["procedure"],
                    "government_only": opts["government_only"],
                    "is_drawing_review": opts["drawing"],
                    "abolished_after": opts["abolished_after"],
                },
            )
            items += created
    return {"stages": stages, "items": items, "cases": link_case_items()}


def link_case_items() -> int:
    """Link each stage item handled as a case (config.handled_as_case) to its published
    catalogue item (config.catalogue_code: the mapped code, else the item's own code);
    idempotent. The catalogue item's department does the case: a stage item of another
    department moves to it (its later runs' reviews and clocks follow), as the department
    that publishes the item is the one that decides it. The number linked now."""
    from onewindow.catalog.models import ServiceItem

    linked = 0
    for item in StageItem.objects.filter(service_item__isnull=True).select_related("stage"):
        code = config.catalogue_code(item.code)
        if not code or not config.handled_as_case(item.stage.code, item.code):
            continue
        found = (
            ServiceItem.objects.filter(code=code, published_version__isnull=False)
            .order_by("pk")
            .first()
        )
        if found is not None:
            linked += StageItem.objects.filter(pk=item.pk, service_item__isnull=True).update(
                service_item=found, department_id=found.department_id
            )
    return linked


# -- helpers -----------------------------------------------------------------------------


def _today(today):
    return today or timezone.localdate()


def _event(project, action, actor, *, by_agent=False, note="", request=None, after=None):
    ProjectEvent.objects.create(
        project=project, action=action, actor=actor, by_agent=by_agent, note=note
    )
    payload = {"project": project.code, **(after or {})}
    if by_agent:
        payload["代办"] = True
    record(f"projects.{action}", actor=actor, obj=project, after=payload, request=request)


def _notify(project, title, body):
    ProjectNotice.objects.create(project=project, title=title, body=body)


def acting_for(actor, project, scope) -> bool:
    """Public form of the check every applicant act runs (pages that show a form first)."""
    return _acting(actor, project, scope)


def _acting(actor, project, scope) -> bool:
    """True when ``actor`` acts as 代办 for the applicant; False for the applicant."""
    if permissions.is_investor(actor, project):
        return False
    if permissions.active(actor) and actor.has_role(Role.AGENT):
        if permissions.valid_mandate(actor, project, scope) is not None:
            return True
        raise PermissionDenied(
            _("帮办代办须持申请人签署且在有效期内的授权委托书（委托事项：%(scope)s）")
            % {"scope": MandateScope(scope).label}
        )
    raise PermissionDenied(_("只有建设单位或持有效授权委托书的帮办代办员可以办理"))


def _text(value, label, *, required=True, max_length=TEXT_MAX_LENGTH) -> str:
    value = str(value or "").strip()
    if required and not value:
        raise InvalidInput(_("请填写%(label)s") % {"label": label})
    if len(value) > max_length:
        raise InvalidInput(_("%(label)s不能超过 %(n)s 个字") % {"label": label, "n": max_length})
    return value


def _lock(model, pk):
    try:
        return model.objects.select_for_update().get(pk=pk)
    except model.DoesNotExist:
        raise NotFound() from None


# -- projects ----------------------------------------------------------------------------


@transaction.atomic
def create_project(
    actor,
    *,
    name,
    code,
    investor_name,
    kind,
    procedure,
    project_type,
    location,
    investment,
    land_status,
    investor=None,
    build_on_grant=False,
    is_key=False,
    procedure_on=None,
    request=None,
) -> Project:
    """Register a project: the investor for itself, or a clerk, agent or leader for one."""
    if not permissions.active(actor):
        raise PermissionDenied()
    if actor.has_role(Role.ENTERPRISE):
        investor = actor
        investor_name = investor_name or actor.display_name
    elif not actor.has_role(Role.CLERK, Role.AGENT, Role.LEADER):
        raise PermissionDenied(_("只有建设单位、窗口工作人员或帮办代办员可以登记项目"))
    name = _text(name, _("项目名称"), max_length=100)
    code = _text(code, _("项目代码"), max_length=40)
    investor_name = _text(investor_name, _("建设单位"), max_length=100)
    location = _text(location, _("建设地点"), max_length=200)
    if kind not in ProjectKind.values:
        raise InvalidInput(_("请选择投资类别"), field="kind")
    if procedure not in Procedure.values:
        raise InvalidInput(_("请选择投资项目手续（备案、核准或审批）"), field="procedure")
    if kind == ProjectKind.GOVERNMENT and procedure != Procedure.APPROVAL:
        raise InvalidInput(_("政府投资项目实行审批制"), field="procedure")
    if project_type not in ProjectType.values:
        raise InvalidInput(_("请选择项目类型"), field="project_type")
    if land_status not in LandStatus.values:
        raise InvalidInput(_("请选择土地状态"), field="land_status")
    try:
        investment = Decimal(str(investment))
    except (InvalidOperation, ValueError):
        raise InvalidInput(_("总投资须为数字（万元）"), field="investment") from None
    if not investment.is_finite() or investment < 0:
        raise InvalidInput(_("总投资不能为负数"), field="investment")
    if investment >= Decimal("1e10"):
        raise InvalidInput(_("总投资过大"), field="investment")
    if build_on_grant and (kind != ProjectKind.SOCIAL or land_status != LandStatus.PENDING):
        raise InvalidInput(_("拿地即开工仅适用于尚未取得土地的社会投资项目"))
    if Project.objects.filter(code=code).exists():
        raise Conflict(_("项目代码 %(code)s 已登记") % {"code": code})
    project = Project.objects.create(
        name=name,
        code=code,
        investor=investor,
        investor_name=investor_name,
        kind=kind,
        procedure=procedure,
        procedure_on=procedure_on,
        project_type=project_type,
        location=location,
        investment=investment,
        land_status=land_status,
        build_on_grant=build_on_grant,
        is_key=is_key,
        created_by=actor,
    )
    _event(project, Action.CREATE, actor, request=request, after={"kind": kind})
    return project


# -- the 委托书 ---------------------------------------------------------------------------


@transaction.atomic
def record_mandate(
    actor, project, *, agent, document_number, scope, signed_on, expires_on, request=None
) -> Mandate:
    """The applicant records the signed 委托书 (scope and expiry) naming the agent."""
    if not (permissions.is_investor(actor, project) or permissions.is_clerk(actor)):
        raise PermissionDenied(_("授权委托书须由建设单位本人或窗口工作人员登记"))
    if agent is None or not agent.is_active or not agent.has_role(Role.AGENT):
        raise InvalidInput(_("受托人须为帮办代办员"), field="agent")
    document_number = _text(document_number, _("委托书编号"), max_length=40)
    scope = [s for s in scope if s in MandateScope.values]
    if not scope:
        raise InvalidInput(_("请选择委托事项"), field="scope")
    if not isinstance(signed_on, date) or not isinstance(expires_on, date):
        raise InvalidInput(_("请填写签署日期和有效期"))
    if expires_on < signed_on:
        raise InvalidInput(_("有效期不能早于签署日期"), field="expires_on")
    mandate = Mandate.objects.create(
        project=project,
        agent=agent,
        document_number=document_number,
        scope=sorted(scope),
        signed_on=signed_on,
        expires_on=expires_on,
        recorded_by=actor,
    )
    _event(
        project,
        Action.MANDATE,
        actor,
        note=_("委托 %(agent)s，有效期至 %(d)s") % {"agent": agent, "d": expires_on},
        request=request,
        after={"mandate": mandate.pk, "agent": agent.pk, "expires_on": str(expires_on)},
    )
    return mandate


@transaction.atomic
def revoke_mandate(actor, mandate, *, reason, on=None, request=None) -> Mandate:
    """The principal (the project's investor) revokes a 委托书 from ``on`` (today by
    default): from that day the agent's acts under it are refused. Not backdated (what
    the agent did while it was in force stands); audited."""
    project = mandate.project
    if not permissions.is_investor(actor, project):
        raise PermissionDenied(_("只有委托人（建设单位）可以撤销授权委托书"))
    reason = _text(reason, _("撤销理由"))
    today = timezone.localdate()
    on = on if on is not None else today
    if not isinstance(on, date):
        raise InvalidInput(_("请正确填写撤销日期"), field="revoked_on")
    if on < today:
        raise InvalidInput(_("撤销日期不能早于今天"), field="revoked_on")
    if on > mandate.expires_on:
        raise InvalidInput(
            _("委托书 %(d)s 到期即失效，撤销日期不能晚于有效期") % {"d": mandate.expires_on},
            field="revoked_on",
        )
    fields = {"revoked_on": on, "revoke_reason": reason, "revoked_by": actor}
    if not Mandate.objects.filter(pk=mandate.pk, revoked_on__isnull=True).update(
        **sealed_update(Mandate, fields)
    ):
        raise Conflict(_("该委托书已撤销"))
    _event(
        project,
        Action.MANDATE_REVOKE,
        actor,
        note=_("%(no)s 自 %(d)s 起撤销：%(reason)s")
        % {"no": mandate.document_number, "d": on, "reason": reason},
        request=request,
        after={"mandate": mandate.pk, "agent": mandate.agent_id, "revoked_on": str(on)},
    )
    mandate.refresh_from_db()
    return mandate


# -- stages ------------------------------------------------------------------------------


def _stage(code) -> Stage:
    try:
        return Stage.objects.select_related("lead_department").get(code=code)
    except Stage.DoesNotExist:
        raise InvalidInput(_("没有这个审批阶段")) from None


def held_materials(project, before_order: int | None = None) -> set[str]:
    """Materials the project's earlier stages already hold (never asked again)."""
    runs = project.runs.all()
    if before_order is not None:
        runs = runs.filter(stage__order__lt=before_order)
    held = set()
    for run in runs:
        held.update(run.materials)
        held.update(run.reused_materials)
    return held


def _held_form(project) -> dict:
    data = {
        "project_name": project.name,
        "project_code": project.code,
        "investor_name": project.investor_name,
        "location": str(project.location),
        "investment": str(project.investment),
    }
    for run in project.runs.order_by("stage__order"):
        data.update({k: v for k, v in run.form_data.items() if v})
    return data


def _check_materials(stage, project, materials) -> tuple[list, list]:
    held = held_materials(project, stage.order)
    reused = [m for m in stage.materials if m in held]
    asked = [m for m in stage.materials if m not in held]
    given = {str(m).strip() for m in materials}
    missing = [m for m in asked if m not in given]
    if missing:
        raise InvalidInput(
            _("缺少申报材料：%(list)s") % {"list": "、".join(missing)}, field="materials"
        )
    return asked, reused


def _check_form(stage, project, form_data) -> dict:
    data = _held_form(project)
    for key, value in (form_data or {}).items():
        if key in stage.form_fields and str(value).strip():
            data[key] = _text(value, key, max_length=200)
    missing = [f for f in stage.form_fields if not str(data.get(f, "")).strip()]
    if missing:
        raise InvalidInput(
            _("申请表尚未填写：%(list)s") % {"list": "、".join(missing)}, field="form_data"
        )
    return {f: data[f] for f in stage.form_fields}


def _predecessor_clear(project, stage) -> None:
    if stage.order == 1:
        return
    prev = project.runs.filter(stage__order=stage.order - 1).first()
    if prev is None or prev.status != RunStatus.DONE:
        raise Conflict(
            _("上一阶段尚未办结，不能申报%(stage)s（拿地即开工项目请申请预审）") % {"stage": stage}
        )
    if prev.reviews.filter(blocks_next=True, status=ReviewStatus.REFUSED).exists():
        raise Conflict(_("上一阶段有不予许可的事项，不能申报%(stage)s") % {"stage": stage})


@transaction.atomic
def apply_stage(
    actor,
    project,
    stage_code,
    *,
    form_data=None,
    materials=(),
    chosen_items=(),
    today=None,
    request=None,
) -> StageRun:
    """Apply for a stage with one form and one set of materials (what earlier stages hold
    is reused, not asked again). The predecessor must be finished."""
    by_agent = _acting(actor, project, MandateScope.APPLY)
    project = _lock(Project, project.pk)
    stage = _stage(stage_code)
    if project.runs.filter(stage=stage).exists():
        raise Conflict(_("%(stage)s已申报") % {"stage": stage})
    _predecessor_clear(project, stage)
    form = _check_form(stage, project, form_data)
    asked, reused = _check_materials(stage, project, materials)
    chosen = sorted(
        StageItem.objects.filter(
            stage=stage, optional=True, code__in=list(chosen_items)
        ).values_list("code", flat=True)
    )
    run = StageRun.objects.create(
        project=project,
        stage=stage,
        mode=RunMode.NORMAL,
        status=RunStatus.SUBMITTED,
        form_data=form,
        materials=asked,
        reused_materials=reused,
        chosen_items=chosen,
        applied_by=actor,
        by_agent=by_agent,
        applied_on=_today(today),
    )
    _event(
        project,
        Action.APPLY,
        actor,
        by_agent=by_agent,
        note=str(stage),
        request=request,
        after={"stage": stage.code, "reused": reused},
    )
    return run


@transaction.atomic
def supply_materials(actor, run, *, materials, request=None) -> StageRun:
    """补充材料 to a stage not yet finished (applicant, or an agent with 代为补充材料)."""
    project = run.project
    by_agent = _acting(actor, project, MandateScope.SUPPLY)
    added = [_text(m, _("材料名称"), max_length=60) for m in materials if str(m).strip()]
    if not added:
        raise InvalidInput(_("请填写补充的材料"), field="materials")
    run = StageRun.objects.select_for_update().get(pk=run.pk)
    if run.status == RunStatus.DONE:
        raise Conflict(_("该阶段已办结，无需补充材料"))
    StageRun.objects.filter(pk=run.pk).update(
        materials=run.materials + [m for m in added if m not in run.materials]
    )
    _event(
        project,
        Action.APPLY,
        actor,
        by_agent=by_agent,
        note=_("补充材料：%(list)s") % {"list": "、".join(added)},
        request=request,
    )
    run.refresh_from_db()
    return run


def upload_materials(actor, run, *, files, request=None) -> list[ProjectMaterial]:
    """Upload files for a stage's materials (applicant, or an agent under a 委托书 in force
    covering 代为补充材料). ``files`` is [(material name, UploadedFile)]; each is checked
    from its content (the cases' upload checks) before anything is stored; one refused
    file stores none. A file written for a rolled-back upload is removed at once."""
    with removed_on_error() as written:
        return _upload_materials(actor, run, files, written, request)


@transaction.atomic
def _upload_materials(actor, run, files, written, request) -> list[ProjectMaterial]:
    project = run.project
    by_agent = _acting(actor, project, MandateScope.SUPPLY)
    run = StageRun.objects.select_for_update().select_related("stage").get(pk=run.pk)
    if run.status == RunStatus.DONE:
        raise Conflict(_("该阶段已办结，无需补充材料"))
    files = [(str(m or "").strip(), f) for m, f in files if f is not None]
    if not files:
        raise InvalidInput(_("请选择要上传的文件"), field="files")
    allowed = set(run.stage.materials) | set(run.materials)
    checked = []
    for material, uploaded in files:
        if material not in allowed:
            raise InvalidInput(
                _("“%(m)s”不是%(stage)s的申报材料") % {"m": material, "stage": run.stage},
                field="files",
            )
        checked.append((material, uploads.check_file(uploaded)))
    uploads.check_count(run.files.count() + len(checked))
    rows = []
    for material, upload in checked:
        row = ProjectMaterial(
            run=run,
            material=material,
            token=secrets.token_urlsafe(24),
            original_name=upload.name,
            content_type=upload.content_type,
            size=upload.size,
            sha256=upload.sha256,
            uploaded_by=actor,
            by_agent=by_agent,
        )
        save_on_commit(row.file, upload.data, written=written)
        row.save()
        rows.append(row)
    names = list(dict.fromkeys(m for m, _u in checked))
    StageRun.objects.filter(pk=run.pk).update(
        materials=run.materials + [m for m in names if m not in run.materials]
    )
    _event(
        project,
        Action.UPLOAD,
        actor,
        by_agent=by_agent,
        note=_("%(stage)s上传材料：%(list)s") % {"stage": run.stage, "list": "、".join(names)},
        request=request,
        after={
            "stage": run.stage.code,
            "files": [{"material": r.material, "sha256": r.sha256, "size": r.size} for r in rows],
        },
    )
    return rows


@transaction.atomic
def apply_pre_review(
    actor, project, *, form_data=None, materials=(), chosen_items=(), today=None, request=None
) -> list[StageRun]:
    """拿地即开工: apply for the pre-review of the planning, design and construction-permit
    stages before the land is granted (social investment only)."""
    by_agent = _acting(actor, project, MandateScope.APPLY)
    project = _lock(Project, project.pk)
    if not project.build_on_grant or project.kind != ProjectKind.SOCIAL:
        raise Conflict(_("只有拿地即开工的社会投资项目可以申请预审"))
    if project.land_status != LandStatus.PENDING:
        raise Conflict(_("项目已取得土地，无需预审"))
    if project.runs.exists():
        raise Conflict(_("该项目已申报，不能再申请预审"))
    given = {str(m).strip() for m in materials}
    runs = []
    for code in PRE_REVIEW_STAGES:
        stage = _stage(code)
        held = held_materials(project) | given
        missing = [m for m in stage.materials if m not in held]
        if missing:
            raise InvalidInput(
                _("缺少申报材料：%(list)s") % {"list": "、".join(missing)}, field="materials"
            )
        form = _check_form(stage, project, form_data)
        runs.append(
            StageRun.objects.create(
                project=project,
                stage=stage,
                mode=RunMode.PRE_REVIEW,
                status=RunStatus.SUBMITTED,
                form_data=form,
                materials=[m for m in stage.materials if m not in held_materials(project)],
                reused_materials=[m for m in stage.materials if m in held_materials(project)],
                chosen_items=sorted(
                    StageItem.objects.filter(
                        stage=stage, optional=True, code__in=list(chosen_items)
                    ).values_list("code", flat=True)
                ),
                applied_by=actor,
                by_agent=by_agent,
                applied_on=_today(today),
            )
        )
    _event(
        project,
        Action.APPLY,
        actor,
        by_agent=by_agent,
        note=_("拿地即开工预审"),
        request=request,
        after={"pre_review": PRE_REVIEW_STAGES},
    )
    return runs


def applicable_items(run, on: date):
    project = run.project
    items = []
    for item in run.stage.items.select_related("department").order_by("code"):
        if item.abolished_after is not None and on > item.abolished_after:
            continue  # abolished (初步设计和抗震设防审查 ended at the end of July 2020)
        if item.procedure and item.procedure != project.procedure:
            continue
        if item.government_only and project.kind != ProjectKind.GOVERNMENT:
            continue
        if item.optional and item.code not in run.chosen_items:
            continue
        items.append(item)
    return items


def _blocks_next(item) -> bool:
    if item.is_drawing_review:
        return bool(settings.PROJECTS_DRAWING_REVIEW_BLOCKS)
    return True


@transaction.atomic
def accept_stage(actor, run, *, window=None, today=None, request=None) -> StageRun:
    """受理 at a construction window: the items go to their departments in parallel, each
    department on its own working-day clock; the project's clock starts with the first."""
    if not permissions.is_clerk(actor):
        raise PermissionDenied(_("只有窗口工作人员可以受理"))
    today = _today(today)
    if window is not None and window.number not in config.CONSTRUCTION_WINDOWS:
        raise InvalidInput(_("工程建设项目须在工程建设项目服务专区综合窗口受理"))
    run = StageRun.objects.select_related("stage", "project").get(pk=run.pk)
    items = applicable_items(run, today)
    if not items:
        raise Conflict(_("该阶段没有需要审查的事项"))
    departments = {i.department_id for i in items}
    limit = run.stage.limit_days
    if len(departments) > 1:
        limit = min(limit, JOINT_HANDLING_DAYS)  # 行政许可法第四十二条
    new_status = RunStatus.PRE_REVIEW if run.mode == RunMode.PRE_REVIEW else RunStatus.IN_REVIEW
    run_clock = start_clock(limit, today)
    updated = StageRun.objects.filter(pk=run.pk, status=RunStatus.SUBMITTED).update(
        status=new_status, started_on=today, accepted_by=actor, window=window, clock=run_clock
    )
    if not updated:
        raise Conflict(_("该阶段已受理，请刷新后重试"))
    clocks = {d: start_clock(limit, today) for d in sorted(departments)}
    reviews = Review.objects.bulk_create(
        [
            Review(
                run=run,
                item=item,
                department_id=item.department_id,
                status=ReviewStatus.PENDING,
                blocks_next=_blocks_next(item),
                clock=clocks[item.department_id],
            )
            for item in items
        ]
    )
    project = _lock(Project, run.project_id)
    cases = _open_cases(actor, project, run, reviews, request)
    changes = {}
    if project.clock_id is None:
        changes["clock"] = start_clock(PROJECT_LIMITS[project.kind], today)
    if run.mode == RunMode.NORMAL:
        changes["current_stage"] = run.stage.order
    elif project.current_stage == 0:
        changes["current_stage"] = 1
    if changes:
        Project.objects.filter(pk=project.pk).update(**changes)
    _event(
        project,
        Action.ACCEPT,
        actor,
        note=_("%(stage)s，%(n)s 个事项，%(d)s 个部门并联审查")
        % {"stage": run.stage, "n": len(items), "d": len(departments)},
        request=request,
        after={
            "stage": run.stage.code,
            "window": getattr(window, "number", ""),
            "cases": [c.number for c in cases],
        },
    )
    _notify(
        project,
        _("%(stage)s已受理") % {"stage": run.stage},
        _("您申报的%(stage)s已受理，%(d)s 个部门并联审查，%(limit)s 个工作日内办结。")
        % {"stage": run.stage, "d": len(departments), "limit": limit},
    )
    run.refresh_from_db()
    return run


def _open_cases(clerk, project, run, reviews, request) -> list:
    """Decision 0041: each item handled as a case becomes a cases.Case of the investor,
    through the cases services (started at the window, submitted with the stage's one set
    of materials, accepted and dispatched to the item's department), so it is on the
    department's worklist with the cases clocks, sign-off levels and certificates. A
    pre-review is no application (no case); a project without an investor account has
    no applicant for a case."""
    if run.mode != RunMode.NORMAL or project.investor_id is None:
        return []
    from onewindow.cases import services as cases
    from onewindow.cases.constants import Channel

    opened = []
    for review in reviews:
        item = review.item
        if item.service_item_id is None or not config.handled_as_case(run.stage.code, item.code):
            continue
        case = cases.start_application(
            project.investor, item=item.service_item, channel=Channel.WINDOW
        )
        supplied = set(
            case.item_version.materials.values_list("material_type_id", flat=True)
        )  # the stage's one set of materials, checked by apply_stage
        case = cases.submit(clerk, case, supplied=supplied, request=request)
        case = cases.accept(clerk, case, request=request)
        cases.dispatch(clerk, case, [item.department_id], request=request)
        Review.objects.filter(pk=review.pk).update(case=case)
        opened.append(case)
    return opened


def _decide_by_case(actor, review, approve, opinion, request) -> Review:
    """The department's opinion goes to its task of the item's case (start_review, then
    decide_task with its sign-off level); the review follows the case's decision through
    ``case_decided``, whoever reaches it and wherever."""
    from onewindow.cases import services as cases
    from onewindow.cases.constants import OPEN_TASK_STATUSES, TaskStatus

    task = (
        review.case.tasks.filter(department_id=review.department_id, status__in=OPEN_TASK_STATUSES)
        .order_by("-pk")
        .first()
    )
    if task is None:
        raise Conflict(_("该事项已决定，请刷新后重试"))
    if task.status == TaskStatus.PENDING:
        task = cases.start_review(actor, task, request=request)
    cases.decide_task(actor, task, approve, opinion, request=request)
    review.refresh_from_db()
    return review


def case_decided(case) -> None:
    """cases.after_decision hook: the item's case is decided, so is its review; the stage
    finishes when its last blocking item is decided (same transaction as the decision)."""
    from onewindow.cases.constants import Decision

    review = (
        Review.objects.select_related("run__stage", "run__project", "item")
        .filter(case_id=case.pk)
        .first()
    )
    if review is None:
        return
    today = timezone.localdate()
    task = (
        case.tasks.filter(department_id=review.department_id)
        .select_related("decided_by")
        .order_by("-decided_at", "-pk")
        .first()
    )
    actor = task.decided_by if task is not None else None
    approved = case.decision == Decision.APPROVED
    new = ReviewStatus.APPROVED if approved else ReviewStatus.REFUSED
    opinion = str(task.reason or "") if task is not None else ""
    fields = {"status": new, "opinion": opinion, "decided_on": today, "decided_by": actor}
    if not Review.objects.filter(pk=review.pk, status=ReviewStatus.PENDING).update(
        **sealed_update(Review, fields)
    ):
        return
    run = review.run
    _stop_department_clock(run, review.department_id, today)
    _event(
        run.project,
        Action.DECIDE,
        actor,
        note=f"{review.item.name}：{ReviewStatus(new).label}（{case.number}）",
        after={"item": review.item.code, "status": new, "case": case.number},
    )
    if run.status == RunStatus.IN_REVIEW:
        _finish_if_complete(run, today)


@transaction.atomic
def decide_item(actor, review, *, approve: bool, opinion="", today=None, request=None) -> Review:
    """The owning department decides its item (or records its pre-review result)."""
    review = Review.objects.select_related("run__stage", "run__project", "item").get(pk=review.pk)
    department = permissions.approver_department(actor)
    if department is None or department != review.department_id:
        raise PermissionDenied(
            _("%(item)s由%(dept)s审查，其他部门不能决定")
            % {"item": review.item.name, "dept": review.department}
        )
    today = _today(today)
    opinion = _text(opinion, _("审查意见"), required=not approve)
    run = review.run
    if review.case_id is not None:
        return _decide_by_case(actor, review, approve, opinion, request)
    if run.status == RunStatus.PRE_REVIEW:
        new = ReviewStatus.PRE_APPROVED if approve else ReviewStatus.PRE_REFUSED
        fields = {"status": new, "pre_opinion": opinion, "pre_decided_on": today}
        allowed = (ReviewStatus.PENDING, ReviewStatus.PRE_REFUSED)
        action = Action.PRE_DECIDE
    elif run.status in (RunStatus.IN_REVIEW, RunStatus.DONE):
        new = ReviewStatus.APPROVED if approve else ReviewStatus.REFUSED
        fields = {"status": new, "opinion": opinion, "decided_on": today, "decided_by": actor}
        allowed = (ReviewStatus.PENDING,)
        action = Action.DECIDE
    else:
        raise Conflict(_("该阶段尚未受理"))
    if not Review.objects.filter(pk=review.pk, status__in=allowed).update(**fields):
        raise Conflict(_("该事项已决定，请刷新后重试"))
    if action == Action.PRE_DECIDE:
        Review.objects.filter(pk=review.pk).update(decided_by=actor)
    _stop_department_clock(run, review.department_id, today)
    _event(
        run.project,
        action,
        actor,
        note=f"{review.item.name}：{ReviewStatus(new).label}",
        request=request,
        after={"item": review.item.code, "status": new},
    )
    if run.status == RunStatus.IN_REVIEW:
        _finish_if_complete(run, today)
    review.refresh_from_db()
    return review


def _stop_department_clock(run, department_id, today):
    open_ = run.reviews.filter(department_id=department_id).exclude(
        status__in=[*DECIDED, ReviewStatus.PRE_APPROVED]
    )
    if open_.exists():
        return
    clock_id = (
        run.reviews.filter(department_id=department_id).values_list("clock", flat=True).first()
    )
    clock = Clock.objects.filter(pk=clock_id, stopped_on__isnull=True).first()
    if clock is not None and run.status == RunStatus.IN_REVIEW:
        stop_clock(clock, max(today, clock.started_on))


def _finish_if_complete(run, today) -> bool:
    if run.reviews.filter(blocks_next=True).exclude(status__in=DECIDED).exists():
        return False
    if not StageRun.objects.filter(pk=run.pk, status=RunStatus.IN_REVIEW).update(
        status=RunStatus.DONE, finished_on=today
    ):
        return False
    _close_run(run, today)
    return True


def _close_run(run, today):
    run.refresh_from_db()
    project = Project.objects.select_for_update().get(pk=run.project_id)
    if run.clock_id and run.clock.stopped_on is None:
        stop_clock(run.clock, max(today, run.clock.started_on))
    approved = not run.reviews.filter(blocks_next=True, status=ReviewStatus.REFUSED).exists()
    permit = None
    if approved:
        kind = STAGE_PERMIT[run.stage.code]
        permit = Permit.objects.create(
            project=project,
            run=run,
            kind=kind,
            number=f"{run.stage.order}-{project.code}",
            holder_name=project.investor_name,
            issued_on=today,
        )
    order = run.stage.order
    changes = {"current_stage": max(project.current_stage, order + 1 if approved else order)}
    if order == 4 and project.clock_id and project.clock.stopped_on is None:
        stop_clock(project.clock, max(today, project.clock.started_on))
    Project.objects.filter(pk=project.pk).update(**changes)
    _event(
        project,
        Action.STAGE_DONE,
        None,
        note=f"{run.stage}：{permit.get_kind_display() if permit else _('有不予许可的事项')}",
        after={"stage": run.stage.code, "permit": permit.number if permit else ""},
    )
    if permit:
        _notify(
            project,
            _("%(stage)s已办结") % {"stage": run.stage},
            _("%(stage)s已办结，%(kind)s（编号 %(no)s）可在工程建设项目统一出件窗口领取。")
            % {"stage": run.stage, "kind": permit.get_kind_display(), "no": permit.number},
        )
    else:
        _notify(
            project,
            _("%(stage)s有不予许可的事项") % {"stage": run.stage},
            _("请在项目页面查看各部门的审查意见。"),
        )
    city.push(
        project,
        {
            "project_code": project.code,
            "stage": run.stage.code,
            "result": "approved" if approved else "refused",
            "permit": permit.number if permit else "",
            "finished_on": str(today),
        },
    )
    return permit


@transaction.atomic
def record_land_grant(
    actor, project, *, contract_number, granted_on=None, request=None
) -> list[Permit]:
    """拿地即开工: record the 土地出让合同/不动产权证; on that day every pre-reviewed item is
    approved and the permits of the three stages issue together."""
    if not (
        permissions.is_clerk(actor)
        or permissions.approver_department(actor)
        == Stage.objects.filter(code=PRE_REVIEW_STAGES[0])
        .values_list("lead_department", flat=True)
        .first()
    ):
        raise PermissionDenied(_("土地出让由窗口工作人员或自然资源部门登记"))
    contract_number = _text(contract_number, _("土地出让合同或不动产权证号"), max_length=60)
    granted_on = _today(granted_on)
    project = _lock(Project, project.pk)
    if not project.build_on_grant or project.land_status != LandStatus.PENDING:
        raise Conflict(_("该项目不是等待土地出让的拿地即开工项目"))
    runs = list(
        project.runs.select_related("stage", "clock").filter(stage__code__in=PRE_REVIEW_STAGES)
    )
    if len(runs) != len(PRE_REVIEW_STAGES) or any(r.status != RunStatus.PRE_REVIEW for r in runs):
        raise Conflict(_("三个阶段的预审尚未全部受理"))
    waiting = Review.objects.filter(run__in=runs, blocks_next=True).exclude(
        status=ReviewStatus.PRE_APPROVED
    )
    if waiting.exists():
        names = "、".join(waiting.values_list("item__name", flat=True))
        raise Conflict(_("以下事项预审尚未通过：%(list)s") % {"list": names})
    Project.objects.filter(pk=project.pk).update(
        land_status=LandStatus.GRANTED,
        land_contract_number=contract_number,
        land_granted_on=granted_on,
    )
    _event(
        project,
        Action.LAND_GRANT,
        actor,
        note=contract_number,
        request=request,
        after={"granted_on": str(granted_on)},
    )
    permits = []
    for run in sorted(runs, key=lambda r: r.stage.order):
        Review.objects.filter(run=run, status=ReviewStatus.PRE_APPROVED).update(
            status=ReviewStatus.APPROVED, decided_on=granted_on
        )
        Clock.objects.filter(pk__in=run.reviews.values("clock"), stopped_on__isnull=True).update(
            stopped_on=granted_on
        )
        StageRun.objects.filter(pk=run.pk, status=RunStatus.PRE_REVIEW).update(
            status=RunStatus.DONE, finished_on=granted_on
        )
        permits.append(_close_run(run, granted_on))
    return [p for p in permits if p]


@transaction.atomic
def extend_joint_handling(actor, run, *, reason, request=None) -> StageRun:
    """行政许可法第四十二条: a joint stage may be extended once by 15 working days, with
    the approval of the bureau's leader."""
    if not (permissions.active(actor) and actor.has_role(Role.LEADER)):
        raise PermissionDenied(_("延长联合办理期限须经局领导批准"))
    reason = _text(reason, _("延长理由"))
    run = StageRun.objects.select_related("clock", "project").get(pk=run.pk)
    if run.reviews.values("department").distinct().count() < 2:
        raise Conflict(_("只有多个部门联合办理的阶段可以延长"))
    if run.status != RunStatus.IN_REVIEW or run.clock is None:
        raise Conflict(_("该阶段不在审查中"))
    if not StageRun.objects.filter(pk=run.pk, extended=False).update(extended=True):
        raise Conflict(_("联合办理期限只能延长一次"))
    calendar = get_calendar()
    for clock in Clock.objects.filter(
        pk__in=[run.clock_id, *run.reviews.values_list("clock", flat=True)],
        stopped_on__isnull=True,
    ):
        limit = clock.limit_days + JOINT_EXTENSION_DAYS
        fields = clock_math.schedule(
            calendar, clock.started_on, limit, clock.paused_workdays, clock.count_from_next_day
        )
        Clock.objects.filter(pk=clock.pk).update(limit_days=limit, **fields)
    _event(run.project, Action.EXTEND, actor, note=reason, request=request)
    return run


# -- completion --------------------------------------------------------------------------


@transaction.atomic
def file_building(
    actor, project, *, building_name, floor_area, today=None, request=None
) -> BuildingFiling:
    """竣工验收备案 of one building, by the completion stage's lead department."""
    lead = Stage.objects.filter(code="completion").values_list("lead_department", flat=True)
    if permissions.approver_department(actor) not in set(lead):
        raise PermissionDenied(_("竣工验收备案由住房和城乡建设部门办理"))
    building_name = _text(building_name, _("单体建筑"), max_length=60)
    try:
        floor_area = Decimal(str(floor_area))
    except (InvalidOperation, ValueError):
        raise InvalidInput(_("建筑面积须为数字"), field="floor_area") from None
    if not floor_area.is_finite() or floor_area <= 0 or floor_area >= Decimal("1e9"):
        raise InvalidInput(_("建筑面积须大于零"), field="floor_area")
    project = _lock(Project, project.pk)
    if not project.runs.filter(
        stage__code="completion", status__in=[RunStatus.IN_REVIEW, RunStatus.DONE]
    ).exists():
        raise Conflict(_("竣工验收阶段尚未受理"))
    if project.buildings.filter(building_name=building_name).exists():
        raise Conflict(_("%(b)s已备案") % {"b": building_name})
    n = (project.buildings.aggregate(n=Max("id"))["n"] or 0) + 1
    filing = BuildingFiling.objects.create(
        project=project,
        building_name=building_name,
        filing_number=f"JB-{project.code}-{project.buildings.count() + 1:03d}-{n}",
        floor_area=floor_area,
        filed_on=_today(today),
        filed_by=actor,
    )
    _event(project, Action.BUILDING, actor, note=building_name, request=request)
    return filing


# -- agent service -----------------------------------------------------------------------


def _agent(actor):
    if not (permissions.active(actor) and actor.has_role(Role.AGENT, Role.LEADER)):
        raise PermissionDenied(_("只有帮办代办员可以操作"))


@transaction.atomic
def assign_group(actor, project, group: AgentGroup | None, *, request=None) -> None:
    _agent(actor)
    Project.objects.filter(pk=project.pk).update(
        agent_group=group, is_key=group is not None or project.is_key
    )
    _event(project, Action.ASSIGN, actor, note=str(group or ""), request=request)


@transaction.atomic
def log_contact(actor, project, *, kind, summary, on=None, request=None) -> ContactLog:
    _agent(actor)
    if kind not in ContactKind.values:
        raise InvalidInput(_("请选择服务方式"), field="kind")
    summary = _text(summary, _("服务内容"))
    row = ContactLog.objects.create(
        project=project, agent=actor, kind=kind, summary=summary, happened_on=_today(on)
    )
    _event(project, Action.CONTACT, actor, note=ContactKind(kind).label, request=request)
    return row


@transaction.atomic
def set_service_plan(actor, project, *, plan, request=None) -> None:
    _agent(actor)
    plan = _text(plan, _("订制服务方案"), max_length=2000)
    Project.objects.filter(pk=project.pk).update(service_plan=plan)
    _event(project, Action.MILESTONE, actor, note=_("更新订制服务方案"), request=request)


@transaction.atomic
def add_milestone(actor, project, *, title, due_on, request=None) -> Milestone:
    _agent(actor)
    title = _text(title, _("节点"), max_length=100)
    if not isinstance(due_on, date):
        raise InvalidInput(_("请填写计划完成日期"), field="due_on")
    row = Milestone.objects.create(project=project, title=title, due_on=due_on)
    _event(project, Action.MILESTONE, actor, note=title, request=request)
    return row


@transaction.atomic
def complete_milestone(actor, milestone, *, on=None, request=None) -> None:
    _agent(actor)
    if not Milestone.objects.filter(pk=milestone.pk, done_on__isnull=True).update(
        done_on=_today(on)
    ):
        raise Conflict(_("该节点已完成"))
    _event(milestone.project, Action.MILESTONE_DONE, actor, note=milestone.title, request=request)


def window_for(stage_order: int):
    """The construction window of a stage (B01–B04), if the network has it."""
    number = config.CONSTRUCTION_WINDOWS[stage_order - 1]
    return Window.objects.filter(number=number, site__code="DYQ-HALL").first()
