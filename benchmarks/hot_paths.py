"""Benchmark: the hot paths through gunicorn and PostgreSQL, each beside its ceiling (issue 17).

    .venv/bin/python benchmarks/hot_paths.py apply        # fresh onewindow_bench_hot
    .venv/bin/python benchmarks/hot_paths.py worklist     # onewindow_bench_cases (1,000,000)

gunicorn runs with deploy/gunicorn.conf.py (workers × threads from the options) and the
settings ``benchmarks.ceiling_settings``: the whole application plus the ceiling,
``GET /api/bench/ceiling`` (Django + Ninja + the same bearer-token authentication + one
indexed SELECT; benchmarks/ceiling.py). wrk, 8 connections, sends the requests.

``apply``: rounds of the ceiling, ``GET /api/cases/mine?page_size=1`` and ``POST
/api/cases/apply`` (8 keep-alive clients, random citizens' tokens, random items and
materials), interleaved so that the machine's other load falls on all of them alike. Each
figure is printed with the ceiling of its own round. Afterwards: one submitted case and
one timeline event per 201, and ``verify_audit`` finds the chain intact.

``worklist``: with 1,000,000 cases, 8 clients ask for random pages of random departments'
worklists — the API (``?after=`` cursors, bearer tokens) and the HTML page (sessions) —
at cursors spread over each whole list, so the last page is asked as often as the first.

Targets: applications >= 300/s and >= 25 % of the ceiling; reads >= 50 % of the ceiling;
any worklist page p95 < 50 ms.
"""

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cases_common as common  # noqa: E402
import wrk_support as wrk  # noqa: E402

PORT = 8766


def load_average() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def apply_requests(tokens, catalogue, rng, n=3000):
    import json

    out = []
    for _ in range(n):
        item = rng.choice(catalogue)
        supplied = [m for m in item["materials"] if rng.random() < 0.9]
        body = json.dumps({"item": item["code"], "supplied": supplied}, ensure_ascii=False)
        headers = {
            "Authorization": f"Bearer {rng.choice(tokens)}",
            "Content-Type": "application/json",
        }
        out.append(("POST", "/api/cases/apply", headers, body))
    return out


def get_requests(tokens, path, rng, n=2000):
    return [
        ("GET", path, {"Authorization": f"Bearer {rng.choice(tokens)}"}, None) for _ in range(n)
    ]


def run_apply(args) -> int:
    from cases_submission import check_written, seed

    rng = random.Random(args.seed)
    common.recreate_database("onewindow_bench_hot")
    common.setup_django()
    from django.db import connection

    common.migrate()
    catalogue, tokens = seed(args.items, args.citizens, rng)
    common.analyze()
    connection.close()
    ceiling_reqs = get_requests(tokens, "/api/bench/ceiling", rng)
    mine_reqs = get_requests(tokens, "/api/cases/mine?page_size=1", rng)
    apply_reqs = apply_requests(tokens, catalogue, rng)

    print(f"PostgreSQL {common.server_version()} ({common.pg_settings()})")
    print(f"machine: {common.machine()}; load average before: {load_average()}")
    print(
        f"gunicorn {args.worker_class} {args.workers} × {args.threads} (deploy/gunicorn.conf.py);"
        f" wrk 2 threads, {args.connections} connections, {args.seconds:g} s a run"
    )
    server = wrk.start_gunicorn(
        PORT, workers=args.workers, threads=args.threads, worker_class=args.worker_class
    )
    created, failed, rows = 0, False, []
    try:
        wrk.wait_ready(PORT, tokens[0], server)
        wrk.run(PORT, ceiling_reqs, seconds=3, connections=args.connections)  # warm up
        wrk.run(PORT, apply_reqs, seconds=3, connections=args.connections)
        created_warm = None
        for n in range(args.rounds):
            c1 = wrk.run(PORT, ceiling_reqs, seconds=args.seconds, connections=args.connections)
            mine = wrk.run(PORT, mine_reqs, seconds=args.seconds, connections=args.connections)
            applied = wrk.run(PORT, apply_reqs, seconds=args.seconds, connections=args.connections)
            c2 = wrk.run(PORT, ceiling_reqs, seconds=args.seconds, connections=args.connections)
            ceiling = (c1["rate"] + c2["rate"]) / 2
            created += applied["good"]
            print(f"round {n + 1} (load {load_average()}):")
            print("  " + wrk.line("ceiling (bare, same auth)", c1))
            print("  " + wrk.line("GET /api/cases/mine?page_size=1", mine, ceiling))
            print("  " + wrk.line("POST /api/cases/apply", applied, ceiling))
            print("  " + wrk.line("ceiling again", c2))
            rows.append((ceiling, mine, applied))
        del created_warm
    finally:
        wrk.stop(server)
    from onewindow.cases.models import Case

    total = Case.objects.count()
    written = check_written(total)
    print(
        f"written: {written['submitted']} submitted cases, {written['other']} in other states,"
        f" {written['submit_events']} submit events; audit chain: {written['chain']}"
        f" {' '.join(written['chain_output'])}"
    )
    for ceiling, mine, applied in rows:
        failed |= applied["rate"] < 300 or applied["rate"] < 0.25 * ceiling
        failed |= mine["rate"] < 0.5 * ceiling
    failed |= written["chain"] != "完好" or written["submit_events"] != written["submitted"]
    print(
        "targets (apply >= 300/s and >= 25 % of the ceiling; mine >= 50 %): "
        + ("missed" if failed else "met")
    )
    return 1 if failed else 0


