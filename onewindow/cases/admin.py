"""Cases in the Django admin: read-only reference, because every change goes through the
services (workflow, clocks, audit). Instant-approval rules are set with
``instant.set_rules`` (it validates the parameters against the item's form and audits).

Personal data stays out: the form's content (it may hold ID numbers typed in full), the
certificate's content and verification token, postal addresses and stored files are not
shown; users appear by display name.
"""

from django import forms
from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from onewindow.core.admin_readonly import ReadOnlyAdmin, ReadOnlyInline
from onewindow.core.errors import DomainError

from .models import (
    ApplicantDocument,
    Case,
    CaseEvent,
    CaseMaterial,
    CaseWarning,
    Certificate,
    ConditionalPromise,
    DeficiencyNotice,
    Delivery,
    DepartmentTask,
    InstantRule,
    ReportCategory,
    ReviewChain,
    SignoffGrant,
)


class CaseMaterialInline(ReadOnlyInline):
    model = CaseMaterial
    fields = ("order", "name", "required", "conditional_eligible", "status", "supplied_at")
    readonly_fields = fields


class DepartmentTaskInline(ReadOnlyInline):
    model = DepartmentTask
    fields = ("department", "status", "due_on", "decided_by", "decided_at", "reason")
    readonly_fields = fields


class CaseEventInline(ReadOnlyInline):
    model = CaseEvent
    fields = ("created_at", "action", "status_from", "status_to", "actor", "department", "note")
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = (
        "number",
        "item_version",
        "bundle",
        "applicant",
        "channel",
        "status",
        "handling_mode",
        "decision",
        "submitted_at",
    )
    list_filter = ("status", "channel", "handling_mode", "decision")
    search_fields = ("number",)
    list_select_related = ("item_version", "bundle", "applicant")
    date_hierarchy = "submitted_at"
    # No form_data: an applicant may have typed an ID number or phone in full.
    fields = (
        "number",
        "applicant",
        "item_version",
        "bundle",
        "industry",
        "channel",
        "status",
        "handling_mode",
        "instant_results",
        "submitted_at",
        "accepted_at",
        "accepted_by",
        "decided_at",
        "decision",
        "decision_reason",
        "concluded_at",
        "statutory_clock",
        "promised_clock",
        "delivery_clock",
        "extended_days",
        "extension_reason",
    )
    readonly_fields = fields
    inlines = (CaseMaterialInline, DepartmentTaskInline, CaseEventInline)

    @admin.display(description=_("秒批校验结果"))
    def instant_results(self, obj):
        checks = obj.instant_checks if isinstance(obj.instant_checks, list) else []
        if not checks:
            return "-"
        return format_html_join(
            "\n",
            "<div>{} {}</div>",
            (
                ("✔" if c.get("passed") else "✘", c.get("message", ""))
                for c in checks
                if isinstance(c, dict)
            ),
        )


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ("case", "action", "status_from", "status_to", "actor", "created_at")
    list_filter = ("action", "status_to")
    search_fields = ("case__number",)
    list_select_related = ("case", "actor")


@admin.register(DepartmentTask)
class DepartmentTaskAdmin(ReadOnlyAdmin):
    list_display = ("case", "department", "status", "due_on", "decided_by", "decided_at")
    list_filter = ("status", "department")
    search_fields = ("case__number",)
    list_select_related = ("case", "department", "decided_by")


@admin.register(ConditionalPromise)
class ConditionalPromiseAdmin(ReadOnlyAdmin):
    list_display = ("case", "applicant", "promise_date", "status", "signed_at", "closed_at")
    list_filter = ("status",)
    search_fields = ("case__number",)
    list_select_related = ("case", "applicant")


@admin.register(DeficiencyNotice)
class DeficiencyNoticeAdmin(ReadOnlyAdmin):
    list_display = ("case", "issued_by", "issued_at", "supplemented_at")
    search_fields = ("case__number",)
    list_select_related = ("case", "issued_by")


@admin.register(CaseWarning)
class CaseWarningAdmin(ReadOnlyAdmin):
    list_display = ("case", "clock_kind", "level", "raised_on", "due_date")
    list_filter = ("clock_kind", "level")
    search_fields = ("case__number",)
    list_select_related = ("case",)


@admin.register(InstantRule)
class InstantRuleAdmin(ReadOnlyAdmin):
    list_display = ("item", "order", "kind", "params", "message", "is_active")
    list_filter = ("kind", "is_active", "item__department")
    search_fields = ("item__code", "item__name")
    list_select_related = ("item",)


@admin.register(ReportCategory)
class ReportCategoryAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "order", "unit")
    list_filter = ("unit", "items__department")
    search_fields = ("code", "name")
    fields = ("code", "name", "order", "unit", "items")


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "case", "kind", "holder_name", "issued_on", "status")
    list_filter = ("kind", "status")
    search_fields = ("number", "case__number")
    list_select_related = ("case",)
    # Not the content (it may carry an ID number) nor the verification token.
    fields = (
        "number",
        "case",
        "kind",
        "industry",
        "title",
        "holder_name",
        "issuer",
        "issued_on",
        "valid_until",
        "issued_by",
        "status",
        "revoked_reason",
        "elicence_code",
        "elicence_pushed_at",
    )


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ("case", "method", "courier", "tracking_number", "delivered_at")
    list_filter = ("method",)
    search_fields = ("case__number",)
    list_select_related = ("case",)
    fields = ("case", "method", "courier", "tracking_number", "delivered_at", "recorded_by")


@admin.register(ApplicantDocument)
class ApplicantDocumentAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "owner", "material_type", "size", "uploaded_at")
    list_filter = ("material_type",)
    list_select_related = ("owner", "material_type")
    # Not the file (served only through the checked download) nor its token.
    fields = (
        "owner",
        "material_type",
        "original_name",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
        "valid_until",
    )


# Sign-off levels (decision 0021): reference data the system administrator keeps, audited
# by the admin site like every other change.
class ReviewChainForm(forms.ModelForm):
    class Meta:
        model = ReviewChain
        fields = ("item", "levels")

    def clean_levels(self):
        from .services import clean_levels

        try:
            return ",".join(clean_levels(self.cleaned_data.get("levels")))
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from None


@admin.register(ReviewChain)
class ReviewChainAdmin(admin.ModelAdmin):
    form = ReviewChainForm
    list_display = ("item", "levels")
    search_fields = ("item__code", "item__name")
    raw_id_fields = ("item",)


@admin.register(SignoffGrant)
class SignoffGrantAdmin(admin.ModelAdmin):
    list_display = ("user", "level", "granted_at")
    list_filter = ("level",)
    raw_id_fields = ("user",)
