"""Events written from several threads at once still form one unbroken chain.

Meaningful on PostgreSQL, where the threads' transactions really overlap and the chain
head's row lock orders them; on SQLite the database lock serialises them anyway.
"""

import threading
import time

import pytest
from django.db import OperationalError, close_old_connections, connection, transaction

from onewindow.core.audit import record
from onewindow.core.audit.models import AuditChainHead, AuditEvent
from onewindow.core.audit.verify import verify_chain

THREADS = 4
EVENTS_PER_THREAD = 10


def _record_with_retry(worker: int, n: int) -> None:
    # SQLite's in-memory test database uses a shared cache, whose table locks do not wait
    # for the busy timeout: a writer that meets one tries again, as a client would.
    for _attempt in range(2000):
        try:
            with transaction.atomic():
                record("case.accept", object_type="cases.case", object_id=f"{worker}-{n}")
            return
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
            time.sleep(0.005)
    raise AssertionError("数据库一直处于锁定状态")


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_the_chain_intact():
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            barrier.wait()
            for n in range(EVENTS_PER_THREAD):
                _record_with_retry(worker, n)
        except BaseException as exc:  # reported to the main thread below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    total = THREADS * EVENTS_PER_THREAD
    assert AuditEvent.objects.count() == total
    seqs = list(AuditEvent.objects.order_by("id").values_list("seq", flat=True))
    assert seqs == list(range(1, total + 1))
    assert AuditChainHead.objects.get().count == total
    report = verify_chain()
    assert report.ok, str(report.broken)
    assert report.count == total
