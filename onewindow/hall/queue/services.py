"""取号叫号: take a ticket (on site by ID or phone, or booked for a slot), call the next one
at a window, recall, transfer, mark a no-show.

A window calls the oldest waiting ticket of its zone whose time has come (booked tickets
wait from their slot); a ticket transferred to a window is called by that window first.
Calling takes the ticket under a row lock that other windows skip (FOR UPDATE SKIP LOCKED),
so two windows never call the same one and neither waits for the other.
Calling the next ticket closes the window's previous one. The holder's ID or phone is kept
only as a blind index (one waiting ticket per person per day).
"""

from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.constants import Role
from onewindow.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from onewindow.core.pii import crypto
from onewindow.core.pii.validators import validate_id_number, validate_phone
from onewindow.org.models import ServiceSite, Window, WindowAssignment

from ..models import Ticket
from ..models.queue import TicketChannel, TicketStatus
from . import selectors

NUMBER_ATTEMPTS = 5


def zone_prefix(site, zone: str) -> str:
    first = (
        Window.objects.filter(site=site, zone=zone, is_active=True)
        .order_by("number")
        .values_list("number", flat=True)
        .first()
    )
    if first is None:
        raise InvalidInput(_("该服务专区不存在"), field="zone")
    return first[0] if first[0].isalpha() else "Q"


def _holder(id_number, phone) -> str:
    if id_number:
        return crypto.blind_index(validate_id_number(id_number), "id_number")
    if phone:
        return crypto.blind_index(validate_phone(phone), "phone")
    raise InvalidInput(_("请刷身份证或输入手机号码取号"), field="phone")


def take(site, zone, *, id_number="", phone="", slot_start=None, now=None) -> Ticket:
    """A ticket for ``zone`` at ``site`` today (or on the slot's day when booked)."""
    if not isinstance(site, ServiceSite):
        site = ServiceSite.objects.filter(pk=site, is_active=True).first()
        if site is None:
            raise InvalidInput(_("该服务站点不存在"), field="site")
    zone = (zone or "").strip()
    prefix = zone_prefix(site, zone)
    holder = _holder(id_number, phone)
    now = now or timezone.now()
    if slot_start is not None:
        if not isinstance(slot_start, datetime):
            raise InvalidInput(_("请选择预约时段"), field="slot_start")
        if slot_start < now:
            raise InvalidInput(_("预约时段不能早于现在"), field="slot_start")
    taken_at = slot_start or now
    day = timezone.localdate(taken_at)
    waiting = Ticket.objects.filter(
        site=site, service_date=day, holder_index=holder, status=TicketStatus.WAITING
    )
    if waiting.exists():
        raise Conflict(_("您已有等候中的号码，请勿重复取号"))
    for _attempt in range(NUMBER_ATTEMPTS):
        seq = Ticket.objects.filter(site=site, service_date=day, number__startswith=prefix).count()
        try:
            with transaction.atomic():
                ticket = Ticket.objects.create(
                    site=site,
                    zone_name=zone,
                    service_date=day,
                    number=f"{prefix}{seq + 1:03d}",
                    channel=TicketChannel.BOOKED if slot_start else TicketChannel.ON_SITE,
                    holder_index=holder,
                    slot_start=slot_start,
                    taken_at=taken_at,
                )
        except IntegrityError:
            continue
        selectors.forget_display(day)
        return ticket
    raise Conflict(_("取号人数较多，请稍后重试"))


def _require_at_window(user, window) -> None:
    if not (user is not None and user.is_active and user.has_role(Role.CLERK, Role.AGENT)):
        raise PermissionDenied(_("只有窗口工作人员可以叫号"))
    today = timezone.localdate()
    assigned = (
        WindowAssignment.objects.filter(window=window, user=user, started_on__lte=today)
        .exclude(ended_on__lt=today)
        .exists()
    )
    if not assigned:
        raise PermissionDenied(_("您不在该窗口上岗，不能叫号"))


def _window(window) -> Window:
    if isinstance(window, Window):
        return window
    found = Window.objects.filter(pk=window).select_related("site").first()
    if found is None:
        raise NotFound(_("该窗口不存在"))
    return found


# PostgreSQL: closing the window's ticket and taking the next is one statement (one round
# trip, autocommit). FOR UPDATE SKIP LOCKED passes over a ticket another window is taking
# at this instant, and the re-check of status = 'waiting' passes over one it already took.
_CALL_SQL = """
WITH closed AS (
    UPDATE hall_ticket SET status = 'done', finished_at = %(now)s
    WHERE site_id = %(site)s AND service_date = %(day)s AND window_id = %(window)s
      AND status = 'called'
), next AS (
    SELECT id FROM hall_ticket
    WHERE site_id = %(site)s AND service_date = %(day)s AND status = 'waiting'
      AND taken_at <= %(now)s
      AND (window_id = %(window)s OR (zone_name = %(zone)s AND window_id IS NULL))
    ORDER BY (window_id IS NULL), taken_at, id
    LIMIT 1
    FOR UPDATE SKIP LOCKED
)
UPDATE hall_ticket AS t
SET status = 'called', window_id = %(window)s, clerk_id = %(clerk)s, called_at = %(now)s
FROM next WHERE t.id = next.id
RETURNING t.*
"""


