"""Reference data in the Django admin (system administrator; see accounts/permissions.py)."""

from django.contrib import admin
from django.db import models

from .models import Department, ServiceSite, Terminal, Window, WindowAssignment


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "short_name",
        "kind",
        "approves_construction",
        "sort_order",
        "is_active",
    ]
    list_filter = ["kind", "approves_construction", "is_active"]
    search_fields = ["code", "name", "short_name"]
    ordering = ["sort_order", "code"]
    raw_id_fields = ["parent"]


class WindowInline(admin.TabularInline):
    model = Window
    extra = 0
    fields = ["number", "name", "kind", "department", "zone", "is_party_member_post", "is_active"]
    raw_id_fields = ["department"]
    show_change_link = True


class TerminalInline(admin.TabularInline):
    model = Terminal
    extra = 0
    fields = ["code", "location", "installed_on", "is_active"]


@admin.register(ServiceSite)
class ServiceSiteAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "is_standardisation_pilot", "is_active"]
    list_filter = ["kind", "is_standardisation_pilot", "is_active"]
    search_fields = ["code", "name", "address"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]
    inlines = [WindowInline, TerminalInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Window)
class WindowAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "name",
        "site",
        "kind",
        "department",
        "zone",
        "is_party_member_post",
        "is_active",
    ]
    list_filter = ["kind", "is_party_member_post", "is_active", "zone", "department"]
    search_fields = ["number", "name", "zone", "site__name", "department__name"]
    list_select_related = ["site", "department"]
    raw_id_fields = ["site", "department"]


@admin.register(Terminal)
class TerminalAdmin(admin.ModelAdmin):
    list_display = ["code", "site", "location", "installed_on", "is_active"]
    list_filter = ["is_active", "site__kind"]
    search_fields = ["code", "location", "site__name"]
    list_select_related = ["site"]
    raw_id_fields = ["site"]
    date_hierarchy = "installed_on"


@admin.register(WindowAssignment)
class WindowAssignmentAdmin(admin.ModelAdmin):
    list_display = ["window", "user", "started_on", "ended_on"]
    list_filter = ["window__site", "window__department"]
    search_fields = ["window__number", "window__name", "user__display_name", "user__username"]
    list_select_related = ["window__site", "user"]
    raw_id_fields = ["window", "user"]
    date_hierarchy = "started_on"
