"""Several certificates numbered at the same moment each get their own number.

Runs on PostgreSQL, where the threads' transactions overlap: all compute the same next
number, the unique index makes the later ones wait and fail, and they take the next one.
SQLite serialises writers, so the race cannot happen there.
"""

import threading
import time

import pytest
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from onewindow.cases.certificates import numbering
from onewindow.cases.models import Certificate
from tests.cases.factories import draft_case

THREADS = 5


@pytest.mark.django_db(transaction=True)
def test_simultaneous_certificates_get_distinct_consecutive_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises the writers")
    case = draft_case()
    barrier = threading.Barrier(THREADS)
    numbers, unexpected = [], []
    lock = threading.Lock()

    def work():
        try:
            barrier.wait()
            with transaction.atomic():
                certificate = numbering.save_numbered(
                    Certificate(
                        case=case,
                        title="测试许可证",
                        holder_name="测试",
                        issuer="测试局",
                        issued_on=timezone.localdate(),
                    )
                )
                time.sleep(0.2)  # hold the number until the others have computed theirs
            with lock:
                numbers.append(certificate.number)
        except BaseException as exc:  # reported to the main thread below
            with lock:
                unexpected.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert unexpected == []
    assert len(set(numbers)) == THREADS
    sequences = sorted(int(n[-6:]) for n in numbers)
    assert sequences == list(range(sequences[0], sequences[0] + THREADS))
    assert Certificate.objects.count() == THREADS
