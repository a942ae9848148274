"""The rectification ledger (整改台账): an inspection, its categories and problems in the
order of the feedback, the measures per problem, their progress, outputs and close-out.

Counts in the progress report ("N个方面M个问题，已完成X个") are computed from these rows,
never typed, so the report cannot disagree with the ledger.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.core.pii.freetext import PersonalTextField

from ..constants import (
    REASON_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    AccountabilitySource,
    Escalation,
    InspectionKind,
    LedgerAction,
    MeasureKind,
    MeasureStatus,
    OutputKind,
    ProblemStatus,
    TargetComparison,
)


class Inspection(models.Model):
    """One inspection round of the bureau (e.g. 区委第三巡察组, 2019-09 to 2019-12)."""

    title = models.CharField(_("名称"), max_length=TITLE_MAX_LENGTH)
    kind = models.CharField(
        _("巡视或巡察"),
        max_length=10,
        choices=InspectionKind.choices,
        default=InspectionKind.XUNCHA,
    )
    round_name = models.CharField(_("巡察轮次"), max_length=100)
    inspection_group = models.CharField(_("巡察组"), max_length=100)
    inspected_unit = models.CharField(_("被巡察单位"), max_length=100)
    period_start = models.DateField(_("巡察开始日期"))
    period_end = models.DateField(_("巡察结束日期"))
    feedback_on = models.DateField(_("反馈日期"))
    # feedback_on + REPORT_DUE_MONTHS, stored so lists sort and warn on it.
    report_due_on = models.DateField(_("整改报告期限"))
    previous = models.ForeignKey(
        "self",
        verbose_name=_("上一轮巡察"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_rounds",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("巡察")
        verbose_name_plural = _("巡察")
        ordering = ["-feedback_on", "-id"]

    def __str__(self):
        return self.title


class Category(models.Model):
    """A heading of the feedback (方面), which may hold sub-categories (类)."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("巡察"), on_delete=models.CASCADE, related_name="categories"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级类别"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    title = models.CharField(_("标题"), max_length=TITLE_MAX_LENGTH)
    sort_order = models.PositiveIntegerField(_("顺序"))

    class Meta:
        verbose_name = _("问题类别")
        verbose_name_plural = _("问题类别")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.title


