"""audit.deferred(): events recorded in a block join the chain together at its end.

The chain must come out exactly as if each event had been appended at once: the same
sequence, linked hashes, verify_audit clean, the head moved one step per event; events of
a rolled-back savepoint are dropped with it; an exception leaves nothing; and writers
using it and writers not using it, at the same moment, still build one unbroken chain.
"""

import threading
import time

import pytest
from django.db import OperationalError, close_old_connections, connection, transaction
from django.db.transaction import TransactionManagementError

from onewindow.core import audit
from onewindow.core.audit import record
from onewindow.core.audit.models import AuditChainHead, AuditEvent
from onewindow.core.audit.verify import verify_chain


def _objects():
    return list(AuditEvent.objects.order_by("id").values_list("seq", "object_id"))


@pytest.mark.django_db
def test_events_recorded_in_the_block_are_appended_at_its_end_in_order():
    record("case.start", object_type="cases.case", object_id="before")
    with transaction.atomic(), audit.deferred():
        first = record("case.start", object_type="cases.case", object_id="1")
        assert first.pk is None  # prepared, not yet written
        assert AuditEvent.objects.count() == 1
        second = record("case.submit", object_type="cases.case", object_id="2")
    assert first.pk is not None and second.pk > first.pk
    assert (first.seq, second.seq) == (2, 3)
    assert second.prev_hash == first.hash
    assert _objects() == [(1, "before"), (2, "1"), (3, "2")]
    head = AuditChainHead.objects.get()
    assert (head.count, head.last_id, head.last_hash) == (3, second.pk, second.hash)
    report = verify_chain()
    assert report.ok, str(report.broken)
    record("case.accept", object_type="cases.case", object_id="after")
    assert verify_chain().ok


@pytest.mark.django_db
def test_an_event_inside_a_rolled_back_savepoint_is_dropped():
    with transaction.atomic(), audit.deferred():
        record("case.start", object_type="cases.case", object_id="kept")
        try:
            with transaction.atomic():
                record("case.instant_approve", object_type="cases.case", object_id="gone")
                raise RuntimeError("the approval failed")
        except RuntimeError:
            pass
        with audit.deferred():  # nested: joins the outer block
            record("case.submit", object_type="cases.case", object_id="kept too")
    assert _objects() == [(1, "kept"), (2, "kept too")]
    assert verify_chain().ok


@pytest.mark.django_db
def test_an_exception_in_the_block_appends_nothing():
    with pytest.raises(ValueError), transaction.atomic(), audit.deferred():
        record("case.start", object_type="cases.case", object_id="1")
        raise ValueError("bad input")
    assert AuditEvent.objects.count() == 0
    with transaction.atomic(), audit.deferred():
        pass  # nothing recorded: nothing to append, the head is not touched
    assert not AuditChainHead.objects.filter(count__gt=0).exists()


@pytest.mark.django_db(transaction=True)  # no test transaction around it
def test_the_block_needs_a_transaction():
    with pytest.raises(TransactionManagementError), audit.deferred():
        pass


def _retrying(work):
    # SQLite's shared-cache test database: a writer that meets a table lock tries again.
    for _attempt in range(2000):
        try:
            return work()
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
            time.sleep(0.005)
    raise AssertionError("数据库一直处于锁定状态")


@pytest.mark.django_db(transaction=True)
def test_deferred_and_immediate_writers_at_once_keep_one_chain():
    threads_count, rounds = 4, 8
    barrier = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def deferred_pair(worker, n):
        with transaction.atomic(), audit.deferred():
            record("case.start", object_type="cases.case", object_id=f"{worker}-{n}-a")
            record("case.submit", object_type="cases.case", object_id=f"{worker}-{n}-b")

    def immediate(worker, n):
        with transaction.atomic():
            record("case.accept", object_type="cases.case", object_id=f"{worker}-{n}")

    def work(worker):
        try:
            barrier.wait()
            write = deferred_pair if worker % 2 else immediate
            for n in range(rounds):
                _retrying(lambda n=n: write(worker, n))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    total = (threads_count // 2) * rounds * 2 + (threads_count // 2) * rounds
    seqs = list(AuditEvent.objects.order_by("id").values_list("seq", flat=True))
    assert seqs == list(range(1, total + 1))
    report = verify_chain()
    assert report.ok, str(report.broken)
    assert report.count == total
