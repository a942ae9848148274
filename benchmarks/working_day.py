"""The working-day load test (issue 18): Locust against the production stack through nginx,
with the bare-view ceiling measured in the same run.

    scripts/stack.sh up                                     # the stack (make stack)
    .venv/bin/python benchmarks/working_day.py setup        # Locust in var/locust-venv, once
    .venv/bin/python benchmarks/working_day.py history --cases 1000000   # COPY into the stack
    .venv/bin/python benchmarks/working_day.py prepare      # tokens, logins, items -> fixtures
    .venv/bin/python benchmarks/working_day.py run --users 4,8,16,32 --seconds 60

``history`` appends cases (every status, clocks, department tasks; generate_cases.py's
generator in append mode) to the stack's own database with COPY, above its ids, so the demo's
staff, citizens and items carry a large history. ``prepare`` issues API tokens and writes
var/stack/load/fixtures.json. ``run`` does, for each number of users in turn: the ceiling
(Locust users on ``GET /healthz``, a view that does no work) for ``--seconds``, then the
working day (benchmarks/working_day_locustfile.py: citizens, clerks, approvers, supervisors,
leaders) with as many users for ``--seconds``; it prints requests/s and p95 per action, the
rate as a share of that step's ceiling, and stops after the first step where some action's
p95 is over ``--p95-limit-ms`` (300). The highest step where every p95 stays under it is
the result. The load average is printed with each step: the machine may be shared.
Results go to var/stack/load/result-<time>.json.

Ports: STACK_HTTPS_PORT and STACK_PG_PORT as for scripts/stack.sh.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import stack_drills as drills  # noqa: E402

LOAD_DIR = drills.STACK / "load"
FIXTURES = LOAD_DIR / "fixtures.json"
LOCUST_VENV = Path(os.environ.get("LOCUST_VENV", ROOT / "var" / "locust-venv"))
LOCUSTFILE = ROOT / "benchmarks" / "working_day_locustfile.py"
WORKING_DAY = ["CitizenBrowsing", "CitizenApplying", "CitizenRating", "Clerk", "Approver"]
WORKING_DAY += ["Supervisor", "Leader"]


def setup(args) -> int:
    if not (LOCUST_VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(LOCUST_VENV)], check=True)
    requirements = ROOT / "benchmarks" / "requirements-load.txt"
    subprocess.run(
        [str(LOCUST_VENV / "bin" / "pip"), "install", "-q", "-r", str(requirements)], check=True
    )
    subprocess.run([str(LOCUST_VENV / "bin" / "locust"), "--version"], check=True)
    return 0


HISTORY = """
import sys
sys.path.insert(0, {benchmarks!r})
import cases_common
cases_common.setup_django()
import generate_cases
summary = generate_cases.append({cases}, {open_share}, seed={seed})
generate_cases.report(summary)
"""


def history(args) -> int:
    # COPY skips the foreign-key triggers (session_replication_role), which needs the
    # cluster's superuser: the stack's own PostgreSQL trusts it on 127.0.0.1.
    url = f"postgres://postgres@127.0.0.1:{drills.PG_PORT}/onewindow"
    code = HISTORY.format(
        benchmarks=str(ROOT / "benchmarks"),
        cases=args.cases,
        open_share=args.open_share,
        seed=args.seed,
    )
    started = time.monotonic()
    done = subprocess.run(
        [drills.PY, "-c", code], cwd=ROOT, env=drills.env(DATABASE_URL=url, LOG_LEVEL="WARNING")
    )
    print(f"history: {time.monotonic() - started:.0f} s")
    return done.returncode


PREPARE = """
import random
from django.conf import settings
from onewindow.accounts.constants import AccountKind
from onewindow.accounts.models import User
from onewindow.cases.models import Case
from onewindow.catalog.models import ServiceItem
from onewindow.feedback.models import Rating

rng = random.Random(2026)
application = out
citizens = list(
    User.objects.filter(kind=AccountKind.CITIZEN, is_active=True)
    .exclude(password__startswith="!")
    .order_by("pk")[:40]
)
tokens = [
    issue_api_token(citizens[i % len(citizens)], "负载测试", scopes=["read", "apply"])
    for i in range(TOKENS)
]
published = list(
    ServiceItem.objects.filter(published_version__isnull=False)
    .order_by("pk")
    .values_list("code", "published_version__name")[:300]
)
words = set()
for _code, name in published:
    if len(name) >= 2:
        start = rng.randrange(0, len(name) - 1)
        words.add(name[start : start + 2])
rated = Rating.objects.exclude(case_id=None).values_list("case_id", flat=True)
rateable = list(
    Case.objects.filter(applicant__in=citizens, status__in=["concluded", "decided"])
    .exclude(pk__in=rated)
    .order_by("-pk")
    .values_list("number", "applicant__username")[:3000]
)
by_rater = {}
for number, user in rateable:
    by_rater.setdefault(user, []).append(number)
