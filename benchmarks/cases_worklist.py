"""Benchmark: a department's worklist with 1,000,000 cases in the database (issue 4's target).

    .venv/bin/python benchmarks/cases_worklist.py --generate     # build the data first
    .venv/bin/python benchmarks/cases_worklist.py                # reuse it

The data (``generate_cases.py``: 1,000,000 cases over two years in the database
``onewindow_bench_cases``, 5 % open, tasks spread unevenly over the 30 departments) is
built once and reused. The benchmark signs in as a plain department approver (role
approver only) of the busiest department and of a middling one, and times, in process
through the whole Django stack (middleware, session, template or JSON):

- the page ``cases:department_worklist`` (first page), when it exists;
- the API ``GET /api/cases/worklist`` (first page, 50 rows, with a bearer token);
- the selector alone: ``selectors.department_tasks(user)``, count and first 50 rows.

Target: p95 < 50 ms. Exit status 1 when a p95 misses it.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cases_common as common  # noqa: E402

DB_NAME = "onewindow_bench_cases"
TARGET_P95_MS = 50.0


def database_exists(name: str) -> bool:
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    admin = urlunsplit(urlsplit(common.bench_url(name))._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()


def departments_to_try():
    """(busiest, middling) departments by open tasks, with their open task counts."""
    from django.db.models import Count

    from onewindow.cases.constants import OPEN_TASK_STATUSES
    from onewindow.cases.models import DepartmentTask

    rows = list(
        DepartmentTask.objects.filter(status__in=OPEN_TASK_STATUSES)
        .values("department_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    return [rows[0], rows[len(rows) // 2]]


def approver_of(department_id: int):
    from onewindow.accounts.constants import Role
    from onewindow.accounts.models import User

    user = User.objects.get(username__startswith="approver", department_id=department_id)
    assert user.roles == {Role.APPROVER}, user.roles  # a plain approver, nothing more
    return user


def explain(user) -> str:
    from django.db import connection

    from onewindow.cases import selectors

    sql, params = selectors.department_tasks(user)[:50].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def measure(department: dict, n: int, show_plan: bool) -> list[dict]:
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from onewindow.accounts.services import issue_api_token
    from onewindow.cases import selectors

    user = approver_of(department["department_id"])
    token = issue_api_token(user, "基准测试", scopes=["read", "staff"])
    results = []

    def check(response, kind):
        assert response.status_code == 200, (kind, response.status_code)
        return response

    try:
        page_url = reverse("cases:department_worklist")
    except NoReverseMatch:
        page_url = None
    if page_url:
        page = Client(SERVER_NAME="127.0.0.1")
        page.force_login(user)
        first = check(page.get(page_url), "page")
        top = selectors.department_tasks(user).first()
        assert top is not None and top.case.number in first.content.decode()
        result = common.timed("页面 cases:department_worklist", lambda: page.get(page_url), n)
        result["queries"] = common.count_queries(lambda: page.get(page_url))
        results.append(result)

    api = Client(SERVER_NAME="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {token}")
    body = check(api.get("/api/cases/worklist"), "api").json()
    assert len(body["items"]) == 50 and body["next"], body.get("next")
    result = common.timed("接口 GET /api/cases/worklist", lambda: api.get("/api/cases/worklist"), n)
    result["queries"] = common.count_queries(lambda: api.get("/api/cases/worklist"))
    results.append(result)

    def selector_only():
        tasks = selectors.department_tasks(user)
        return tasks.count(), list(tasks[:50])

    result = common.timed("选择器 department_tasks（计数+前50条）", selector_only, n)
    result["queries"] = common.count_queries(selector_only)
    results.append(result)
    if show_plan:
        print(explain(user))
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--generate", action="store_true", help="先生成（或重新生成）数据")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--open-share", type=float, default=0.05)
    parser.add_argument("--requests", type=int, default=300, help="每项计时的请求次数")
    parser.add_argument("--explain", action="store_true", help="打印主查询的执行计划")
    args = parser.parse_args(argv)

    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if args.generate or not database_exists(DB_NAME):
        import generate_cases

        summary = generate_cases.build(DB_NAME, args.cases, args.open_share)
        generate_cases.report(summary)
    else:
        common.use_database(DB_NAME)
        common.setup_django()
        common.migrate()  # migrations added since the data was built

    from onewindow.cases.models import Case, DepartmentTask

    total_cases = Case.objects.count()
    total_tasks = DepartmentTask.objects.count()
    print(f"数据库: PostgreSQL {common.server_version()}, 库 {DB_NAME}")
    print(f"机器: {common.machine()}")
    print(f"数据: 办件 {total_cases:,}, 部门审查任务 {total_tasks:,}")
    failed = False
    for label, department in zip(("最忙的部门", "中等部门"), departments_to_try(), strict=True):
        print(f"{label} (部门 #{department['department_id']}): 未办结任务 {department['n']:,}")
        print(f"  {'计时项':<36}{'次数':>6}{'p50':>8}{'p95':>8}{'p99':>8}{'最大':>8}{'SQL数':>7}")
        for r in measure(department, args.requests, args.explain):
            print(
                f"  {r['label']:<36}{r['n']:>6}{r['p50']:>8.1f}{r['p95']:>8.1f}"
                f"{r['p99']:>8.1f}{r['max']:>8.1f}{r['queries']:>7}"
            )
            failed |= r["p95"] >= TARGET_P95_MS
    print("单位: 毫秒 (ms); 目标 p95 < 50 ms: " + ("未达到" if failed else "达到"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
