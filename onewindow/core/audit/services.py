"""Writes to the audit log: appending an event to the chain, and the audited export."""

import functools
import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.client_address import client_ip
from onewindow.core.errors import InvalidInput, NotFound

from . import constants as c
from .chain import GENESIS, event_hash, head_mac
from .jsonsafe import clean_text, json_safe
from .models import AuditChainHead, AuditEvent


def _actor_name(actor) -> str:
    username = actor.get_username() if hasattr(actor, "get_username") else str(actor)
    display = getattr(actor, "display_name", "") or ""
    return f"{display}（{username}）" if display and display != username else username


def _locked_head() -> AuditChainHead:
    """The chain head, locked until the caller's transaction ends: appends queue here."""
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        # First event ever (or after a flush). Two first writers may race: ON CONFLICT
        # DO NOTHING makes the loser wait for the winner's row instead of failing.
        genesis = AuditChainHead(
            pk=1, last_id=0, count=0, last_hash=GENESIS, mac=head_mac(0, 0, GENESIS)
        )
        AuditChainHead.objects.bulk_create([genesis], ignore_conflicts=True)
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


def record(
    action: str,
    *,
    actor=None,
    obj=None,
    result: str = c.Result.SUCCESS,
    before=None,
    after=None,
    request=None,
    object_type: str | None = None,
    object_id: str | None = None,
    summary: str = "",
) -> AuditEvent:
    """Append one event to the audit chain, inside the caller's transaction.

    If the caller's transaction rolls back, so does the event; if writing the event fails,
    the caller's transaction cannot commit (no savepoint), so no change goes unaudited.
    ``before``/``after`` are made JSON-safe and masked again here, whatever the caller passed.
    """
    action = str(action or "").strip()
    if not action or len(action) > c.ACTION_MAX_LENGTH:
        raise ValueError(f"invalid audit action code: {action!r}")
    result = c.Result(result).value
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id if object_id is not None else obj.pk
    fields = {
        "actor_id": actor.pk if actor is not None else None,
        "actor_name": clean_text(_actor_name(actor), c.ACTOR_NAME_MAX_LENGTH) if actor else "",
        "action": clean_text(action, c.ACTION_MAX_LENGTH),
        "object_type": clean_text(object_type, c.OBJECT_TYPE_MAX_LENGTH),
        # Not masked: an object id is a key, never personal data.
        "object_id": str("" if object_id is None else object_id)[: c.OBJECT_ID_MAX_LENGTH],
        "object_repr": clean_text(obj, c.OBJECT_REPR_MAX_LENGTH) if obj is not None else "",
        "result": result,
        "ip_address": client_ip(request),
        "before": None if before is None else json_safe(before),
        "after": None if after is None else json_safe(after),
        "summary": clean_text(summary),
    }
    fields["object_id"] = fields["object_id"].replace("\x00", "")
    batch = getattr(_deferred, "batch", None)
    if batch is not None:
        return _defer(batch, fields)
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        fields["seq"] = head.count + 1
        # Taken under the lock, so time order and chain order agree.
        fields["occurred_at"] = timezone.now()
        digest = event_hash(head.last_hash, fields)
        event = AuditEvent(**fields, prev_hash=head.last_hash, hash=digest)
        event.save(force_insert=True)
        AuditChainHead.objects.filter(pk=1).update(
            last_id=event.pk,
            count=fields["seq"],
            last_hash=digest,
            mac=head_mac(event.pk, fields["seq"], digest),
        )
    return event


# -- deferred appends: the chain head's lock for as short a time as possible ---------------

_deferred = threading.local()


