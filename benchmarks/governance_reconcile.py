"""Benchmark: reconciling 50,000 fixed assets against the finance centre's Excel ledger
(issue 14's target: under 5 s).

    .venv/bin/python benchmarks/governance_reconcile.py [--assets 50000]

Builds a throw-away SQLite database (/tmp/onewindow_bench_gov.sqlite3), bulk-creates the
assets and an .xlsx of the finance ledger with 5 planted differences (one missing, one
extra, two values, one custodian), then times ``governance.assets.services.reconcile``
(reading the workbook, comparing, saving the result, auditing) and checks that the 5
differences are found. Exit status 1 if the target is missed or a difference is not found.
"""

import argparse
import io
import os
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB = Path("/tmp/onewindow_bench_gov.sqlite3")
TARGET_SECONDS = 5.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assets", type=int, default=50_000)
    args = parser.parse_args(argv)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onewindow.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from openpyxl import Workbook

    from onewindow.accounts.constants import Role
    from onewindow.accounts.models import User, UserRole
    from onewindow.governance.assets import services
    from onewindow.governance.models import Asset

    office = User.objects.create(username="bench-office", display_name="高文静")
    UserRole.objects.create(user=office, role=Role.OFFICE)
    day = date(2020, 1, 1)
    n = args.assets
    Asset.objects.bulk_create(
        [
            Asset(
                number=f"ZC{i:07d}",
                name="台式计算机",
                category_code="2010101",
                purchased_on=day,
                price=Decimal(3000 + i % 5000),
                custodian=office,
                entered_on=day,
            )
            for i in range(n)
        ],
        batch_size=5000,
    )
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["资产编号", "资产名称", "原值", "保管人"])
    for i in range(n):
        if i == 17:
            continue  # missing from the ledger
        price = 3000 + i % 5000 + (100 if i in (101, 301) else 0)
        sheet.append([f"ZC{i:07d}", "台式计算机", price, "王五" if i == 201 else "高文静"])
    sheet.append(["ZC9999999", "投影仪", 3200, "高文静"])  # not in the register
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    office.forget_roles()
    started = time.perf_counter()
    result = services.reconcile(office, data=data, original_name="ledger.xlsx")
    seconds = time.perf_counter() - started
    found = sorted((d["kind"], d["number"]) for d in result.differences)
    print(f"{n} assets, {len(data) / 1e6:.1f} MB workbook: reconciled in {seconds:.2f} s")
    print(f"differences: {found}")
    ok = seconds < TARGET_SECONDS and len(found) == 5
    print("OK" if ok else f"MISSED (target {TARGET_SECONDS} s, 5 differences)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
