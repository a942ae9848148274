"""A writer that finds the chain head busy leaves its events to be chained, never waits.

PostgreSQL only: there two transactions really overlap. SQLite serialises writers, so a
writer there always holds the head and chains at once.
"""

import threading

import pytest
from django.core.management import call_command
from django.db import close_old_connections, connection, transaction

from onewindow.core.audit import record
from onewindow.core.audit.constants import LOGIN
from onewindow.core.audit.models import AuditChainHead, AuditEvent, AuditPending
from onewindow.core.audit.services import chain_pending
from onewindow.core.audit.verify import verify_chain

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="needs overlapping writers"),
]


class HeadHolder(threading.Thread):
    """Another request's transaction, holding the chain head until told to commit."""

    def __init__(self):
        super().__init__(daemon=True)
        self.holding, self.release = threading.Event(), threading.Event()

    def run(self):
        try:
            with transaction.atomic():
                AuditChainHead.objects.select_for_update().get(pk=1)
                self.holding.set()
                self.release.wait(timeout=30)
        finally:
            close_old_connections()
            connection.close()


def test_a_busy_head_leaves_the_events_pending_and_the_next_holder_chains_them():
    record(LOGIN, summary="first")
    holder = HeadHolder()
    holder.start()
    assert holder.holding.wait(timeout=10)

    with transaction.atomic():
        record(LOGIN, summary="while busy 1")
        record(LOGIN, summary="while busy 2")
    # Committed without waiting for the head: the events wait, in order, unchained.
    assert list(AuditPending.objects.order_by("id").values_list("summary", flat=True)) == [
        "while busy 1",
        "while busy 2",
    ]
    assert AuditEvent.objects.count() == 1

    holder.release.set()
    holder.join(timeout=10)
    record(LOGIN, summary="after")  # the next holder chains what waited, then its own
    assert not AuditPending.objects.exists()
    summaries = list(AuditEvent.objects.order_by("seq").values_list("seq", "summary"))
    assert summaries == [(1, "first"), (2, "while busy 1"), (3, "while busy 2"), (4, "after")]
    assert AuditChainHead.objects.get().count == 4
    assert verify_chain().ok


def test_verify_audit_chains_what_waits_before_checking():
    record(LOGIN)
    holder = HeadHolder()
    holder.start()
    assert holder.holding.wait(timeout=10)
    with transaction.atomic():
        record(LOGIN, summary="left waiting")
    holder.release.set()
    holder.join(timeout=10)
    assert AuditPending.objects.count() == 1
    call_command("verify_audit", verbosity=0)
    assert not AuditPending.objects.exists()
    assert AuditEvent.objects.filter(summary="left waiting", seq=2).exists()


def test_a_rolled_back_writer_leaves_nothing_waiting():
    record(LOGIN)
    holder = HeadHolder()
    holder.start()
    assert holder.holding.wait(timeout=10)
    with pytest.raises(RuntimeError), transaction.atomic():
        record(LOGIN, summary="rolled back")
        raise RuntimeError("the change failed")
    holder.release.set()
    holder.join(timeout=10)
    assert not AuditPending.objects.exists()
    assert chain_pending(wait=True) == 0
    assert AuditEvent.objects.count() == 1
