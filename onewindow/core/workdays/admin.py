"""Admin pages for the calendar; every change goes through services (audited).

Clocks are shown read-only: they change only through the apps that own them.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied

from onewindow.core.errors import DomainError, PermissionDenied

from . import services
from .models import CalendarDay, CalendarYear, Clock, ClockPause


def _call(func, *args, request, **kwargs):
    """Call a service; a refusal is a 403 page, any other domain error a message."""
    try:
        return func(*args, request=request, **kwargs)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        return None


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    audit_in_services = True  # set_day and clear_day record the change
    list_display = ("date", "is_workday", "kind", "name", "source", "updated_by", "updated_at")
    list_filter = ("kind", "source", "is_workday")
    date_hierarchy = "date"
    search_fields = ("name",)
    fields = ("date", "is_workday", "name")

    def get_readonly_fields(self, request, obj=None):
        return ("date",) if obj else ()

    def save_model(self, request, obj, form, change):
        row = _call(
            services.set_day,
            request.user,
            obj.date,
            obj.is_workday,
            obj.name,
            request=request,
        )
        if row is not None:
            obj.pk = row.pk

    def delete_model(self, request, obj):
        _call(services.clear_day, request.user, obj.date, request=request)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year", "source", "seeded_at", "note")
    fields = ("year", "note")
    audit_in_services = True  # verify_year and unverify_year record the change

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        row = _call(services.verify_year, request.user, obj.year, note=obj.note, request=request)
        if row is not None:
            obj.pk = row.pk

    def delete_model(self, request, obj):
        _call(services.unverify_year, request.user, obj.year, request=request)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class ClockPauseInline(admin.TabularInline):
    model = ClockPause
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "started_on", "ended_on", "workdays")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Clock)
class ClockAdmin(admin.ModelAdmin):
    list_display = ("id", "started_on", "limit_days", "due_date", "paused_since", "stopped_on")
    list_filter = ("stopped_on",)
    inlines = [ClockPauseInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
