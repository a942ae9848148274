"""The catalogue in the Django admin: read-only, because every change goes through the
services (validation, versioning, audit). Edit items in the management pages instead.
"""

from django.contrib import admin

from onewindow.core.admin_readonly import ReadOnlyAdmin

from .models import Bundle, Industry, ItemVersion, MaterialType, ServiceItem


@admin.register(ServiceItem)
class ServiceItemAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "department", "published_version"]
    list_filter = ["department"]
    search_fields = ["code", "name", "name_initials"]
    list_select_related = ["department", "published_version"]


@admin.register(ItemVersion)
class ItemVersionAdmin(ReadOnlyAdmin):
    list_display = ["item", "number", "status", "valid_from", "valid_to", "published_at"]
    list_filter = ["status", "kind"]
    search_fields = ["item__code", "name"]
    list_select_related = ["item"]


@admin.register(Bundle)
class BundleAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "lead_department", "at_general_window", "is_published"]
    list_filter = ["at_general_window", "is_published"]
    search_fields = ["code", "name"]
    list_select_related = ["lead_department"]


@admin.register(Industry)
class IndustryAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "lead_department", "promised_limit_days", "is_pilot"]
    search_fields = ["code", "name"]
    list_select_related = ["lead_department"]


@admin.register(MaterialType)
class MaterialTypeAdmin(ReadOnlyAdmin):
    list_display = ["name"]
    search_fields = ["name"]
