"""Profile: one ``POST /api/cases/apply`` in process, its statements and its Python time (issue 17).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/onewindow_hot \\
        .venv/bin/python benchmarks/profile_apply.py [--n 300] [--top 25]

Recreates the database named in DATABASE_URL (PostgreSQL), seeds a few published items and
citizens with tokens, warms up (the caches fill as they would in a running worker), then:

1. one application through the WSGI handler gunicorn runs (the lean API middleware,
   Ninja, the bearer token, ``services.apply``) under ``CaptureQueriesContext``: every
   statement it sends;
2. ``--n`` applications timed without a profiler (this process's CPU and wall time);
3. ``--n`` applications under cProfile with a CPU clock: where the time goes
   (cumulative, by function, and the share spent under django/db and in SQL compilation).

The figures are CPU of this one process (the client's request building included, the
server's PostgreSQL work not); run it on a quiet machine or read the shares, not the ms.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cases_common as common  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--items", type=int, default=5)
    parser.add_argument("--citizens", type=int, default=20)
    args = parser.parse_args(argv)

    name = urlsplit(os.environ.get("DATABASE_URL", "")).path.lstrip("/") or "onewindow_hot"
    common.recreate_database(name)
    os.environ.setdefault("AUDIT_ANCHOR_FILE", f"/tmp/{name}-anchors.jsonl")
    common.setup_django()
    common.migrate()
    from cases_submission import seed
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from onewindow.core.api_handler import OneWindowWSGIHandler

    rng = random.Random(2026)
    catalogue, tokens = seed(args.items, args.citizens, rng)
    common.analyze()
    # The handler gunicorn runs (onewindow.wsgi): token requests take the lean middleware.
    application = OneWindowWSGIHandler()
    factory = RequestFactory(SERVER_NAME="127.0.0.1")
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    def one():
        item = rng.choice(catalogue)
        supplied = [m for m in item["materials"] if rng.random() < 0.9]
        environ = factory.post(
            "/api/cases/apply",
            data=json.dumps({"item": item["code"], "supplied": supplied}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {rng.choice(tokens)}",
        ).environ
        body = b"".join(application(environ, start_response))
        assert statuses.pop().startswith("201"), body  # noqa: S101

    for _ in range(50):  # warm: tokens, published versions, the calendar in the caches
        one()

    with CaptureQueriesContext(connection) as queries:
        one()
    print(f"statements of one application: {len(queries.captured_queries)}")
    for q in queries.captured_queries:
        print(f"  {q['time']:>6}s  {q['sql'][:160]}")

    started, wall = time.process_time(), time.perf_counter()
    for _ in range(args.n):
        one()
    cpu = (time.process_time() - started) / args.n * 1000
    wall = (time.perf_counter() - wall) / args.n * 1000
    print(f"\nper application, no profiler: {cpu:.2f} ms CPU of this process, {wall:.2f} ms wall")

    # CPU time, not wall time: the statements' wait for PostgreSQL (long on a loaded
    # machine) is left out, so the shares say where this process's own work goes.
    profile = cProfile.Profile(time.process_time)
    started = time.process_time()
    profile.enable()
    for _ in range(args.n):
        one()
    profile.disable()
    cpu = (time.process_time() - started) / args.n * 1000
    print(f"per application, profiler on: {cpu:.2f} ms CPU (the shares below are of this)")
    stats = pstats.Stats(profile)
    total = stats.total_tt
    shares = {}  # (file, function) -> cumulative seconds, summed over same-named functions
    for (filename, _line, func), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
        shares[(filename, func)] = shares.get((filename, func), 0.0) + ct
    wanted = {
        "ORM execute_sql (compile + execute)": lambda f, fn: (
            f.endswith("db/models/sql/compiler.py") and fn == "execute_sql"
        ),
        "cursor execute (driver)": lambda f, fn: (
            f.endswith("db/backends/utils.py") and fn == "_execute"
        ),
        "services.apply": lambda f, fn: "cases/services.py" in f and fn == "apply",
        "audit append": lambda f, fn: "audit/services.py" in f and fn == "_append_all",
        "token lookup": lambda f, fn: "accounts/tokens.py" in f and fn == "token_for",
        "instant approval hook": lambda f, fn: "instant/approval.py" in f and fn == "try_instant",
    }
    compile_ct = sum(
        ct for (f, fn), ct in shares.items() if f.endswith("sql/compiler.py") and fn == "as_sql"
    )
    print(f"  SQL compilation (every as_sql): {compile_ct / total:.1%}")
    print("cumulative shares of the profiled time:")
    for label, test in wanted.items():
        ct = max((v for (f, fn), v in shares.items() if test(f, fn)), default=0.0)
        print(f"  {label:<40} {ct / total:>6.1%}  ({ct / args.n * 1000:.2f} ms)")
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(args.top)
    print(out.getvalue())
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(args.top)
    print(out.getvalue())
    connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
