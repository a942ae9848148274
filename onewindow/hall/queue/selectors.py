"""Reads of the queue: the hall display, waiting times for the board, idle windows."""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Avg, Count, F, Max
from django.utils import timezone
from django.utils.translation import get_language

from onewindow.core.shared_cache import shared_cache
from onewindow.org.constants import SiteKind
from onewindow.org.models import ServiceSite

from ..models import AttendanceRecord, Ticket
from ..models.queue import TicketStatus

DISPLAY_ROWS = 12
# The display's rows are cached this long; every write to the day's tickets (take, call,
# recall, no-show, transfer) deletes them, so a cached screen is at most this old only when
# a reader raced a write (it read before the write committed and stored after the delete).
DISPLAY_CACHE_SECONDS = 3


def hall_site() -> ServiceSite | None:
    return (
        ServiceSite.objects.filter(kind=SiteKind.SERVICE_HALL, is_active=True)
        .order_by("pk")
        .first()
    )


def display(site, day: date) -> dict:
    """What the large screen shows: the latest called numbers and who waits per zone.

    Two indexed queries (hall_ticket_called, hall_ticket_next)."""
    called = list(
        Ticket.objects.filter(site=site, service_date=day, called_at__isnull=False)
        .filter(status=TicketStatus.CALLED)
        .order_by("-called_at")
        .values("number", "window__number", "window__name", "zone_name", "recalls")[:DISPLAY_ROWS]
    )
    waiting = list(
        Ticket.objects.filter(site=site, service_date=day, status=TicketStatus.WAITING)
        .values("zone_name")
        .annotate(n=Count("pk"))
        .order_by("zone_name")
    )
    return {"called": called, "waiting": waiting}


def _display_key(day: date, language: str) -> str:
    return f"hall:display:{day.isoformat()}:{language}"


def cached_display(day: date, render) -> tuple:
    """(site, rows_html) of the hall's display on ``day``: from the cache, else ``render``'s
    (``render(site, screen)`` gives the rows' HTML). (None, "") when there is no hall."""
    key = _display_key(day, get_language() or settings.LANGUAGE_CODE)
    hit = shared_cache.get(key)
    if hit is not None:
        return hit
    site = hall_site()
    if site is None:
        return None, ""
    value = (site, render(site, display(site, day)))
    shared_cache.set(key, value, DISPLAY_CACHE_SECONDS)
    return value


def forget_display(day: date) -> None:
    """Drop the cached display of ``day`` now and again when the write commits."""
    keys = [_display_key(day, code) for code, _name in settings.LANGUAGES]
    shared_cache.delete_many(keys)
    transaction.on_commit(lambda: shared_cache.delete_many(keys))


def waits_today(day: date, site=None) -> dict:
    """Average waiting minutes per zone today (taken or slot to called)."""
    site = site or hall_site()
    rows = (
        Ticket.objects.filter(site=site, service_date=day, called_at__isnull=False)
        .values("zone_name")
        .annotate(avg=Avg(F("called_at") - F("taken_at")), n=Count("pk"))
        .order_by("zone_name")
    )
    zones = []
    total_seconds, total = 0.0, 0
    for row in rows:
        seconds = duration_seconds(row["avg"])
        zones.append(
            {"zone": row["zone_name"], "minutes": round(seconds / 60, 1), "count": row["n"]}
        )
        total_seconds += seconds * row["n"]
        total += row["n"]
    waiting = Ticket.objects.filter(
        site=site, service_date=day, status=TicketStatus.WAITING
    ).count()
    return {
        "zones": zones,
        "called": total,
        "waiting": waiting,
        "average": round(total_seconds / total / 60, 1) if total else None,
    }


def duration_seconds(value) -> float:
    if value is None:
        return 0.0
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value) / 1_000_000  # SQLite returns microseconds


def idle_windows(now, minutes: int) -> list:
    """Windows whose staff clocked in today but called nobody in the last ``minutes``."""
    day = timezone.localdate(now)
    since = now - timedelta(minutes=minutes)
    open_windows = set(
        AttendanceRecord.objects.filter(day=day, clock_in__isnull=False, clock_out__isnull=True)
        .exclude(window__isnull=True)
        .values_list("window_id", flat=True)
    )
    last = dict(
        Ticket.objects.filter(service_date=day, window_id__in=open_windows)
        .values("window_id")
        .annotate(last=Max("called_at"))
        .values_list("window_id", "last")
    )
    return sorted(w for w in open_windows if (last.get(w) or since) <= since)
