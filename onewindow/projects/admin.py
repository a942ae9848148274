"""The configuration of construction projects in the admin: stages (limit, lead department,
guide, form, materials), their items (abolition date, 施工图审查 flag) and the agent groups.
Projects themselves change only through services.py, so they are read-only here."""

from django.contrib import admin

from onewindow.core.admin_readonly import ReadOnlyAdmin

from .models import AgentGroup, Project, Stage, StageItem


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["code", "order", "lead_department", "limit_days"]


@admin.register(StageItem)
class StageItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "stage", "department", "optional", "abolished_after"]
    list_filter = ["stage", "department", "optional"]


@admin.register(AgentGroup)
class AgentGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "order"]
    filter_horizontal = ["members"]


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "investor_name", "kind", "current_stage", "is_key"]
    list_filter = ["kind", "is_key", "current_stage"]
    search_fields = ["code", "name"]