def call_next(user, window, *, now=None, on_duty=False) -> Ticket | None:
    """Close the window's current ticket and call the next; None when nobody waits.

    ``on_duty``: the caller already found ``window`` from the user's assignment today.
    Tickets transferred to this window come first, then the zone's oldest whose time has
    come. On PostgreSQL one statement (_CALL_SQL); elsewhere a transaction that locks the
    next ticket (select_for_update skip_locked, a no-op on SQLite, whose writes serialise)."""
    window = _window(window)
    if not on_duty:
        _require_at_window(user, window)
    elif not (user is not None and user.is_active and user.has_role(Role.CLERK, Role.AGENT)):
        raise PermissionDenied(_("只有窗口工作人员可以叫号"))
    now = now or timezone.now()
    day = timezone.localdate(now)
    status = {"status": TicketStatus.CALLED, "window": window, "clerk": user, "called_at": now}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                _CALL_SQL,
                {
                    "now": now,
                    "site": window.site_id,
                    "day": day,
                    "window": window.pk,
                    "zone": window.zone,
                    "clerk": user.pk,
                },
            )
            row = cursor.fetchone()
            columns = [c.name for c in cursor.description] if row is not None else []
        selectors.forget_display(day)
        if row is None:
            return None
        values = dict(zip(columns, row, strict=True))
        names = [f.attname for f in Ticket._meta.concrete_fields]
        ticket = Ticket.from_db(connection.alias, names, [values[n] for n in names])
        return _called(ticket, status)
    with transaction.atomic():
        Ticket.objects.filter(
            site_id=window.site_id, service_date=day, window=window, status=TicketStatus.CALLED
        ).update(status=TicketStatus.DONE, finished_at=now)
        ticket = (
            Ticket.objects.filter(
                site_id=window.site_id,
                service_date=day,
                status=TicketStatus.WAITING,
                taken_at__lte=now,
            )
            .filter(Q(window=window) | Q(zone_name=window.zone, window__isnull=True))
            .annotate(mine=Case(When(window=window, then=Value(0)), default=Value(1)))
            .order_by("mine", "taken_at", "pk")
            .select_for_update(skip_locked=True)
            .first()
        )
        if ticket is not None:
            Ticket.objects.filter(pk=ticket.pk).update(**status)
    selectors.forget_display(day)
    return _called(ticket, status) if ticket is not None else None


def _called(ticket, status) -> Ticket:
    for field, value in status.items():
        setattr(ticket, field, value)
    return ticket


def _own_called(user, ticket, window=None) -> Ticket:
    ticket = (
        Ticket.objects.filter(pk=getattr(ticket, "pk", ticket)).select_related("window").first()
    )
    if ticket is None:
        raise NotFound(_("该号码不存在"))
    if ticket.window_id is None:
        raise Conflict(_("该号码尚未叫号"))
    _require_at_window(user, ticket.window)
    return ticket


def recall(user, ticket, *, now=None) -> Ticket:
    ticket = _own_called(user, ticket)
    updated = Ticket.objects.filter(pk=ticket.pk, status=TicketStatus.CALLED).update(
        recalls=ticket.recalls + 1, called_at=ticket.called_at
    )
    if not updated:
        raise Conflict(_("该号码已不在叫号中"))
    ticket.refresh_from_db()
    selectors.forget_display(ticket.service_date)
    return ticket


def no_show(user, ticket, *, now=None) -> Ticket:
    ticket = _own_called(user, ticket)
    updated = Ticket.objects.filter(pk=ticket.pk, status=TicketStatus.CALLED).update(
        status=TicketStatus.NO_SHOW, finished_at=now or timezone.now()
    )
    if not updated:
        raise Conflict(_("该号码已不在叫号中"))
    ticket.refresh_from_db()
    selectors.forget_display(ticket.service_date)
    return ticket


def transfer(user, ticket, to_window) -> Ticket:
    """Send a called ticket to another window of the same site: it waits there, first."""
    ticket = _own_called(user, ticket)
    to_window = _window(to_window)
    if to_window.site_id != ticket.site_id or to_window.pk == ticket.window_id:
        raise InvalidInput(_("请选择本站点的其他窗口"), field="window")
    updated = Ticket.objects.filter(pk=ticket.pk, status=TicketStatus.CALLED).update(
        status=TicketStatus.WAITING, window=to_window, zone_name=to_window.zone, clerk=None
    )
    if not updated:
        raise Conflict(_("该号码已不在叫号中"))
    ticket.refresh_from_db()
    selectors.forget_display(ticket.service_date)
    return ticket


def current(window, day) -> Ticket | None:
    return (
        Ticket.objects.filter(window=window, service_date=day, status=TicketStatus.CALLED)
        .order_by("-called_at")
        .first()
    )


def waiting_filter(site, day):
    return Q(site=site, service_date=day, status=TicketStatus.WAITING)
