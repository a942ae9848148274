"""Benchmark: online applications submitted through the real HTTP stack (issue 4's target).

    .venv/bin/python benchmarks/cases_submission.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/cases_submission.py --clients 8 --seconds 30

gunicorn (gthread workers) serves the application on a fresh PostgreSQL database
(``onewindow_bench``, migrated, 30 departments, published items with 3–6 materials,
citizens with API tokens). ``--clients`` threads, each with its own keep-alive HTTP
connection (urllib3), POST ``/api/cases/apply`` with a bearer token for ``--seconds``:
every call creates a case and submits it with its materials (two audited transitions
on the HMAC-SM3 chain, in one transaction). The script then checks what was written
(one submitted case per 201, the audit chain verifies) and, beside it, runs pgbench
with the same number of clients on a bare SQL transaction that writes what one
submission writes (a case row, its material rows, a timeline event and an audit row
that takes the chain head's lock).

Target: >= 300 cases/s on the 2-core machine. Exit status 1 when missed.
"""

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cases_common as common  # noqa: E402

DB_NAME = "onewindow_bench"
TARGET_PER_SECOND = 300.0
# The reference run: the applicant's first page of cases, one row (token, one query, JSON).
READ_PATH = "/api/cases/mine?page_size=1"
FORM = {
    "项目名称": "东营区示范餐饮店",
    "经营面积": 120,
    "经营范围": "热食类食品制售",
    "从业人数": 8,
}


# -- seed ----------------------------------------------------------------------------------
def seed(items: int, citizens: int, rng) -> tuple[list[dict], list[str]]:
    from onewindow.accounts.constants import Role
    from onewindow.accounts.services import issue_api_token

    common.seed_calendar()
    departments = common.seed_departments()
    catalogue = common.seed_items(items, departments, rng)
    users = common.make_users(citizens, prefix="citizen", role=Role.CITIZEN)
    tokens = [issue_api_token(u, "基准测试", scopes=["read", "apply"]) for u in users]
    return catalogue, tokens


# -- the server ----------------------------------------------------------------------------
def start_gunicorn(port: int, workers: int, threads: int) -> subprocess.Popen:
    env = dict(os.environ, LOG_LEVEL="WARNING", DEBUG="false")
    cmd = [
        str(common.REPO_ROOT / ".venv" / "bin" / "gunicorn"),
        "onewindow.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--worker-class",
        "gthread",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--keep-alive",
        "30",
        "--backlog",
        "256",
        "--log-level",
        "warning",
        "--no-control-socket",
    ]
    return subprocess.Popen(cmd, cwd=common.REPO_ROOT, env=env, start_new_session=True)


def wait_ready(port: int, token: str, server: subprocess.Popen, timeout: float = 60):
    import urllib3

    pool = urllib3.HTTPConnectionPool("127.0.0.1", port, maxsize=1, retries=False, timeout=5)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn 启动失败")
        try:
            r = pool.request("GET", "/api/cases/mine", headers={"Authorization": f"Bearer {token}"})
            if r.status == 200:
                return
        except urllib3.exceptions.HTTPError:
            pass
        time.sleep(0.3)
    sys.exit("gunicorn 未能在规定时间内就绪")


def stop(server: subprocess.Popen):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)  # its own session: gunicorn and its workers
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# -- the clients ---------------------------------------------------------------------------
class Client(threading.Thread):
    def __init__(self, port, tokens, catalogue, until, seed, read=False):
        super().__init__(daemon=True)
        self.read = read
        import urllib3

        self.pool = urllib3.HTTPConnectionPool(
            "127.0.0.1", port, maxsize=1, block=True, retries=False, timeout=30
        )
        self.tokens, self.catalogue, self.until = tokens, catalogue, until
        self.rng = random.Random(seed)
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.errors: list[str] = []

    def body(self) -> bytes:
        item = self.rng.choice(self.catalogue)
        supplied = [m for m in item["materials"] if self.rng.random() < 0.9]
        payload = {"item": item["code"], "form_data": FORM, "supplied": supplied}
        return json.dumps(payload, ensure_ascii=False).encode()

    def run(self):
        while time.monotonic() < self.until:
            token = self.rng.choice(self.tokens)
            body = self.body()
            started = time.perf_counter()
            try:
                if self.read:  # the reference: the same stack answering a small read
                    r = self.pool.urlopen(
                        "GET", READ_PATH, headers={"Authorization": f"Bearer {token}"}
                    )
                else:
                    r = self.pool.urlopen(
                        "POST",
                        "/api/cases/apply",
                        body=body,
                        headers={
                            "Authorization": f"Bearer {token}",
                            "Content-Type": "application/json",
                        },
                    )
                status = r.status
                if status != (200 if self.read else 201) and len(self.errors) < 5:
                    self.errors.append(f"{status} {r.data[:200].decode(errors='replace')}")
            except Exception as exc:  # noqa: BLE001 (counted and shown, the run goes on)
                status = 0
                if len(self.errors) < 5:
                    self.errors.append(repr(exc))
            self.latencies.append(time.perf_counter() - started)
            self.statuses[status] = self.statuses.get(status, 0) + 1