@contextmanager
def deferred():
    """Append the events recorded inside the block together, at its end, in one short lock.

    The chain head's row lock, once taken, is held until the transaction ends, so every
    other writer waits from a transaction's FIRST ``record()`` to its commit. A service
    that records early and goes on working (a case started, then submitted in the same
    transaction) would make everyone wait for all of that work. Inside this block
    ``record()`` only prepares the event (masked, JSON-safe, as always); the block's end
    takes the lock, chains the events in the order they were recorded (each one's HMAC
    covers the previous hash and its sequence number, exactly as one by one), writes them
    with one INSERT and moves the head one event at a time. The lock is then held only
    from there to the commit. Nothing about the chain changes: the same fields are hashed
    in the same order, ``occurred_at`` is still taken under the lock, and the events still
    commit or roll back with the work they describe.

    Must be used inside ``transaction.atomic()``. Events recorded inside a savepoint that
    is rolled back are dropped with it. A nested block joins the outer one. The events
    returned by ``record()`` get their id and hash when the block ends.
    """
    if getattr(_deferred, "batch", None) is not None:
        yield  # nested: the outermost block appends
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise TransactionManagementError("audit.deferred() must be used inside atomic()")
    batch: list = []
    _deferred.batch = batch
    try:
        yield
    finally:
        _deferred.batch = None
    # Only when the block ended normally: an exception leaves nothing to append, and the
    # transaction it escapes from rolls back.
    live = _still_live(connection, batch)
    if live:
        _append_all(live)


def _defer(batch: list, fields: dict) -> AuditEvent:
    event = AuditEvent(**fields)
    # A marker in Django's on-commit list: Django drops it if the savepoint around this
    # record() is rolled back, which tells _still_live to drop the event too.
    marker = functools.partial(_marker)
    transaction.on_commit(marker)
    batch.append((event, fields, marker))
    return event


def _marker():
    """Nothing to do after the commit (see _defer)."""


def _still_live(connection, batch: list) -> list:
    registered = {id(entry[1]) for entry in connection.run_on_commit}
    return [(event, fields) for event, fields, marker in batch if id(marker) in registered]


def _append_all(pending: list) -> None:
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        seq, prev = head.count, head.last_hash
        now = timezone.now()  # under the lock: time order and chain order agree
        events = []
        for event, fields in pending:
            seq += 1
            fields["seq"] = seq
            fields["occurred_at"] = now
            event.seq, event.occurred_at = seq, now
            event.prev_hash = prev
            event.hash = prev = event_hash(prev, fields)
            events.append(event)
        AuditEvent.objects.bulk_create(events)  # ids in this order: the chain's order
        if any(event.pk is None for event in events):  # a backend without RETURNING
            ids = dict(AuditEvent.objects.filter(seq__gt=head.count).values_list("seq", "pk"))
            for event in events:
                event.pk = ids[event.seq]
        # The head moves one event at a time (its trigger refuses bigger steps).
        for event in events:
            AuditChainHead.objects.filter(pk=1).update(
                last_id=event.pk,
                count=event.seq,
                last_hash=event.hash,
                mac=head_mac(event.pk, event.seq, event.hash),
            )


def export_events(user, filters, *, request=None) -> tuple[bytes, int]:
    """The filtered events as an .xlsx file; the export itself is audited.

    Returns (file content, number of events). Refuses more rows than AUDIT_EXPORT_MAX_ROWS.
    """
    from .export import build_workbook
    from .selectors import can_read_audit, filter_events

    if not can_read_audit(user):
        raise NotFound()
    events = filter_events(user, filters)
    limit = getattr(settings, "AUDIT_EXPORT_MAX_ROWS", 100_000)
    total = events.count()
    if total > limit:
        raise InvalidInput(
            _("共 %(total)s 条记录，超过单次导出上限 %(limit)s 条，请缩小筛选范围")
            % {"total": total, "limit": limit}
        )
    content = build_workbook(events)
    with transaction.atomic():
        record(
            c.EXPORT,
            actor=user,
            request=request,
            object_type=AuditEvent._meta.label_lower,
            summary=_("导出审计日志 %(n)s 条") % {"n": total},
            after={"筛选条件": filters.describe(), "条数": total},
        )
    return content, total
