"""Read-only admin classes: areas whose every change goes through their services show
their rows here for reference only, so the admin can never bypass a workflow or its audit."""

from django.contrib import admin


class _NoWrites:
    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(_NoWrites, admin.ModelAdmin):
    def has_add_permission(self, request):
        return False


class ReadOnlyInline(_NoWrites, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False
