"""Construction projects, their four stages, parallel reviews, permits, buildings and the
agent service (帮办代办). See docs/projects.md."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.core.pii.freetext import PersonalTextField

from .constants import (
    Action,
    ContactKind,
    LandStatus,
    PermitKind,
    Procedure,
    ProjectKind,
    ProjectType,
    PushStatus,
    ReviewStatus,
    RunMode,
    RunStatus,
    StageCode,
)

USER = settings.AUTH_USER_MODEL


class Stage(models.Model):
    """One of the four stages, as configured: lead department, guide, form, materials."""

    code = models.CharField(_("阶段编码"), max_length=30, choices=StageCode.choices, unique=True)
    order = models.PositiveSmallIntegerField(_("顺序"), unique=True)
    lead_department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("牵头部门")
    )
    limit_days = models.PositiveIntegerField(_("阶段时限（工作日）"))
    guide = PersonalTextField(_("办事指南"), blank=True, default="")
    form_fields = models.JSONField(_("申请表字段"), default=list)
    materials = models.JSONField(_("申报材料"), default=list)

    class Meta:
        ordering = ["order"]
        verbose_name = _("审批阶段")
        verbose_name_plural = _("审批阶段")

    def __str__(self):
        return self.get_code_display()


class StageItem(models.Model):
    """An approval item of a stage, reviewed by its department (工程建设项目审批 item)."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("事项编码"), max_length=20, unique=True)
    name = models.CharField(_("事项名称"), max_length=100)
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("审批部门")
    )
    is_construction_system = models.BooleanField(_("工程建设项目审批系统事项"), default=True)
    optional = models.BooleanField(_("按需申报"), default=False)
    procedure = models.CharField(
        _("限投资项目手续"), max_length=20, choices=Procedure.choices, blank=True, default=""
    )
    government_only = models.BooleanField(_("仅政府投资项目"), default=False)
    is_drawing_review = models.BooleanField(_("施工图审查"), default=False)
    abolished_after = models.DateField(_("取消日期（当日后不再办理）"), null=True, blank=True)
    # The catalogue item this stage item is handled as (a cases.Case per project, decision
    # 0041); linked by load_configuration when the catalogue publishes the item's code.
    service_item = models.ForeignKey(
        "catalog.ServiceItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("对应政务服务事项（按办件办理）"),
    )

    class Meta:
        ordering = ["stage__order", "code"]
        verbose_name = _("阶段审批事项")
        verbose_name_plural = _("阶段审批事项")

    def __str__(self):
        return self.name


class AgentGroup(models.Model):
    """A 帮办代办 group of the agent centre, by field."""

    code = models.CharField(_("编码"), max_length=20, unique=True)
    name = models.CharField(_("小组名称"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    members = models.ManyToManyField(USER, blank=True, related_name="agent_groups")

    class Meta:
        ordering = ["order"]
        verbose_name = _("帮办代办小组")
        verbose_name_plural = _("帮办代办小组")

    def __str__(self):
        return self.name


class Project(models.Model):
    name = models.CharField(_("项目名称"), max_length=100)
    code = models.CharField(_("项目代码"), max_length=40, unique=True)
    investor = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("建设单位账号"),
    )
    investor_name = models.CharField(_("建设单位"), max_length=100)
    kind = models.CharField(_("投资类别"), max_length=20, choices=ProjectKind.choices)
    procedure = models.CharField(_("投资项目手续"), max_length=20, choices=Procedure.choices)
    procedure_on = models.DateField(_("手续办理日期"), null=True, blank=True)
    project_type = models.CharField(_("项目类型"), max_length=20, choices=ProjectType.choices)
    location = PersonalTextField(_("建设地点"), max_length=200, single_line=True)
    investment = models.DecimalField(_("总投资（万元）"), max_digits=12, decimal_places=2)
    land_status = models.CharField(_("土地状态"), max_length=20, choices=LandStatus.choices)
    land_contract_number = models.CharField(
        _("土地出让合同或不动产权证号"), max_length=60, blank=True
    )
    land_granted_on = models.DateField(_("土地出让登记日期"), null=True, blank=True)
    build_on_grant = models.BooleanField(_("拿地即开工"), default=False)
    is_key = models.BooleanField(_("重点项目"), default=False, db_index=True)
    agent_group = models.ForeignKey(
        AgentGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        verbose_name=_("帮办代办小组"),
    )
    # 0 before the first stage is accepted, 1–4 the stage under way, 5 finished.
    current_stage = models.PositiveSmallIntegerField(_("当前阶段"), default=0, db_index=True)
    clock = models.OneToOneField(
        "workdays.Clock", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    service_plan = PersonalTextField(_("订制服务方案"), blank=True, default="")
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("工程建设项目")
        verbose_name_plural = _("工程建设项目")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(investment__gte=0), name="projects_investment_not_negative"
            )
        ]

    def __str__(self):
        return self.name


