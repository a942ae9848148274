"""Queue pages: the ticket machine (public, throttled), the window's calling desk, and the
hall's large display that refreshes itself with htmx."""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from onewindow.core import throttle
from onewindow.core.errors import DomainError, InvalidInput
from onewindow.org.models import Window

from ..supervision import common
from . import selectors, services

TAKE_LIMIT = 30
TAKE_SECONDS = 600


def _zones(site):
    return sorted(
        set(
            Window.objects.filter(site=site, is_active=True)
            .exclude(zone="")
            .values_list("zone", flat=True)
        )
    )


@require_http_methods(["GET", "POST"])
def take(request):
    site = selectors.hall_site()
    if site is None:
        raise Http404
    ticket = None
    if request.method == "POST":
        try:
            throttle.take(
                "hall-ticket",
                request,
                limit=TAKE_LIMIT,
                seconds=TAKE_SECONDS,
                message=_("取号过于频繁，请稍后再试"),
            )
            slot = request.POST.get("slot_start") or ""
            slot_start = None
            if slot:
                try:
                    slot_start = timezone.make_aware(datetime.fromisoformat(slot))
                except ValueError as exc:
                    raise InvalidInput(_("预约时段格式不正确"), field="slot_start") from exc
            ticket = services.take(
                site,
                request.POST.get("zone", ""),
                id_number=request.POST.get("id_number", "").strip(),
                phone=request.POST.get("phone", "").strip(),
                slot_start=slot_start,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
    context = {"site": site, "zones": _zones(site), "ticket": ticket}
    return render(request, "hall/queue_take.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def desk(request):
    """The clerk's calling desk for the window they are on duty at today."""
    today = timezone.localdate()
    window = common.window_of(request.user, today)
    if window is None and not request.user.has_role(*common.WINDOW_STAFF):
        common.require_reader(request.user)
    if request.method == "POST" and window is not None:
        action = request.POST.get("action")
        ticket = request.POST.get("ticket")
        try:
            if action == "call":
                called = services.call_next(request.user, window, on_duty=True)
                if called is None:
                    messages.info(request, _("暂无等候的号码"))
                else:
                    messages.success(
                        request,
                        _("请%(number)s号到%(window)s窗口")
                        % {"number": called.number, "window": window.number},
                    )
            elif action == "recall":
                services.recall(request.user, ticket)
            elif action == "no_show":
                services.no_show(request.user, ticket)
            elif action == "transfer":
                services.transfer(request.user, ticket, request.POST.get("to_window"))
                messages.success(request, _("已转窗口"))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("hall:desk")
    context = {
        "window": window,
        "now_serving": services.current(window, today) if window else None,
        "others": Window.objects.filter(site=window.site, is_active=True).exclude(pk=window.pk)
        if window
        else [],
        "waits": selectors.waits_today(today, window.site) if window else None,
    }
    return render(request, "hall/queue_desk.html", context)


@require_GET
def display(request):
    """The hall's large screen; htmx reloads the numbers every few seconds.

    The rows are rendered once and cached briefly (selectors.cached_display); the full page
    wraps the same rows."""

    def rows(site, screen):
        return render_to_string(
            "hall/queue_display_rows.html", {"site": site, "screen": screen}, request=None
        )

    site, html = selectors.cached_display(timezone.localdate(), rows)
    if site is None:
        raise Http404
    if request.headers.get("HX-Request"):
        return HttpResponse(html)
    return render(request, "hall/queue_display.html", {"site": site, "rows": mark_safe(html)})  # noqa: S308  (our own template's output)
