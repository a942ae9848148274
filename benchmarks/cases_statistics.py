"""Benchmark: the leader's statistics board (办件统计) with a large case history.

    .venv/bin/python benchmarks/cases_statistics.py --generate            # 1,000,000 cases
    .venv/bin/python benchmarks/cases_statistics.py                       # reuse the data
    .venv/bin/python benchmarks/cases_statistics.py --database onewindow_stats --cases 200000

The data is ``generate_cases.py``'s (cases over two years, their clocks computed with the
real calendar) in a throw-away PostgreSQL database (``onewindow_bench_stats`` unless
``--database``), built once and reused. Timed in process, after warm-up:

- ``statistics.build_report(Scope(), Filters.for_year(y))`` for the year with the most
  decided cases (what the page and the Excel export compute), bureau-wide;
- the same for the busiest department (what a department's staff see);
- the page ``GET /cases/statistics/?year=y`` as a leader, through the whole Django stack.

Target: p95 < 1 s at 1,000,000 cases. Exit status 1 when a p95 misses it; with fewer
cases the output says which size was measured.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cases_common as common  # noqa: E402
from cases_worklist import database_exists  # noqa: E402

DB_NAME = "onewindow_bench_stats"
TARGET_P95_MS = 1000.0


def busiest_year_and_department() -> tuple[int, int]:
    from django.db.models import Count, F
    from django.db.models.functions import ExtractYear

    from onewindow.cases.models import Case
    from onewindow.cases.statistics import report as st

    year = (
        Case.objects.filter(decided_at__isnull=False)
        .values(y=ExtractYear("decided_at"))
        .annotate(n=Count("pk"))
        .order_by("-n")[0]["y"]
    )
    department = (
        st.scoped_cases(st.Scope(), st.Filters.for_year(year))
        .values(d=F("k_department"))
        .annotate(n=Count("pk"))
        .order_by("-n")[0]["d"]
    )
    return year, department


def leader():
    from onewindow.accounts.constants import Role
    from onewindow.accounts.models import User

    found = User.objects.filter(username__startswith="benchleader").first()
    return found or common.make_users(1, prefix="benchleader", role=Role.LEADER)[0]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--generate", action="store_true", help="先生成（或重新生成）数据")
    parser.add_argument("--database", default=DB_NAME)
    parser.add_argument("--cases", type=int, default=1_000_000, help="生成时的办件数")
    parser.add_argument("--requests", type=int, default=20, help="每项计时的次数")
    args = parser.parse_args(argv)

    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if args.generate or not database_exists(args.database):
        import generate_cases

        summary = generate_cases.build(args.database, args.cases, 0.05)
        generate_cases.report(summary)
    else:
        common.use_database(args.database)
        common.setup_django()
        common.migrate()  # migrations added since the data was built

    from django.test import Client

    from onewindow.cases.models import Case
    from onewindow.cases.statistics import report as st
    from onewindow.org.models import Department

    total_cases = Case.objects.count()
    year, department_id = busiest_year_and_department()
    department = Department.objects.get(pk=department_id)
    print(f"数据库: PostgreSQL {common.server_version()}, 库 {args.database}")
    print(f"机器: {common.machine()}")
    print(f"数据: 办件 {total_cases:,}; 统计年度 {year}")

    filters = st.Filters.for_year(year)
    bureau = st.build_report(st.Scope(), filters)
    print(
        f"全局: 受理 {bureau.total.received:,}, 办结 {bureau.total.decided:,}, "
        f"按期 {bureau.total.on_time:,}, 用时合计 {bureau.total.days_total:,} 个工作日"
    )
    page = Client(SERVER_NAME="127.0.0.1")
    page.force_login(leader())
    url = f"/cases/statistics/?year={year}"
    assert page.get(url).status_code == 200

    def dept_report():
        return st.build_report(st.Scope(department.pk, department.name), filters)

    runs = [
        ("build_report 全局", lambda: st.build_report(st.Scope(), filters)),
        (f"build_report 部门 #{department.pk}", dept_report),
        ("页面 GET /cases/statistics/ (局领导)", lambda: page.get(url)),
    ]
    print(f"  {'计时项':<40}{'次数':>6}{'p50':>9}{'p95':>9}{'最大':>9}{'SQL数':>7}")
    failed = False
    for label, call in runs:
        r = common.timed(label, call, args.requests, warmup=2)
        queries = common.count_queries(call)
        print(
            f"  {label:<40}{r['n']:>6}{r['p50']:>9.0f}{r['p95']:>9.0f}{r['max']:>9.0f}{queries:>7}"
        )
        failed |= r["p95"] >= TARGET_P95_MS
    print(f"负载(结束时): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    verdict = "未达到" if failed else "达到"
    if total_cases < 1_000_000:
        verdict += f"（在 {total_cases:,} 件办件上测得，目标针对 1,000,000 件）"
    print(f"单位: 毫秒 (ms); 目标 p95 < 1000 ms: {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