class Problem(models.Model):
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("巡察"), on_delete=models.CASCADE, related_name="problems"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="problems"
    )
    # The number in the feedback's order, unique within the inspection.
    number = models.PositiveIntegerField(_("问题序号"))
    title = PersonalTextField(_("问题"), max_length=TITLE_MAX_LENGTH, single_line=True)
    description = PersonalTextField(_("问题表现"), max_length=TEXT_MAX_LENGTH, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    # 新官要理旧账: a problem carried over from an earlier round's ledger.
    carried_over_from = models.ForeignKey(
        "self",
        verbose_name=_("上轮遗留问题"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_into",
    )

    class Meta:
        verbose_name = _("问题")
        verbose_name_plural = _("问题")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "number"], name="rect_problem_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Measure(models.Model):
    problem = models.ForeignKey(
        Problem, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="measures"
    )
    sort_order = models.PositiveIntegerField(_("顺序"), default=0)
    content = PersonalTextField(_("整改措施"), max_length=TEXT_MAX_LENGTH)
    kind = models.CharField(_("整改类型"), max_length=20, choices=MeasureKind.choices)
    responsible_leader = models.CharField(_("责任领导"), max_length=100)
    responsible_unit = models.ForeignKey(
        "org.Department",
        verbose_name=_("责任股室"),
        on_delete=models.PROTECT,
        related_name="rectification_measures",
    )
    due_date = models.DateField(_("完成时限"))
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=MeasureStatus.choices,
        default=MeasureStatus.PLANNED,
        db_index=True,
    )
    escalation = models.PositiveSmallIntegerField(
        _("督办级别"), choices=Escalation.choices, default=Escalation.NONE
    )
    # A target bound to a live figure (rectification.metrics registry code).
    target_metric = models.CharField(_("考核指标"), max_length=50, blank=True)
    target_comparison = models.CharField(
        _("达标条件"), max_length=3, choices=TargetComparison.choices, blank=True
    )
    target_value = models.DecimalField(
        _("目标值"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # Close-out (销号): the leader's acceptance, optionally the inspection office's
    # confirmation, and the reason when the live figure misses its target.
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("验收领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("验收时间"), null=True, blank=True)
    acceptance_note = PersonalTextField(_("验收意见"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("巡察办确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    target_unmet_reason = PersonalTextField(
        _("未达标销号理由"), max_length=REASON_MAX_LENGTH, blank=True
    )
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    carried_over_from = models.ForeignKey(
        "self",
        verbose_name=_("上轮遗留措施"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_into",
    )

    class Meta:
        verbose_name = _("整改措施")
        verbose_name_plural = _("整改措施")
        ordering = ["problem__number", "sort_order", "id"]

    def __str__(self):
        return self.content[:40]


class ProgressUpdate(models.Model):
    measure = models.ForeignKey(
        Measure, verbose_name=_("整改措施"), on_delete=models.CASCADE, related_name="updates"
    )
    text = PersonalTextField(_("进展情况"), max_length=TEXT_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("报送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("整改进展")
        verbose_name_plural = _("整改进展")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:40]


def evidence_path(instance, filename):
    # Generated names only: the uploader's file name never reaches the file system.
    digest = instance.sha256 or "0" * 64
    return f"rectification-evidence/{digest[:2]}/{digest}-{secrets.token_urlsafe(12)}"


class ProgressEvidence(models.Model):
    """A file proving progress, stored under a generated name outside the web root."""

    update = models.ForeignKey(
        ProgressUpdate,
        verbose_name=_("整改进展"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("文件"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")

    def __str__(self):
        return self.original_name


class MeasureOutput(models.Model):
    """A rule (制度) or document a measure produced, as the seed names them."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("整改措施"), on_delete=models.CASCADE, related_name="outputs"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=OutputKind.choices)
    title = models.CharField(_("名称"), max_length=TITLE_MAX_LENGTH)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("整改成果")
        verbose_name_plural = _("整改成果")
        ordering = ["issued_on", "id"]

    def __str__(self):
        return self.title


class AccountabilityType(models.Model):
    """A form accountability may take (问责方式), as the office words it. Seeded from the
    问责条例 and the four forms of 监督执纪 (migration 0004); the office adds its own, so any
    bureau's terms can be recorded. A record keeps the form's code; the report states the
    counts by the form's current name."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    source = models.CharField(
        _("依据"),
        max_length=20,
        choices=AccountabilitySource.choices,
        default=AccountabilitySource.BUREAU,
    )
    sort_order = models.PositiveIntegerField(_("顺序"), default=0)
    active = models.BooleanField(_("可选用"), default=True)

    class Meta:
        verbose_name = _("问责方式")
        verbose_name_plural = _("问责方式")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.name


class Accountability(models.Model):
    """A person held to account for a problem (追责问责): who, the problem, the form (a code
    of AccountabilityType), the decision's date and document."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="accountabilities"
    )
    person_name = models.CharField(_("被问责人"), max_length=50)
    position = models.CharField(_("职务"), max_length=100, blank=True)
    kind = models.CharField(_("问责方式"), max_length=30)
    decided_on = models.DateField(_("问责日期"))
    document_number = models.CharField(_("决定文号"), max_length=100, blank=True)
    note = PersonalTextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("问责记录")
        verbose_name_plural = _("问责记录")
        ordering = ["decided_on", "id"]

    def __str__(self):
        return f"{self.person_name} {self.kind_name}"

    @property
    def kind_name(self) -> str:
        row = AccountabilityType.objects.filter(code=self.kind).only("name").first()
        return row.name if row else self.kind


class LedgerEvent(models.Model):
    """The ledger's timeline: progress, close-out steps, escalations and 回头看 reopenings."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="events"
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("整改措施"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    action = models.CharField(_("环节"), max_length=20, choices=LedgerAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = PersonalTextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("台账记录")
        verbose_name_plural = _("台账记录")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.problem_id} {self.action}"