def load(port, clients, seconds, tokens, catalogue, seed, read=False) -> dict:
    until = time.monotonic() + seconds
    per_client = max(1, len(tokens) // clients)
    threads = [
        Client(
            port,
            tokens[i * per_client : (i + 1) * per_client] or tokens,
            catalogue,
            until,
            seed + i,
            read,
        )
        for i in range(clients)
    ]
    cpu_before = os.times()
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    cpu_after = os.times()
    statuses: dict[int, int] = {}
    latencies, errors = [], []
    for t in threads:
        latencies += t.latencies
        errors += t.errors
        for k, v in t.statuses.items():
            statuses[k] = statuses.get(k, 0) + v
    created = statuses.get(200 if read else 201, 0)
    client_cpu = (cpu_after.user - cpu_before.user) + (cpu_after.system - cpu_before.system)
    return {
        "seconds": elapsed,
        "created": created,
        "requests": sum(statuses.values()),
        "statuses": statuses,
        "rate": created / elapsed,
        "p50": common.percentile(latencies, 50) * 1000,
        "p95": common.percentile(latencies, 95) * 1000,
        "p99": common.percentile(latencies, 99) * 1000,
        "errors": errors[:5],
        "client_cpu": client_cpu / elapsed,
    }


# -- checks after the run --------------------------------------------------------------------
def check_written(expected: int) -> dict:
    import io

    from django.core.management import CommandError, call_command
    from django.db import connection

    from onewindow.cases.models import Case, CaseEvent

    connection.close()
    submitted = Case.objects.filter(status="submitted").count()
    others = Case.objects.exclude(status="submitted").count()
    events = CaseEvent.objects.filter(action="submit").count()
    out = io.StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=out)
        chain = "完好"
    except CommandError as exc:  # the first broken record
        chain = f"损坏: {exc}"
    return {
        "submitted": submitted,
        "other": others,
        "submit_events": events,
        "expected": expected,
        "chain": chain,
        "chain_output": out.getvalue().strip().splitlines()[-1:] if out.getvalue() else [],
    }


# -- pgbench ---------------------------------------------------------------------------------
def _literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (dict, list)):
        return "'" + json.dumps(value, ensure_ascii=False).replace("'", "''") + "'::jsonb"
    return "'" + str(value).replace("'", "''") + "'"


def insert_sql(model, explicit: dict, returning: str = "") -> str:
    """INSERT of one row of ``model``: explicit values (SQL text), others their defaults."""
    from django.db.models import NOT_PROVIDED

    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(field.column)
        if field.column in explicit:
            values.append(explicit[field.column])
        elif field.default is not NOT_PROVIDED:
            default = field.default() if callable(field.default) else field.default
            values.append(_literal(default))
        elif field.null:
            values.append("NULL")
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            values.append("now()")
        elif field.empty_strings_allowed:
            values.append("''")
        else:
            raise RuntimeError(f"{model.__name__}.{field.name}: no value for the bare insert")
    names = ", ".join(f'"{c}"' for c in columns)
    sql = f"INSERT INTO {model._meta.db_table} ({names}) VALUES ({', '.join(values)})"
    return sql + (f" RETURNING {returning}" if returning else "")


