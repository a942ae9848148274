"""Benchmark through the production stack (scripts/stack.sh up): nginx (TLS) over two
gunicorn nodes, PostgreSQL, Redis. The submission benchmark rerun through nginx, reported as
a ratio to the framework's ceiling measured in the same run.

    .venv/bin/python benchmarks/stack_throughput.py --seconds 30

1. ceiling: GET /healthz (a view that does no work: no database, no cache, no session; the
   whole middleware list) by the same 8 keep-alive Python clients, and by wrk (C, 8
   connections) when it is installed;
2. submissions: POST /api/cases/apply with bearer tokens and an Idempotency-Key, 8 clients,
   every call a new case submitted with its materials (two audited transitions);
3. a one-row authenticated read (GET /api/cases/mine?page_size=1), the benchmark's reference.

Prints requests/s, p50 and p95 for each, and each rate as a share of the ceiling.
"""

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import urllib3

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import stack_drills as drills  # noqa: E402

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)


def run(clients: int, seconds: float, request) -> dict:
    """``clients`` threads calling ``request(http, index)`` -> status, for ``seconds``."""
    latencies, statuses, lock = [], {}, threading.Lock()
    start_at = time.monotonic() + 1.0
    end_at = start_at + seconds

    def client(index):
        http = urllib3.PoolManager(cert_reqs="CERT_NONE", retries=False, timeout=60, maxsize=1)
        request(http, index)  # warm the connection before the clock starts
        while time.monotonic() < start_at:
            time.sleep(0.01)
        mine, codes = [], {}
        while time.monotonic() < end_at:
            began = time.perf_counter()
            status = request(http, index)
            mine.append(time.perf_counter() - began)
            codes[status] = codes.get(status, 0) + 1
        with lock:
            latencies.extend(mine)
            for status, n in codes.items():
                statuses[status] = statuses.get(status, 0) + n

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    ok = sum(n for status, n in statuses.items() if 200 <= status < 300)
    return {
        "per_second": ok / seconds,
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
        "statuses": statuses,
    }


def wrk(path: str, seconds: int, connections: int) -> float | None:
    if not shutil.which("wrk"):
        return None
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", f"{drills.HTTPS}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for line in out.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    if not drills.ready():
        sys.exit("the stack is not ready: scripts/stack.sh up")
    setup = drills.setup_applicants()
    body = json.dumps(setup["application"]).encode()

    def bare(http, index):
        return http.request("GET", f"{drills.HTTPS}/healthz").status

    def apply(http, index):
        headers = {
            "Authorization": f"Bearer {setup['tokens'][index % len(setup['tokens'])]}",
            "Content-Type": "application/json",
            "Idempotency-Key": f"bench-{uuid.uuid4()}",
        }
        url = f"{drills.HTTPS}/api/cases/apply"
        return http.request("POST", url, body=body, headers=headers).status

    def read(http, index):
        headers = {"Authorization": f"Bearer {setup['tokens'][index % len(setup['tokens'])]}"}
        url = f"{drills.HTTPS}/api/cases/mine?page_size=1"
        return http.request("GET", url, headers=headers).status

    results = {}
    results["bare view (healthz), Python clients"] = run(args.clients, args.seconds, bare)
    ceiling = results["bare view (healthz), Python clients"]["per_second"]
    results["submissions (POST /api/cases/apply)"] = run(args.clients, args.seconds, apply)
    results["one-row read (GET /api/cases/mine)"] = run(args.clients, args.seconds, read)
    wrk_rate = wrk("/healthz", int(args.seconds), args.clients)
    print(
        f"through nginx (TLS) over 2 gunicorn nodes; "
        f"{args.clients} clients, {args.seconds:.0f} s each"
    )
    for name, r in results.items():
        print(
            f"  {name}: {r['per_second']:.1f}/s, "
            f"p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms, "
            f"{r['per_second'] / ceiling:.1%} of the ceiling; answers {r['statuses']}"
        )
    if wrk_rate is not None:
        print(f"  bare view (healthz), wrk {args.clients} connections: {wrk_rate:.1f}/s")


if __name__ == "__main__":
    main()
