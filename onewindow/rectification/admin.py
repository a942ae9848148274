"""The rectification ledger in the Django admin: read-only reference, because every change
goes through the ledger's services (close-out workflow, escalation, audit) or the import.

Personal data stays out: the public's feedback on a report is shown with ID numbers and
phones masked; evidence files are listed by name only (no download link here: evidence is
served through the ledger's permission-checked page); users appear by display name.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from onewindow.core.admin_readonly import ReadOnlyAdmin, ReadOnlyInline
from onewindow.core.pii.masking import mask_text

from .models import (
    Accountability,
    AccountabilityType,
    Category,
    Inspection,
    LedgerEvent,
    Measure,
    MeasureOutput,
    Problem,
    ProgressReport,
    ProgressUpdate,
    ReportFeedback,
)


class CategoryInline(ReadOnlyInline):
    model = Category
    fields = ("sort_order", "title", "parent")
    readonly_fields = fields


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ("title", "inspection_group", "feedback_on", "report_due_on")
    search_fields = ("title", "inspection_group", "inspected_unit")
    fields = (
        "title",
        "kind",
        "round_name",
        "inspection_group",
        "inspected_unit",
        "period_start",
        "period_end",
        "feedback_on",
        "report_due_on",
        "previous",
    )
    readonly_fields = fields
    inlines = (CategoryInline,)


class MeasureInline(ReadOnlyInline):
    model = Measure
    fields = ("sort_order", "content", "kind", "responsible_unit", "due_date", "status")
    readonly_fields = fields


class AccountabilityInline(ReadOnlyInline):
    model = Accountability
    fields = ("person_name", "position", "kind", "decided_on")
    readonly_fields = fields


@admin.register(Problem)
class ProblemAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "inspection", "category", "status", "closed_at")
    list_filter = ("status",)
    search_fields = ("title",)
    list_select_related = ("inspection", "category")
    fields = ("inspection", "category", "number", "title", "description", "status", "closed_at")
    readonly_fields = fields
    inlines = (MeasureInline, AccountabilityInline)


class ProgressUpdateInline(ReadOnlyInline):
    model = ProgressUpdate
    fields = ("created_at", "author", "text")
    readonly_fields = fields


class MeasureOutputInline(ReadOnlyInline):
    model = MeasureOutput
    fields = ("kind", "title", "document_number", "issued_on")
    readonly_fields = fields


@admin.register(Measure)
class MeasureAdmin(ReadOnlyAdmin):
    list_display = (
        "problem",
        "short_content",
        "kind",
        "responsible_unit",
        "responsible_leader",
        "due_date",
        "status",
        "escalation",
    )
    list_filter = ("status", "kind", "escalation", "responsible_unit")
    search_fields = ("content", "responsible_leader")
    list_select_related = ("problem", "responsible_unit")
    fields = (
        "problem",
        "sort_order",
        "content",
        "kind",
        "responsible_leader",
        "responsible_unit",
        "due_date",
        "status",
        "escalation",
        "target_metric",
        "target_comparison",
        "target_value",
        "accepted_by",
        "accepted_at",
        "acceptance_note",
        "confirmed_by",
        "confirmed_at",
        "target_unmet_reason",
        "closed_at",
    )
    readonly_fields = fields
    inlines = (ProgressUpdateInline, MeasureOutputInline)

    @admin.display(description=_("整改措施"))
    def short_content(self, obj):
        return obj.content[:40]


@admin.register(Accountability)
class AccountabilityAdmin(ReadOnlyAdmin):
    list_display = ("person_name", "position", "kind", "decided_on", "problem")
    list_filter = ("kind",)
    list_select_related = ("problem",)
    fields = (
        "problem",
        "person_name",
        "position",
        "kind",
        "decided_on",
        "document_number",
        "note",
    )
    readonly_fields = fields


@admin.register(AccountabilityType)
class AccountabilityTypeAdmin(ReadOnlyAdmin):
    """The office keeps this list on its page (问责方式), through the ledger's services."""

    list_display = ("name", "source", "sort_order", "active")
    list_filter = ("source", "active")
    fields = ("code", "name", "source", "sort_order", "active")
    readonly_fields = fields


@admin.register(LedgerEvent)
class LedgerEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "problem", "measure", "action", "actor")
    list_filter = ("action",)
    list_select_related = ("problem", "measure", "actor")
    fields = ("created_at", "problem", "measure", "action", "actor", "note")
    readonly_fields = fields


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ("title", "inspection", "status", "created_at", "published_at")
    list_filter = ("status",)
    list_select_related = ("inspection",)
    fields = (
        "inspection",
        "title",
        "status",
        "created_by",
        "created_at",
        "published_by",
        "published_at",
        "slug",
    )
    readonly_fields = fields


@admin.register(ReportFeedback)
class ReportFeedbackAdmin(ReadOnlyAdmin):
    list_display = ("report", "masked_content", "work_order", "created_at")
    list_select_related = ("report", "work_order")
    fields = ("report", "masked_name", "masked_content", "work_order", "created_at")
    readonly_fields = fields

    @admin.display(description=_("姓名"))
    def masked_name(self, obj):
        return mask_text(obj.name or "")

    @admin.display(description=_("意见建议"))
    def masked_content(self, obj):
        return mask_text(obj.content or "")[:200]
