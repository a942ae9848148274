"""Writes to the audit log: appending an event to the chain, and the audited export."""

import functools
import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core import rows
from onewindow.core.client_address import client_ip
from onewindow.core.errors import InvalidInput, NotFound

from . import constants as c
from .chain import GENESIS, HASHED_FIELDS, event_hash, head_mac
from .jsonsafe import clean_text, json_safe
from .models import AuditChainHead, AuditEvent, AuditPending


def _actor_name(actor) -> str:
    username = actor.get_username() if hasattr(actor, "get_username") else str(actor)
    display = getattr(actor, "display_name", "") or ""
    return f"{display}（{username}）" if display and display != username else username


# The chain's own statements are written by hand (decision 0045): one per step, compiled
# once, so the head's lock is held for the statements' time and little Python.
_HEAD_COLUMNS = 'last_id, "count", last_hash, mac'


def _head_sql(wait: bool) -> str:
    sql = f"SELECT {_HEAD_COLUMNS} FROM {AuditChainHead._meta.db_table} WHERE id = 1"  # noqa: S608
    if connection.features.has_select_for_update:  # SQLite serialises writers instead
        sql += " FOR UPDATE" if wait else " FOR UPDATE SKIP LOCKED"
    return sql


def _locked_head(wait: bool) -> AuditChainHead | None:
    with connection.cursor() as cursor:
        cursor.execute(_head_sql(wait))
        row = cursor.fetchone()
    if row is None:
        return None
    last_id, count, last_hash, mac = row
    head = AuditChainHead(id=1, last_id=last_id, count=count, last_hash=last_hash, mac=mac)
    head._state.adding = False
    return head


def _head(*, wait: bool) -> AuditChainHead | None:
    """The chain head, locked until the caller's transaction ends; None when another
    transaction holds it and ``wait`` is false (SQLite serialises writers: never None)."""
    head = _locked_head(wait)
    if head is None and not AuditChainHead.objects.filter(pk=1).exists():
        # First event ever (or after a flush). Two first writers may race: ON CONFLICT
        # DO NOTHING makes the loser wait for the winner's row instead of failing.
        genesis = AuditChainHead(
            pk=1, last_id=0, count=0, last_hash=GENESIS, mac=head_mac(0, 0, GENESIS)
        )
        AuditChainHead.objects.bulk_create([genesis], ignore_conflicts=True)
        head = _locked_head(True)
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
        return _append([fields])[0]


# -- the chain: appended at once when the head is free, else by the chainer ----------------
#
# The head's row lock, once taken, is held until the transaction commits, and a commit
# waits for its WAL flush: appending under the lock in every request caps the system at
# one commit per flush. So a writer takes the head only if it is free (SKIP LOCKED) and
# otherwise leaves its events in AuditPending, in its own transaction, without waiting.
# Whoever holds the head next chains the pending events first, in batches, with one
# multi-row insert and one head update (decision 0014).


def _append(pending: list[dict]) -> list[AuditEvent]:
    head = _head(wait=False)
    if head is None:
        now = timezone.now()  # when it happened; the chain keeps it
        for fields in pending:
            fields["occurred_at"] = now
        AuditPending.objects.bulk_create([AuditPending(**f) for f in pending])
        transaction.on_commit(chain_pending, robust=True)
        return [AuditEvent(**f) for f in pending]
    head = _chain_waiting(head)
    now = timezone.now()  # under the lock: time order and chain order agree
    for fields in pending:
        fields["occurred_at"] = now
    events = _write(head, pending)
    # Events others left while this transaction held the head are chained after it commits.
    transaction.on_commit(chain_pending, robust=True)
    return events


def _write(head: AuditChainHead, pending: list[dict]) -> list[AuditEvent]:
    """Chain ``pending`` after ``head`` (locked): one INSERT, one head UPDATE."""
    seq, prev, events = head.count, head.last_hash, []
    for fields in pending:
        seq += 1
        fields["seq"] = seq
        digest = event_hash(prev, fields)
        events.append(AuditEvent(**fields, prev_hash=prev, hash=digest))
        prev = digest
    rows.insert(events)  # one INSERT … RETURNING id: ids in this order, the chain's order
    last = events[-1]
    mac = head_mac(last.pk, last.seq, last.hash)
    with connection.cursor() as cursor:
        cursor.execute(_HEAD_UPDATE, [last.pk, last.seq, last.hash, mac])
    head.last_id, head.count, head.last_hash, head.mac = last.pk, last.seq, last.hash, mac
    return events


# Table names from the models, values always bound (hence the noqa: S608).
_HEAD_UPDATE = (
    f"UPDATE {AuditChainHead._meta.db_table}"  # noqa: S608
    ' SET last_id = %s, "count" = %s, last_hash = %s, mac = %s WHERE id = 1'
)
_PENDING_TABLE = AuditPending._meta.db_table


_PENDING_FIELDS = [f for f in HASHED_FIELDS if f != "seq"]
CHAIN_BATCH = 500


def _chain_waiting(head: AuditChainHead) -> AuditChainHead:
    """Chain the committed pending events, oldest first, after ``head`` (locked)."""
    if not _any_pending():  # the usual answer, from one hand-written statement
        return head
    while True:
        rows = list(
            AuditPending.objects.order_by("id").values("id", *_PENDING_FIELDS)[:CHAIN_BATCH]
        )
        if not rows:
            return head
        ids = [row.pop("id") for row in rows]
        for row in rows:
            row["actor_id"] = row.pop("actor_id", None)
        _write(head, rows)
        AuditPending.objects.filter(id__in=ids).delete()
        if len(rows) < CHAIN_BATCH:
            return head


def _any_pending() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {_PENDING_TABLE} LIMIT 1")  # noqa: S608
        return cursor.fetchone() is not None


def chain_pending(*, wait: bool = False) -> int:
    """Chain what is pending, if the head is free (or, with ``wait``, once it is).

    Runs after every commit that appended or left events, every minute from beat, and at
    the start of verify_audit, so a pending event waits milliseconds under load and at most
    a minute when the last writer of a burst found the head busy.
    """
    if not _any_pending():
        return 0
    before = AuditPending.objects.count()
    with transaction.atomic():
        head = _head(wait=wait)
        if head is not None:
            _chain_waiting(head)
    return before - AuditPending.objects.count()


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
        for event, appended in zip(
            (event for event, _fields in pending),
            _append([fields for _event, fields in pending]),
            strict=True,
        ):
            event.pk, event.seq = appended.pk, appended.seq
            event.occurred_at, event.prev_hash, event.hash = (
                appended.occurred_at,
                appended.prev_hash,
                appended.hash,
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