class StageRun(models.Model):
    """A project's stage: applied once with one form and one set of materials."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="runs")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="runs")
    mode = models.CharField(_("申报方式"), max_length=20, choices=RunMode.choices)
    status = models.CharField(_("状态"), max_length=20, choices=RunStatus.choices)
    form_data = models.JSONField(_("申请表"), default=dict)
    materials = models.JSONField(_("本阶段提交的材料"), default=list)
    reused_materials = models.JSONField(_("沿用前序阶段的材料"), default=list)
    chosen_items = models.JSONField(_("按需申报的事项"), default=list)
    applied_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    by_agent = models.BooleanField(_("代办"), default=False)
    applied_on = models.DateField(_("申报日期"))
    window = models.ForeignKey(
        "org.Window", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_on = models.DateField(_("受理日期"), null=True, blank=True)
    finished_on = models.DateField(_("办结日期"), null=True, blank=True)
    clock = models.OneToOneField(
        "workdays.Clock", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    extended = models.BooleanField(_("已延长联合办理期限"), default=False)

    class Meta:
        ordering = ["project", "stage__order"]
        verbose_name = _("项目审批阶段")
        verbose_name_plural = _("项目审批阶段")
        constraints = [
            models.UniqueConstraint(fields=["project", "stage"], name="projects_one_run_per_stage")
        ]

    def __str__(self):
        return f"{self.project} · {self.stage}"


class Review(models.Model):
    """One item of a stage, reviewed in parallel by its department."""

    run = models.ForeignKey(StageRun, on_delete=models.CASCADE, related_name="reviews")
    item = models.ForeignKey(StageItem, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=20, choices=ReviewStatus.choices)
    blocks_next = models.BooleanField(_("下一阶段前置条件"), default=True)
    opinion = PersonalTextField(_("审查意见"), blank=True, default="")
    pre_opinion = PersonalTextField(_("预审意见"), blank=True, default="")
    pre_decided_on = models.DateField(_("预审日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    # The item's case (decision 0041): its department reviews it in the cases worklist,
    # on the cases clocks, sign-off levels and certificates; None for a pre-review, or an
    # item the catalogue does not publish.
    case = models.OneToOneField(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project_review",
        verbose_name=_("办件"),
    )
    # Each department's clock in the stage (shared by that department's items).
    clock = models.ForeignKey(
        "workdays.Clock", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["run", "item__code"]
        verbose_name = _("部门并联审查")
        verbose_name_plural = _("部门并联审查")
        constraints = [
            models.UniqueConstraint(fields=["run", "item"], name="projects_one_review_per_item")
        ]

    def __str__(self):
        return f"{self.item} · {self.get_status_display()}"


class Permit(models.Model):
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.CASCADE, related_name="permits"
    )
    run = models.ForeignKey(
        StageRun, null=True, blank=True, on_delete=models.CASCADE, related_name="permits"
    )
    kind = models.CharField(_("证照类别"), max_length=20, choices=PermitKind.choices)
    number = models.CharField(_("证照编号"), max_length=40, unique=True)
    holder_name = models.CharField(_("持证单位"), max_length=100)
    issued_on = models.DateField(_("发证日期"), db_index=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("审批结果证照")
        verbose_name_plural = _("审批结果证照")

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"


class BuildingFiling(models.Model):
    """竣工验收备案 of one building (单体建筑)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="buildings")
    building_name = models.CharField(_("单体建筑"), max_length=60)
    filing_number = models.CharField(_("备案编号"), max_length=40, unique=True)
    floor_area = models.DecimalField(_("建筑面积（平方米）"), max_digits=12, decimal_places=2)
    filed_on = models.DateField(_("备案日期"), db_index=True)
    filed_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["project", "building_name"]
        verbose_name = _("竣工验收备案")
        verbose_name_plural = _("竣工验收备案")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "building_name"], name="projects_one_filing_per_building"
            )
        ]

    def __str__(self):
        return f"{self.project} · {self.building_name}"


