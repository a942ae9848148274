"""The audit log in the Django admin: read-only, and only for the audit administrator."""

from django.contrib import admin

from .models import AuditEvent
from .selectors import can_read_audit


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("id", "occurred_at", "actor_name", "action", "object_repr", "result")
    list_filter = ("result", "action")
    search_fields = ("actor_name", "object_repr", "object_id", "summary")
    date_hierarchy = "occurred_at"
    ordering = ("-id",)
    show_full_result_count = False
    # actor_name is the snapshot to show; the actor link may point at a deleted user.
    readonly_fields = ["actor_id" if f.name == "actor" else f.name for f in AuditEvent._meta.fields]
    fields = readonly_fields

    def has_module_permission(self, request):
        return can_read_audit(request.user)

    def has_view_permission(self, request, obj=None):
        return can_read_audit(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
