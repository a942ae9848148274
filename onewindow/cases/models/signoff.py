"""Sign-off levels of a department's review (承办 → 审核 → 签发), decision 0021.

``ReviewChain``: an item's own chain (else settings.CASES_SIGNOFF_LEVELS, one level for an
item promised within 0 working days, 即办). ``SignoffGrant``: who may 审核 or 签发 in their
department (every approver of the department may 承办). ``TaskSignoff``: each level's
opinion on a task, in order; the last one (签发) is the task's decision.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.core.pii.freetext import PersonalTextField

from ..constants import REASON_MAX_LENGTH, SignoffLevel


class ReviewChain(models.Model):
    item = models.OneToOneField(
        "catalog.ServiceItem",
        verbose_name=_("事项"),
        on_delete=models.CASCADE,
        related_name="review_chain",
    )
    levels = models.CharField(
        _("审批层级"),
        max_length=40,
        default="handle,check,sign",
        help_text=_("以逗号分隔：handle（承办）、check（审核）、sign（签发），按顺序"),
    )

    class Meta:
        verbose_name = _("事项审批层级")
        verbose_name_plural = _("事项审批层级")

    def __str__(self):
        return f"{self.item} · {self.levels}"


class SignoffGrant(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("人员"),
        on_delete=models.CASCADE,
        related_name="signoff_grants",
    )
    level = models.CharField(_("审批环节"), max_length=10, choices=SignoffLevel.choices)
    granted_at = models.DateTimeField(_("授权时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("审批环节授权")
        verbose_name_plural = _("审批环节授权")
        constraints = [
            models.UniqueConstraint(fields=["user", "level"], name="cases_signoffgrant_unique")
        ]

    def __str__(self):
        return f"{self.user} · {self.get_level_display()}"


class TaskSignoff(models.Model):
    task = models.ForeignKey(
        "cases.DepartmentTask",
        verbose_name=_("审查任务"),
        on_delete=models.CASCADE,
        related_name="signoffs",
    )
    # A task returned to the window (退回窗口) and dispatched again starts a new round.
    round = models.PositiveSmallIntegerField(_("轮次"), default=1)
    level = models.CharField(_("审批环节"), max_length=10, choices=SignoffLevel.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签署人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approve = models.BooleanField(_("同意"))
    opinion = PersonalTextField(_("意见"), max_length=REASON_MAX_LENGTH, blank=True, default="")
    created_at = models.DateTimeField(_("签署时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("审批意见")
        verbose_name_plural = _("审批意见")
        ordering = ["task", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "round", "level"], name="cases_tasksignoff_one_per_level"
            )
        ]

    def __str__(self):
        return f"{self.task} · {self.get_level_display()}"
