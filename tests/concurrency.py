"""Races for the "at the same moment" tests: calls released together, one thread each.

They mean something only on PostgreSQL, where each thread has its own connection and the
transactions really overlap; SQLite serialises writers on a database lock.
"""

import threading

import pytest
from django.db import close_old_connections, connection

from onewindow.core.errors import Conflict


def skip_unless_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises the two writers")


def race(calls, *, won: str) -> tuple[list[str], list[BaseException]]:
    """Run each of ``calls`` in its own thread, all released at once by a barrier.

    Returns the outcomes (``won`` for a call that returned, "conflict" for a Conflict) and
    whatever else was raised, so that the test can report it.
    """
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []
    unexpected: list[BaseException] = []
    lock = threading.Lock()

    def work(call):
        try:
            barrier.wait()
            call()
            result = won
        except Conflict:
            result = "conflict"
        except BaseException as exc:  # reported to the main thread
            with lock:
                unexpected.append(exc)
            return
        finally:
            close_old_connections()
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=work, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, unexpected
