"""好差评 and work orders in the Django admin: read-only reference, because every change
goes through the services (tokens, remedies, the closed loop, audit).

Personal data stays out: free text (comments, order content, replies, callback notes) is
shown with ID numbers and phones masked, the requester's phone only masked, the token's key
not at all; users appear by display name.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from onewindow.core.admin_readonly import ReadOnlyAdmin, ReadOnlyInline
from onewindow.core.pii.masking import mask_text

from .models import Rating, RatingPush, RatingToken, WorkOrder, WorkOrderEvent


def _masked(label):
    def decorate(func):
        return admin.display(description=label)(lambda self, obj: mask_text(func(obj) or ""))

    return decorate


@admin.register(RatingToken)
class RatingTokenAdmin(ReadOnlyAdmin):
    list_display = ("id", "channel", "case", "window", "department", "visited_at", "used_at")
    list_filter = ("channel",)
    list_select_related = ("case", "window", "department")
    fields = ("channel", "case", "window", "staff", "department", "visited_at", "expires_on")
    readonly_fields = fields
    search_fields = ("case__number",)


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ("id", "created_at", "level", "is_bad", "channel", "department", "appeal_status")
    list_filter = ("is_bad", "level", "channel", "appeal_status")
    list_select_related = ("department",)
    date_hierarchy = "created_at"
    search_fields = ("case__number",)
    fields = (
        "level",
        "channel",
        "scores",
        "masked_comment",
        "is_bad",
        "case",
        "window",
        "staff",
        "department",
        "rater_kind",
        "is_real_name",
        "created_at",
        "appeal_status",
        "masked_appeal_reason",
        "appeal_decided_by",
        "appeal_decided_at",
        "masked_appeal_ruling",
    )
    readonly_fields = fields

    masked_comment = _masked(_("评价内容"))(lambda obj: obj.comment)
    masked_appeal_reason = _masked(_("申诉理由"))(lambda obj: obj.appeal_reason)
    masked_appeal_ruling = _masked(_("审核意见"))(lambda obj: obj.appeal_ruling)


@admin.register(RatingPush)
class RatingPushAdmin(ReadOnlyAdmin):
    list_display = ("rating", "backend", "status", "attempts", "pushed_at")
    list_filter = ("status", "backend")
    fields = ("rating", "backend", "status", "attempts", "error", "pushed_at", "payload")
    readonly_fields = fields


class WorkOrderEventInline(ReadOnlyInline):
    model = WorkOrderEvent
    fields = ("created_at", "action", "actor", "masked_note")
    readonly_fields = fields

    masked_note = _masked(_("说明"))(lambda obj: obj.note)


@admin.register(WorkOrder)
class WorkOrderAdmin(ReadOnlyAdmin):
    list_display = (
        "number",
        "source",
        "kind",
        "status",
        "department",
        "received_at",
        "due_at",
        "closed_at",
        "escalation",
    )
    list_filter = ("status", "source", "kind", "escalation")
    list_select_related = ("department",)
    date_hierarchy = "received_at"
    search_fields = ("number", "external_number")
    inlines = [WorkOrderEventInline]
    fields = (
        "number",
        "source",
        "kind",
        "status",
        "subject",
        "masked_content",
        "requester_name",
        "requester_phone",
        "is_real_name",
        "external_number",
        "department",
        "handler",
        "case",
        "window",
        "rating",
        "received_at",
        "due_at",
        "escalation",
        "masked_verification",
        "masked_reply",
        "replied_at",
        "callback_at",
        "callback_by",
        "callback_result",
        "masked_callback_note",
        "closed_at",
        "satisfaction",
    )
    readonly_fields = fields

    masked_content = _masked(_("诉求内容"))(lambda obj: obj.content)
    masked_verification = _masked(_("核实情况"))(lambda obj: obj.verification)
    masked_reply = _masked(_("答复内容"))(lambda obj: obj.reply)
    masked_callback_note = _masked(_("回访记录"))(lambda obj: obj.callback_note)