out = {
    "application": application["application"],
    "tokens": tokens,
    "items": [code for code, _name in published],
    "search_words": sorted(words)[:80],
    "rateable": by_rater,
    "password": settings.DEMO_PASSWORD,
    "clerk": "clerk",
    "approver": "approver",
    "supervisor": "supervisor",
    "leader": "leader",
    "cases": Case.objects.count(),
}
"""


def prepare(args) -> int:
    # The drills' setup finds an item a citizen may apply for (and its form); then ours.
    out = drills.django(drills.SETUP + "\n" + PREPARE.replace("TOKENS", str(args.tokens)))
    if not out["application"]:
        sys.exit("no item a citizen can apply for")
    LOAD_DIR.mkdir(parents=True, exist_ok=True)
    FIXTURES.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    rateable = sum(map(len, out["rateable"].values()))
    print(
        f"fixtures: {FIXTURES} ({out['cases']:,} cases in the database, {len(out['tokens'])} "
        f"tokens, {len(out['items'])} items, {rateable} rateable cases of "
        f"{len(out['rateable'])} citizens)"
    )
    return 0


def locust(users: int, seconds: int, classes: list[str], prefix: Path) -> list[dict]:
    command = [
        str(LOCUST_VENV / "bin" / "locust"),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--host",
        drills.HTTPS,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        *classes,
    ]
    env = dict(os.environ, WORKING_DAY_FIXTURES=str(FIXTURES))
    subprocess.run(command, cwd=ROOT, env=env, check=False, capture_output=True)
    rows = []
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.append(
                {
                    "name": row["Name"],
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "per_second": float(row["Requests/s"]),
                    "p50_ms": float(row["50%"] or 0),
                    "p95_ms": float(row["95%"] or 0),
                }
            )
    return rows


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def run(args) -> int:
    if not drills.ready():
        sys.exit("the stack is not ready: scripts/stack.sh up")
    if not FIXTURES.exists():
        sys.exit("no fixtures: benchmarks/working_day.py prepare")
    stamp = time.strftime("%Y%m%d-%H%M%S")
    steps, best = [], None
    for users in [int(u) for u in args.users.split(",")]:
        before = load_average()
        ceiling_rows = locust(users, args.seconds, ["Ceiling"], LOAD_DIR / f"{stamp}-c{users}")
        ceiling = next(r for r in ceiling_rows if r["name"] == "Aggregated")["per_second"]
        rows = locust(users, args.seconds, WORKING_DAY, LOAD_DIR / f"{stamp}-w{users}")
        after = load_average()
        actions = [r for r in rows if r["name"] != "Aggregated"]
        total = next(r for r in rows if r["name"] == "Aggregated")
        # Logins happen once per user as it starts (argon2 on purpose): shown, not judged.
        worst = max((r["p95_ms"] for r in actions if not r["name"].startswith("login")), default=0)
        step = {
            "users": users,
            "ceiling_per_second": ceiling,
            "total": total,
            "actions": actions,
            "load_average": [before, after],
        }
        steps.append(step)
        print(
            f"\n== {users} users, {args.seconds} s each; load average {before} -> {after}\n"
            f"  ceiling (GET /healthz through nginx): {ceiling:.1f}/s\n"
            f"  working day: {total['per_second']:.1f} requests/s "
            f"({total['per_second'] / ceiling:.1%} of the ceiling), "
            f"{total['failures']} failures of {total['requests']}"
        )
        print(f"  {'action':40} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'fail':>5}")
        for r in sorted(actions, key=lambda r: r["name"]):
            judged = not r["name"].startswith("login")
            flag = "  > limit" if judged and r["p95_ms"] > args.p95_limit_ms else ""
            print(
                f"  {r['name']:40} {r['per_second']:7.1f} {r['p50_ms']:7.0f} "
                f"{r['p95_ms']:7.0f} {r['failures']:5}{flag}"
            )
        if worst > args.p95_limit_ms:
            print(f"  some p95 over {args.p95_limit_ms} ms: the search stops here")
            break
        best = step
    if best is None:
        print(f"\nno step kept every p95 under {args.p95_limit_ms} ms")
    else:
        print(
            f"\nhighest load with every p95 under {args.p95_limit_ms} ms: {best['users']} users,"
            f" {best['total']['per_second']:.1f} requests/s,"
            f" {best['total']['per_second'] / best['ceiling_per_second']:.1%} of the ceiling"
        )
    result = LOAD_DIR / f"result-{stamp}.json"
    result.write_text(json.dumps({"steps": steps, "best": best}, ensure_ascii=False, indent=1))
    print(f"results: {result}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("setup", help="Locust in var/locust-venv")
    h = sub.add_parser("history", help="append cases to the stack's database with COPY")
    h.add_argument("--cases", type=int, default=1_000_000)
    h.add_argument("--open-share", type=float, default=0.05)
    h.add_argument("--seed", type=int, default=2026)
    p = sub.add_parser("prepare", help="tokens and logins for the scenario")
    p.add_argument("--tokens", type=int, default=16)
    r = sub.add_parser("run", help="ceiling and working day, step by step")
    r.add_argument("--users", default="4,8,16,32")
    r.add_argument("--seconds", type=int, default=60)
    r.add_argument("--p95-limit-ms", type=float, default=300)
    args = parser.parse_args(argv)
    return {"setup": setup, "history": history, "prepare": prepare, "run": run}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
