"""Cases (办件): a case, its materials, notices, promises, department tasks and timeline.

A case points at the exact ``ItemVersion`` (PROTECT): publishing a new version of the
item never changes what an existing case asks for.

Clocks. A case has TWO working-day clocks, both started at acceptance (受理) and both
paused, resumed and stopped together:

- ``statutory_clock``: the legal limit of the item's version (行政许可法: 20 working days
  to decide, +10 with approval). It is the bound the law sets; an overrun is unlawful.
- ``promised_clock``: the bureau's promised limit (承诺时限), shorter and set per item.
  On-time rates and worklist warnings use it.

Keeping both costs two small rows and lets statistics report lawful-but-late-on-promise
cases honestly; one clock would lose one of the two answers. Both stop at the decision.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from onewindow.core.pii.freetext import PersonalTextField

from ..constants import (
    REASON_MAX_LENGTH,
    CaseStatus,
    Channel,
    Decision,
    DeliveryMethod,
    HandlingMode,
    MaterialStatus,
    PromiseStatus,
    SignoffLevel,
    TaskStatus,
)


class Case(models.Model):
    number = models.CharField(_("办件编号"), max_length=32, unique=True)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    item_version = models.ForeignKey(
        "catalog.ItemVersion",
        verbose_name=_("事项版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    bundle = models.ForeignKey(
        "catalog.Bundle",
        verbose_name=_("一件事"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    # 一业一证: an industry's comprehensive licence, one form for the items it replaces.
    industry = models.ForeignKey(
        "catalog.Industry",
        verbose_name=_("行业综合许可"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    channel = models.CharField(
        _("申请渠道"), max_length=20, choices=Channel.choices, default=Channel.ONLINE
    )
    # 就近办: where the case was taken in (hall, town or community centre, village station,
    # online branch) and at which window; empty for cases from before the network.
    site = models.ForeignKey(
        "org.ServiceSite",
        verbose_name=_("受理站点"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    window = models.ForeignKey(
        "org.Window",
        verbose_name=_("受理窗口"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.DRAFT
    )
    form_data = models.JSONField(_("表单内容"), default=dict, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True, db_index=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("受理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    statutory_clock = models.ForeignKey(
        "workdays.Clock",
        verbose_name=_("法定时限计时"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    promised_clock = models.ForeignKey(
        "workdays.Clock",
        verbose_name=_("承诺时限计时"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    delivery_clock = models.ForeignKey(
        "workdays.Clock",
        verbose_name=_("送达时限计时"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # 行政许可法 Art. 42: +10 working days once, approved by the bureau's leader.
    extended_days = models.PositiveSmallIntegerField(_("延长工作日"), default=0)
    extension_reason = PersonalTextField(_("延长理由"), max_length=500, blank=True, default="")
    handling_mode = models.CharField(
        _("审批方式"), max_length=20, choices=HandlingMode.choices, default=HandlingMode.MANUAL
    )
    # The instant-approval checks run on submission: [{"kind", "passed", "message"}, ...].
    instant_checks = models.JSONField(_("秒批校验结果"), default=list, blank=True)
    decision = models.CharField(
        _("审批决定"), max_length=20, choices=Decision.choices, blank=True, default=""
    )
    decision_reason = PersonalTextField(_("决定理由"), blank=True, default="")
    # How the applicant wants the decision and certificates (chosen when applying): at the
    # window, by post to ``delivery_address``, or 电子送达 to the holder's 站内信, which
    # needs the consent recorded at ``e_delivery_consent_at``.
    delivery_method = models.CharField(
        _("送达方式"),
        max_length=20,
        choices=DeliveryMethod.choices,
        default=DeliveryMethod.WINDOW,
    )
    delivery_address = PersonalTextField(
        _("邮寄地址"), max_length=300, blank=True, default="", single_line=True
    )
    e_delivery_consent_at = models.DateTimeField(_("同意电子送达时间"), null=True, blank=True)
    # Bumped by every state change: task operations take the case's row lock through it.
    version_lock = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A case is for one item version, a bundle (一件事) or an industry (一业一证).
            models.CheckConstraint(
                condition=Q(item_version__isnull=False)
                | Q(bundle__isnull=False)
                | Q(industry__isnull=False),
                name="cases_case_item_version_or_bundle",
            )
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="cases_status_submitted"),
            # Statistics: the decided range, and the received range (受理量 counts a case at
            # its acceptance, or at its decision when it had none: statistics.RECEIVED_AT).
            models.Index(fields=["decided_at"], name="cases_decided_at"),
            models.Index(Coalesce("accepted_at", "decided_at"), name="cases_received_at"),
        ]

    def __str__(self):
        return self.number


class CaseMaterial(models.Model):
    """One material the case asks for (a snapshot of its version's or bundle's list)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="materials")
    material_type = models.ForeignKey(
        "catalog.MaterialType",
        verbose_name=_("标准材料"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("材料名称"), max_length=200)
    required = models.BooleanField(_("必要"), default=True)
    conditional_eligible = models.BooleanField(_("可容缺"), default=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=MaterialStatus.choices, default=MaterialStatus.MISSING
    )
    promised_by = models.DateField(_("承诺补齐日期"), null=True, blank=True)
    # The file given for this material (uploaded now or reused from the applicant's library).
    document = models.ForeignKey(
        "cases.ApplicantDocument",
        verbose_name=_("材料文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_materials",
    )
    supplied_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("办件材料")
        verbose_name_plural = _("办件材料")
        ordering = ["case", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "material_type"], name="cases_material_unique_type"
            )
        ]

    def __str__(self):
        return self.name


