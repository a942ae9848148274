"""The working-day calendar (exceptions to Mon–Fri) and the working-day clock.

Data and invariants only: every write goes through services.py, the arithmetic lives
in calendar.py and clock.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import NAME_MAX_LENGTH, DayKind, PauseKind, Source, WarningLevel


class CalendarYear(models.Model):
    """A year whose holiday arrangement is authoritative (imported or checked by a person).

    A year without a row still works (Mon–Fri) but is reported as unverified.
    """

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    seeded_at = models.DateTimeField(_("导入或核对时间"), default=timezone.now)
    note = models.CharField(_("备注"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("已核对年度")
        verbose_name_plural = _("已核对年度")
        ordering = ["year"]

    def __str__(self):
        return f"{self.year}"


class CalendarDay(models.Model):
    """One exception to the Mon–Fri rule.

    Rows are holidays on weekdays, make-up working days (调休) on weekends and manual
    overrides. Ordinary weekdays and weekends (including a holiday that falls on a
    weekend) have no row, so the table stays small and the rule stays obvious.
    """

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    kind = models.CharField(_("类别"), max_length=20, choices=DayKind.choices)
    name = models.CharField(_("名称"), max_length=NAME_MAX_LENGTH, blank=True, default="")
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self):
        label = self.name or self.get_kind_display()
        return f"{self.date:%Y-%m-%d} {label}"


class ClockQuerySet(models.QuerySet):
    """Scans are SQL comparisons on the stored dates; no calendar arithmetic per row."""

    def running(self):
        return self.filter(stopped_on__isnull=True, paused_since__isnull=True)

    def overdue(self, today):
        return self.running().filter(due_date__lt=today)

    def red(self, today):
        return self.running().filter(due_date__gte=today, warn_red_on__lte=today)

    def yellow(self, today):
        return self.running().filter(
            due_date__gte=today, warn_yellow_on__lte=today, warn_red_on__gt=today
        )

    def with_level(self, today):
        """Annotate ``level`` with the same answer as clock.warning_level(clock, today)."""
        return self.annotate(
            level=Case(
                When(stopped_on__isnull=False, then=Value(WarningLevel.STOPPED.value)),
                When(paused_since__isnull=False, then=Value(WarningLevel.PAUSED.value)),
                When(due_date__lt=today, then=Value(WarningLevel.OVERDUE.value)),
                When(warn_red_on__lte=today, then=Value(WarningLevel.RED.value)),
                When(warn_yellow_on__lte=today, then=Value(WarningLevel.YELLOW.value)),
                default=Value(WarningLevel.NORMAL.value),
                output_field=models.CharField(),
            )
        )


class Clock(models.Model):
    """A working-day time limit: cases, work orders and measures point at one.

    ``due_date``, ``warn_yellow_on`` and ``warn_red_on`` are stored (and recomputed on
    resume) so that lists and scans compare dates in SQL.
    """

    started_on = models.DateField(_("起算日期"))
    limit_days = models.PositiveIntegerField(_("时限（工作日）"))
    # Snapshot of settings.WORKDAYS_COUNT_FROM_NEXT_DAY when the clock started.
    count_from_next_day = models.BooleanField(_("次日起算"), default=True)
    due_date = models.DateField(_("到期日期"), db_index=True)
    paused_since = models.DateField(_("暂停日期"), null=True, blank=True)
    pause_kind = models.CharField(
        _("暂停原因"), max_length=20, choices=PauseKind.choices, blank=True, default=""
    )
    paused_workdays = models.PositiveIntegerField(_("已暂停工作日"), default=0)
    stopped_on = models.DateField(_("停止日期"), null=True, blank=True)
    warn_yellow_on = models.DateField(_("黄色预警日期"), db_index=True)
    warn_red_on = models.DateField(_("红色预警日期"), db_index=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    objects = ClockQuerySet.as_manager()

    class Meta:
        verbose_name = _("办理时限计时")
        verbose_name_plural = _("办理时限计时")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_date__gte=models.F("started_on")),
                name="workdays_clock_due_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.started_on:%Y-%m-%d} +{self.limit_days} → {self.due_date:%Y-%m-%d}"

    @property
    def is_paused(self) -> bool:
        return self.paused_since is not None

    @property
    def is_stopped(self) -> bool:
        return self.stopped_on is not None


class ClockPause(models.Model):
    """One pause of a clock: waiting for the applicant, an expert review, a hearing…"""

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField(_("暂停原因"), max_length=20, choices=PauseKind.choices)
    started_on = models.DateField(_("暂停日期"))
    ended_on = models.DateField(_("恢复日期"), null=True, blank=True)
    # Working days not counted because of this pause; set when it ends.
    workdays = models.PositiveIntegerField(_("暂停工作日"), default=0)

    class Meta:
        verbose_name = _("暂停计时记录")
        verbose_name_plural = _("暂停计时记录")
        ordering = ["started_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.started_on:%Y-%m-%d}"
