"""Accounts in the admin: read-only. Changes go through the accounts pages and services."""

from django.contrib import admin

from onewindow.core.admin_readonly import ReadOnlyAdmin

from .models import ApiToken, User, UserRole, UserSession


class UserRoleInline(admin.TabularInline):
    model = UserRole
    fk_name = "user"
    fields = ("role", "granted_by", "granted_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = (
        "username",
        "display_name",
        "kind",
        "department",
        "admin_role",
        "phone",
        "is_active",
    )
    list_filter = ("kind", "admin_role", "is_active", "department")
    search_fields = ("username", "display_name")
    # Personal data shows masked (the field hands back Masked values); indexes never show.
    fields = (
        "username",
        "display_name",
        "kind",
        "department",
        "admin_role",
        "phone",
        "id_number",
        "uscc",
        "contact_name",
        "is_active",
        "must_change_password",
        "password_changed_at",
        "last_login",
        "date_joined",
    )
    inlines = [UserRoleInline]


@admin.register(UserRole)
class UserRoleAdmin(ReadOnlyAdmin):
    list_display = ("user", "role", "granted_by", "granted_at")
    list_filter = ("role",)


@admin.register(UserSession)
class UserSessionAdmin(ReadOnlyAdmin):
    list_display = ("user", "created_at", "ip_address")


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("user", "name", "prefix", "created_at", "expires_at", "revoked_at")
    exclude = ("digest",)