class Mandate(models.Model):
    """The applicant's signed 委托书: an agent may act within its scope until it expires."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="mandates")
    agent = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="mandates")
    document_number = models.CharField(_("委托书编号"), max_length=40)
    scope = models.JSONField(_("委托事项"), default=list)
    signed_on = models.DateField(_("签署日期"))
    expires_on = models.DateField(_("有效期至"))
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revoke_reason = PersonalTextField(_("撤销理由"), blank=True, default="")
    revoked_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("授权委托书")
        verbose_name_plural = _("授权委托书")

    def __str__(self):
        return f"{self.document_number} · {self.agent}"


def material_path(instance, filename):
    # Generated names only: the uploader's file name never reaches the file system.
    return f"project-materials/{instance.sha256[:2]}/{instance.sha256}-{instance.token}"


class ProjectMaterial(models.Model):
    """A file supplied for a stage's material, by the applicant or an agent (代办)."""

    run = models.ForeignKey(StageRun, on_delete=models.CASCADE, related_name="files")
    material = models.CharField(_("材料名称"), max_length=60)
    file = models.FileField(_("文件"), upload_to=material_path, max_length=200)
    token = models.CharField(max_length=32, unique=True)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    by_agent = models.BooleanField(_("代办"), default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["run", "material", "-uploaded_at"]
        verbose_name = _("项目申报材料文件")
        verbose_name_plural = _("项目申报材料文件")

    def __str__(self):
        return f"{self.run} · {self.material}"


class ContactLog(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="contacts")
    agent = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("方式"), max_length=20, choices=ContactKind.choices)
    happened_on = models.DateField(_("日期"))
    summary = PersonalTextField(_("内容"))

    class Meta:
        ordering = ["-happened_on", "-id"]
        verbose_name = _("帮办代办服务记录")
        verbose_name_plural = _("帮办代办服务记录")

    def __str__(self):
        return f"{self.project} · {self.get_kind_display()} {self.happened_on}"


class Milestone(models.Model):
    """A milestone of a key project's tailored service plan (订制服务方案)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点"), max_length=100)
    due_on = models.DateField(_("计划完成日期"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("服务方案节点")
        verbose_name_plural = _("服务方案节点")

    def __str__(self):
        return self.title


class ProjectEvent(models.Model):
    """The project's timeline; ``by_agent`` marks an act done as 代办 for the applicant."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    by_agent = models.BooleanField(_("代办"), default=False)
    note = PersonalTextField(_("说明"), blank=True, default="")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("项目办理记录")
        verbose_name_plural = _("项目办理记录")

    def __str__(self):
        return f"{self.project} · {self.get_action_display()}"


class ProjectNotice(models.Model):
    """A notice to the applicant; an agent with a 委托书 covering notices receives it too."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="notices")
    title = models.CharField(_("标题"), max_length=100)
    body = PersonalTextField(_("内容"))
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("项目通知")
        verbose_name_plural = _("项目通知")

    def __str__(self):
        return self.title


class CityPush(models.Model):
    """A result pushed to the city's construction-approval system (outbox; never lost)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="pushes")
    payload = models.JSONField()
    status = models.CharField(
        _("状态"), max_length=20, choices=PushStatus.choices, default=PushStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = PersonalTextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("市级工程建设项目审批系统推送")
        verbose_name_plural = _("市级工程建设项目审批系统推送")

    def __str__(self):
        return f"{self.project} · {self.get_status_display()}"