class DeficiencyNotice(models.Model):
    """一次性告知: everything missing, told at once."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deficiency_notices")
    items = models.JSONField(_("需补正材料"), default=list)  # [{"material_type": id, "name": ...}]
    note = PersonalTextField(_("补正说明"), blank=True, default="")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("出具人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("出具时间"), auto_now_add=True)
    supplemented_at = models.DateTimeField(_("补正时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("一次性告知书")
        verbose_name_plural = _("一次性告知书")
        ordering = ["case", "issued_at", "pk"]

    def __str__(self):
        return f"{self.case} {self.issued_at:%Y-%m-%d}"


class ConditionalPromise(models.Model):
    """容缺受理承诺书: the missing non-core materials and the date they will be supplied."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="promise")
    # Denormalised so that "has this applicant broken a promise?" reads one table.
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承诺人"),
        on_delete=models.PROTECT,
        related_name="conditional_promises",
    )
    items = models.JSONField(_("容缺材料"), default=list)  # [{"material_type": id, "name": ...}]
    promise_date = models.DateField(_("承诺补齐日期"))
    signed_by = models.CharField(_("签署人"), max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("受理人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("签署时间"), auto_now_add=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=PromiseStatus.choices, default=PromiseStatus.PENDING
    )
    closed_at = models.DateTimeField(_("履行或失信时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("容缺受理承诺")
        verbose_name_plural = _("容缺受理承诺")
        ordering = ["promise_date", "pk"]
        indexes = [models.Index(fields=["status", "promise_date"], name="cases_promise_due")]

    def __str__(self):
        return f"{self.case} → {self.promise_date:%Y-%m-%d}"


class DepartmentTask(models.Model):
    """One department's review of a case; a case's tasks run in parallel."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    department = models.ForeignKey(
        "org.Department", verbose_name=_("承办部门"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.PENDING
    )
    pause_kind = models.CharField(_("暂停原因"), max_length=20, blank=True, default="")
    pause_reason = PersonalTextField(_("暂停说明"), max_length=REASON_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("分办时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始审查时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审查时间"), null=True, blank=True)
    reason = PersonalTextField(_("审查意见"), blank=True, default="")
    # The case's promised due date, copied here so a worklist sorts on one indexed table.
    due_on = models.DateField(_("承诺届满日期"), null=True, blank=True)
    # The review chain copied at dispatch ("handle,check,sign") and the level now due.
    levels = models.CharField(_("审批层级"), max_length=40, default="handle")
    level = models.CharField(
        _("当前环节"), max_length=10, choices=SignoffLevel.choices, default=SignoffLevel.HANDLE
    )
    round = models.PositiveSmallIntegerField(_("轮次"), default=1)

    class Meta:
        verbose_name = _("部门审查任务")
        verbose_name_plural = _("部门审查任务")
        ordering = ["case", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "department"], name="cases_task_unique_dept")
        ]
        indexes = [
            models.Index(fields=["department", "status", "due_on"], name="cases_task_worklist"),
            # A department's open tasks already in worklist order (due_on, pk): the first
            # page is read straight off the index, however many cases are closed.
            models.Index(
                fields=["department", "due_on", "id"],
                condition=Q(status__in=["pending", "in_review", "paused"]),
                name="cases_task_open_by_due",
            ),
        ]

    def __str__(self):
        return f"{self.case} · {self.department}"


class CaseEvent(models.Model):
    """The applicant's public timeline. The full record (before/after) is in the audit log."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("环节"), max_length=40)
    status_from = models.CharField(_("原状态"), max_length=20, blank=True, default="")
    status_to = models.CharField(_("新状态"), max_length=20, blank=True, default="")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = PersonalTextField(_("说明"), blank=True, default="")
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("办件进度")
        verbose_name_plural = _("办件进度")
        ordering = ["case", "created_at", "pk"]

    def __str__(self):
        return f"{self.case} {self.action}"