def pgbench_script(catalogue, applicant_ids, *, audit: bool = True) -> str:
    """One submission as bare SQL: case, materials, event, audit row under the head's lock.

    Without ``audit``, the same minus the audit row and the head (what the chain costs).
    """
    from onewindow.cases.models import Case, CaseEvent, CaseMaterial
    from onewindow.core.audit.models import AuditEvent

    item = catalogue[0]
    case = insert_sql(
        Case,
        {
            "number": "'PB' || lpad(nextval('bench_case_number')::text, 12, '0')",
            "applicant_id": ":applicant",
            "item_version_id": str(item["version_id"]),
            "status": "'submitted'",
            "channel": "'online'",
            "form_data": _literal(FORM),
            "created_at": "now()",
            "submitted_at": "now()",
        },
        returning="id AS case_id",
    )
    materials = []
    for order, type_id in enumerate(item["materials"], start=1):
        one = insert_sql(
            CaseMaterial,
            {
                "case_id": ":case_id",
                "material_type_id": str(type_id),
                "order": str(order),
                "name": f"'材料{order}'",
                "status": "'supplied'",
                "supplied_at": "now()",
            },
        )
        materials.append(one[one.index("VALUES ") + 7 :])
    head = materials and insert_sql(
        CaseMaterial,
        {
            "case_id": "0",
            "material_type_id": "0",
            "order": "0",
            "name": "''",
            "status": "''",
            "supplied_at": "NULL",
        },
    )
    materials_sql = head[: head.index("VALUES ") + 7] + ", ".join(materials)
    event = insert_sql(
        CaseEvent,
        {
            "case_id": ":case_id",
            "action": "'submit'",
            "status_from": "'draft'",
            "status_to": "'submitted'",
            "actor_id": ":applicant",
            "created_at": "now()",
        },
    )
    audit_row = insert_sql(
        AuditEvent,
        {
            "seq": ":seq + 1",
            "occurred_at": "now()",
            "actor_id": ":applicant",
            "actor_name": "'citizen'",
            "action": "'case.submit'",
            "object_type": "'cases.case'",
            "object_id": ":case_id",
            "object_repr": "'PB'",
            "result": "'success'",
            "before": """'{"status": "draft"}'::jsonb""",
            "after": """'{"status": "submitted"}'::jsonb""",
            "summary": "'提交申请'",
            "prev_hash": "':last_hash'",
            "hash": "encode(sha256(convert_to(':last_hash' || :case_id, 'UTF8')), 'hex')",
        },
        returning="id AS event_id, hash AS new_hash",
    )
    lo, hi = min(applicant_ids), max(applicant_ids)
    chain = [
        "SELECT count AS seq, last_hash FROM audit_auditchainhead WHERE id = 1 FOR UPDATE \\gset",
        audit_row + " \\gset",
        "UPDATE audit_auditchainhead SET last_id = :event_id, count = :seq + 1,"
        " last_hash = ':new_hash' WHERE id = 1;",
    ]
    return "\n".join(
        [
            f"\\set applicant random({lo}, {hi})",
            "BEGIN;",
            case + " \\gset",
            materials_sql + ";",
            event + ";",
            *(chain if audit else []),
            "END;",
            "",
        ]
    )