def run_worklist(args) -> int:
    from django.contrib.auth import SESSION_KEY

    common.use_database("onewindow_bench_cases")
    common.setup_django()
    common.migrate()
    from django.conf import settings
    from django.test import Client

    from onewindow.accounts.constants import Role
    from onewindow.accounts.models import User
    from onewindow.accounts.services import issue_api_token
    from onewindow.cases import selectors
    from onewindow.cases.constants import OPEN_TASK_STATUSES
    from onewindow.cases.models import DepartmentTask

    rng = random.Random(args.seed)
    approvers = [
        u
        for u in User.objects.filter(username__startswith="approver").order_by("pk")
        if u.roles == {Role.APPROVER}
    ]
    api_reqs, page_reqs, ceiling_reqs, positions = [], [], [], []
    for user in approvers:
        token = issue_api_token(user, "基准测试", scopes=["read", "staff"])
        client = Client(SERVER_NAME="127.0.0.1")
        client.force_login(user)
        assert client.session[SESSION_KEY]
        cookie = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
        keys = list(
            DepartmentTask.objects.filter(
                department_id=user.department_id, status__in=OPEN_TASK_STATUSES
            )
            .order_by("due_on", "pk")
            .values_list("due_on", "pk")
        )
        if not keys:
            continue
        user.cursors = [f"{d.isoformat() if d else '-'}.{pk}" for d, pk in keys]
        user.token, user.cookie, user.open = token, cookie, len(keys)
        ceiling_reqs.append(
            ("GET", "/api/bench/ceiling", {"Authorization": f"Bearer {token}"}, None)
        )
    users = [u for u in approvers if getattr(u, "cursors", None)]
    for _ in range(3000):
        user = rng.choice(users)  # a department at random
        at = rng.randrange(len(user.cursors))  # a place in its whole list at random
        positions.append(at / max(1, user.open))
        cursor = user.cursors[at]
        api_query, page_query = f"after={cursor}", f"after={cursor}"
        if args.offset_pages:  # the code before issue 17: page numbers (OFFSET)
            api_query = f"page={at // 50 + 1}&page_size=50"
            page_query = f"page={at // 30 + 1}"
        api_reqs.append(
            (
                "GET",
                f"/api/cases/worklist?{api_query}",
                {"Authorization": f"Bearer {user.token}"},
                None,
            )
        )
        page_reqs.append(("GET", f"/cases/department/?{page_query}", {"Cookie": user.cookie}, None))
    page_path = page_reqs[0][1]
    assert selectors  # noqa: S101
    print(f"PostgreSQL {common.server_version()}; database onewindow_bench_cases")
    print(f"machine: {common.machine()}; load average before: {load_average()}")
    print(
        f"{len(users)} departments' approvers; open tasks per department "
        f"{min(u.open for u in users)}–{max(u.open for u in users)}; 3,000 random (department,"
        f" place) pairs, median place {sorted(positions)[len(positions) // 2]:.0%} of the list"
    )
    server = wrk.start_gunicorn(
        PORT, workers=args.workers, threads=args.threads, worker_class=args.worker_class
    )
    failed = False
    try:
        wrk.wait_ready(PORT, users[0].token, server)
        for reqs in (ceiling_reqs, api_reqs, page_reqs):
            wrk.run(PORT, reqs, seconds=3, connections=args.connections)
        for n in range(args.rounds):
            c1 = wrk.run(PORT, ceiling_reqs, seconds=args.seconds, connections=args.connections)
            api = wrk.run(PORT, api_reqs, seconds=args.seconds, connections=args.connections)
            page = wrk.run(PORT, page_reqs, seconds=args.seconds, connections=args.connections)
            c2 = wrk.run(PORT, ceiling_reqs, seconds=args.seconds, connections=args.connections)
            ceiling = (c1["rate"] + c2["rate"]) / 2
            print(f"round {n + 1} (load {load_average()}):")
            print("  " + wrk.line("ceiling (bare, same auth)", c1))
            print("  " + wrk.line("API worklist, random page", api, ceiling))
            print("  " + wrk.line("HTML worklist, random page", page, ceiling))
            print("  " + wrk.line("ceiling again", c2))
            failed |= api["p95"] >= 50 or page["p95"] >= 50 or api["bad"] or page["bad"]
    finally:
        wrk.stop(server)
    print(f"(e.g. {page_path})")
    print("target (p95 < 50 ms, API and page): " + ("missed" if failed else "met"))
    return 1 if failed else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["apply", "worklist"])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--worker-class", default="gthread")
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--citizens", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--offset-pages", action="store_true", help="?page=n instead of cursors (the old code)"
    )
    args = parser.parse_args(argv)
    return run_apply(args) if args.what == "apply" else run_worklist(args)


if __name__ == "__main__":
    sys.exit(main())
