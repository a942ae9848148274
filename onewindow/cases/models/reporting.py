"""Warnings raised by the daily deadline scan, and the categories statistics count by."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.core.workdays.constants import WarningLevel

from ..constants import ClockKind


class CaseWarning(models.Model):
    """A warning level a case's clock reached; raised once per case, clock and level."""

    # No database-level foreign key and no index of its own (migration 0005): the daily
    # scan writes these rows set-based from the cases it reads in the same statement, and
    # checking the key row by row (a FOR KEY SHARE lock on every warned case) was 40 % of
    # a scan over a million open cases. Deleting a case still deletes its warnings (the
    # ORM cascades); lookups by case use the unique index below, which starts with it.
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="warnings",
        db_constraint=False,
        db_index=False,
    )
    clock_kind = models.CharField(_("时限"), max_length=20, choices=ClockKind.choices)
    level = models.CharField(_("预警等级"), max_length=20, choices=WarningLevel.choices)
    raised_on = models.DateField(_("预警日期"))
    due_date = models.DateField(_("届满日期"))

    class Meta:
        verbose_name = _("办件预警")
        verbose_name_plural = _("办件预警")
        ordering = ["-raised_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "clock_kind", "level"], name="cases_warning_once"
            )
        ]

    def __str__(self):
        return f"{self.case} {self.get_level_display()}"


class ReportCategory(models.Model):
    """A kind of case as the bureau reports it (投资项目备案, 施工许可 …): a set of items."""

    code = models.SlugField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("统计类别"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    unit = models.CharField(_("计量单位"), max_length=10, default="件")
    items = models.ManyToManyField(
        "catalog.ServiceItem", verbose_name=_("事项"), related_name="report_categories", blank=True
    )

    class Meta:
        verbose_name = _("统计类别")
        verbose_name_plural = _("统计类别")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name
