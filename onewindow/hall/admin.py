"""Reference data of hall supervision in the admin (system administrator): the staff
assessment's indicators, training sessions, the 党员示范岗 roster and its branch's
activities, and the pilots' assessment rounds. Everything else changes through the
supervision pages and their services."""

from django.contrib import admin

from .models import PartyActivity, PartyMember, PerformanceIndicator, PilotRound, Training


@admin.register(PerformanceIndicator)
class PerformanceIndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "max_points", "sort_order", "is_active"]
    list_filter = ["is_active"]


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "held_on", "hours", "venue_name"]
    list_filter = ["kind"]
    date_hierarchy = "held_on"
    filter_horizontal = ["attendees"]


@admin.register(PartyMember)
class PartyMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "window", "branch_name", "is_active"]
    list_filter = ["is_active"]
    raw_id_fields = ["user", "window"]


@admin.register(PartyActivity)
class PartyActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "held_on"]
    filter_horizontal = ["attendees"]


@admin.register(PilotRound)
class PilotRoundAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "item_max_points"]
