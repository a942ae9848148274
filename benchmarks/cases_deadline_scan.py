"""Benchmark: the daily deadline scan over 1,000,000 open cases (issue 4's target).

    .venv/bin/python benchmarks/cases_deadline_scan.py --generate   # build the data first
    .venv/bin/python benchmarks/cases_deadline_scan.py              # reuse it

The data (``generate_cases.py --open-share 1.0``: 1,000,000 open cases in the database
``onewindow_bench_scan``, their clocks started over the last weeks with the real calendar,
3 % already overdue, the rest spread over their limits; the approved decided ones waiting
for delivery with a running delivery clock, 3 % of them overdue) is built once and reused.
Each run first empties ``cases_casewarning`` (so the day's scan is the first one again),
then times ``onewindow.cases.clocks.deadlines.run_daily_scan``:

1. today, first scan of the day (raises every warning level reached: the heavy one);
2. today again (nothing new: the scan is idempotent);
3. tomorrow (only the clocks that cross a threshold overnight).

Runs that raise warnings print them per clock kind (promised, statutory, delivery) and level.

Notifications go to a file under /tmp. Target: run 1 under 10 s. Exit status 1 if missed.
"""

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cases_common as common  # noqa: E402
from cases_worklist import database_exists  # noqa: E402

DB_NAME = "onewindow_bench_scan"
TARGET_SECONDS = 10.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--generate", action="store_true", help="先生成（或重新生成）数据")
    parser.add_argument("--cases", type=int, default=1_000_000)
    args = parser.parse_args(argv)

    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["NOTIFY_BACKENDS"] = "file"
    os.environ["NOTIFY_FILE_PATH"] = "/tmp/onewindow_bench_notifications.log"
    os.environ["CELERY_BROKER_URL"] = ""  # in-process
    if args.generate or not database_exists(DB_NAME):
        import generate_cases

        summary = generate_cases.build(DB_NAME, args.cases, 1.0)
        generate_cases.report(summary)
    else:
        common.use_database(DB_NAME)
        common.setup_django()
        common.migrate()  # migrations added since the data was built

    from django.db import connection
    from django.utils import timezone

    try:
        from onewindow.cases.clocks.deadlines import run_daily_scan
    except ImportError as exc:
        print(f"onewindow.cases.clocks.deadlines.run_daily_scan 尚不存在 ({exc})")
        return 2
    from onewindow.cases.constants import CLOCKED_STATUSES
    from onewindow.cases.models import Case, CaseWarning

    today = timezone.localdate()
    open_cases = Case.objects.exclude(status__in=("concluded", "refused", "terminated")).count()
    clocked = Case.objects.filter(status__in=CLOCKED_STATUSES).count()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE cases_casewarning")
    print(f"数据库: PostgreSQL {common.server_version()}, 库 {DB_NAME}")
    print(f"机器: {common.machine()}")
    print(f"数据: 未办结办件 {open_cases:,}（其中计时中 {clocked:,}）; 今天 {today}")
    runs = [("今天，首次扫描", today), ("今天，再次扫描", today), ("明天", today + timedelta(1))]
    failed = False
    for label, day in runs:
        started = time.perf_counter()
        result = run_daily_scan(day)
        seconds = time.perf_counter() - started
        shown = {k: v for k, v in result.items() if k not in ("warnings",)}
        print(f"{label}: {seconds:.2f} s  {shown}")
        if label == runs[0][0]:
            failed = seconds >= TARGET_SECONDS
        if result.get("warnings_raised"):
            for kind, levels in (result.get("warnings") or {}).items():
                print(f"  预警 {kind}: {levels}")
    print(f"预警记录共 {CaseWarning.objects.count():,} 条")
    print(f"目标 首次扫描 < {TARGET_SECONDS:.0f} s: " + ("未达到" if failed else "达到"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