def run_pgbench(url: str, clients: int, seconds: int, script: str) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE SEQUENCE IF NOT EXISTS bench_case_number")
    connection.close()
    path = Path("/tmp/onewindow_bench_submission.sql")
    path.write_text(script, encoding="utf-8")
    cmd = [
        common.pg_binary("pgbench"),
        "-n",
        "-c",
        str(clients),
        "-j",
        str(min(clients, os.cpu_count() or 1)),
        "-T",
        str(seconds),
        "-f",
        str(path),
        url,
    ]
    done = subprocess.run(cmd, text=True, capture_output=True)
    if done.returncode != 0:
        return {"error": (done.stderr or done.stdout)[-800:]}
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", done.stdout)
    latency = re.search(r"latency average = ([\d.]+) ms", done.stdout)
    failed = re.search(r"number of failed transactions: (\d+)", done.stdout)
    return {
        "tps": float(tps.group(1)) if tps else float("nan"),
        "latency": float(latency.group(1)) if latency else float("nan"),
        "failed": int(failed.group(1)) if failed else 0,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn 工作进程数（每核一个）")
    parser.add_argument("--threads", type=int, default=4, help="每个工作进程的线程数")
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--citizens", type=int, default=200)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--pgbench-seconds", type=int, default=30)
    parser.add_argument("--no-pgbench", action="store_true")
    parser.add_argument(
        "--read-seconds", type=float, default=15, help="同一服务上小查询的参照时长（0 不测）"
    )
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    url = common.recreate_database(DB_NAME)
    common.setup_django()
    from django.db import connection

    with common.Timer() as prep:
        common.migrate()
        catalogue, tokens = seed(args.items, args.citizens, rng)
        common.analyze()
    from onewindow.accounts.models import User

    applicant_ids = list(User.objects.filter(kind="citizen").values_list("pk", flat=True))
    version = common.server_version()
    settings_line = common.pg_settings()
    connection.close()

    server = start_gunicorn(args.port, args.workers, args.threads)
    try:
        wait_ready(args.port, tokens[0], server)
        warm = load(args.port, args.clients, args.warmup, tokens, catalogue, args.seed + 100)
        result = load(args.port, args.clients, args.seconds, tokens, catalogue, args.seed)
        reads = None
        if args.read_seconds > 0:
            reads = load(
                args.port, args.clients, args.read_seconds, tokens, catalogue, args.seed, read=True
            )
    finally:
        stop(server)
    written = check_written(warm["created"] + result["created"])
    bench = bare = None
    if not args.no_pgbench:
        bench = run_pgbench(
            url, args.clients, args.pgbench_seconds, pgbench_script(catalogue, applicant_ids)
        )
        bare = run_pgbench(
            url,
            args.clients,
            args.pgbench_seconds,
            pgbench_script(catalogue, applicant_ids, audit=False),
        )

    print(f"数据库: PostgreSQL {version} ({settings_line}), 库 {DB_NAME}")
    print(f"机器: {common.machine()}")
    print(
        f"服务: gunicorn gthread {args.workers} 进程 × {args.threads} 线程; "
        f"客户端: {args.clients} 个线程 (urllib3 保持连接), 令牌 {len(tokens)} 个, "
        f"事项 {len(catalogue)} 个; 准备用时 {prep.seconds:.1f} s"
    )
    print(
        f"HTTP 申请并提交: {result['created']} 件 / {result['seconds']:.1f} s = "
        f"{result['rate']:.0f} 件/秒; 延迟 p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, "
        f"p99 {result['p99']:.1f} ms; 状态码 {result['statuses']}; "
        f"客户端占用 CPU {result['client_cpu']:.2f} 核"
    )
    for error in result["errors"]:
        print(f"  非 201 回答: {error}")
    if reads is not None:
        print(
            f"参照: 同一服务 GET {READ_PATH} (令牌+一次查询): {reads['rate']:.0f} 次/秒; "
            f"延迟 p50 {reads['p50']:.1f} ms, p95 {reads['p95']:.1f} ms; 状态码 {reads['statuses']}"
        )
    print(
        f"核对: 待受理办件 {written['submitted']} 件 (应为 {written['expected']}), "
        f"其他状态 {written['other']} 件, 提交记录 {written['submit_events']} 条; "
        f"审计链 {written['chain']} {' '.join(written['chain_output'])}"
    )
    for label, run in (("办件+材料+进度+审计(链头加锁)", bench), ("办件+材料+进度, 无审计", bare)):
        if run is None:
            continue
        if "error" in run:
            print(f"pgbench ({label}) 失败: {run['error']}")
        else:
            print(
                f"pgbench 裸事务 {label}, {args.clients} 客户端, {args.pgbench_seconds} s: "
                f"{run['tps']:.0f} 事务/秒, 平均延迟 {run['latency']:.2f} ms, "
                f"失败 {run['failed']}"
            )
    ok = (
        result["rate"] >= TARGET_PER_SECOND
        and written["submitted"] == written["expected"]
        and written["chain"] == "完好"
    )
    print(f"目标 >= {TARGET_PER_SECOND:.0f} 件/秒: " + ("达到" if ok else "未达到"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
