"""Benchmark: the governance pages with 10 years of records (issue 14: p95 < 100 ms).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/governance_pages.py [--requests 200] [--years 10]

Builds a throw-away PostgreSQL database ``onewindow_bench_govpages`` holding ten years of a
district bureau's governance records, written with bulk_create (volumes per year, an
estimate for a bureau of about 90 staff and 30 divisions, see docs/performance.md):

- 60 meetings (24 党组会议, 24 局长办公会, 12 支部委员会), 5 items each (a party-group
  meeting opens with a study item; one item in four is 三重一大, filed and commented on),
  7 members' attendance each: 600 meetings, 3,000 items, 4,200 attendance rows;
- 2,000 expenditure requests, each signed through the chain (3 signatures): 20,000
  requests and 60,000 signatures; the newest 60 still wait at one step or another;
- 500 fixed assets bought (5,000 in the register, one in ten disposed), two
  reconciliations a year with 40 differences each, one inventory count a year.

Then, in process through the whole Django stack (middleware, session, templates), as the
office (who sees all three registers) and as the principal (whose expenditure page lists
what waits for his signature), it times each page: the lists (first page, a deep page, a
search) and the details of random records. Beside them, in the same run, the two page
ceilings of benchmarks/ceiling.py with the same session authentication: a bare view with
one SELECT, and the site's frame (base.html) around nothing. Queries per page are counted
once, outside the timing.

Target: p95 < 100 ms for each page. Exit status 1 when one misses it.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cases_common as common  # noqa: E402

DB_NAME = "onewindow_bench_govpages"
TARGET_P95_MS = 100.0
MEETINGS_PER_YEAR = {"party_group": 24, "director": 24, "branch": 12}
ITEMS_PER_MEETING = 5
MEMBERS = 7
EXPENDITURES_PER_YEAR = 2000
ASSETS_PER_YEAR = 500
OPEN_EXPENDITURES = 60


def build(years: int, rng: random.Random) -> dict:
    from django.contrib.auth import get_user_model

    from onewindow.accounts.constants import Role
    from onewindow.accounts.models import UserRole
    from onewindow.governance.constants import ItemKind
    from onewindow.governance.models import (
        AgendaItem,
        Asset,
        Attendance,
        Expenditure,
        ExpenditureSignature,
        FilingComment,
        InventoryCount,
        Meeting,
        Reconciliation,
    )

    User = get_user_model()
    started = time.perf_counter()
    departments = common.seed_departments()
    office = common.make_users(1, prefix="office", role=Role.OFFICE, department=departments[0])[0]
    principal = common.make_users(1, prefix="principal", role=Role.PRINCIPAL)[0]
    members = common.make_users(MEMBERS - 1, prefix="member", role=Role.PARTY_MEMBER)
    UserRole.objects.bulk_create(
        [
            UserRole(user=principal, role=Role.LEADER),
            UserRole(user=principal, role=Role.PARTY_MEMBER),
        ]
    )
    members = [principal, *members]
    discipline = common.make_users(1, prefix="discipline", role=Role.DISCIPLINE_OFFICER)[0]
    clerks = []
    for d in departments:
        clerks += common.make_users(3, prefix=f"clerk{d.pk:03d}_", role=Role.CLERK, department=d)
    heads = {
        d.pk: common.make_users(
            1, prefix=f"head{d.pk:03d}_", role=Role.DIVISION_HEAD, department=d
        )[0]
        for d in departments
    }
    today = date.today()
    first_year = today.year - years + 1

    # -- meetings ----------------------------------------------------------------------------
    meetings = []
    for year in range(first_year, today.year + 1):
        for kind, per_year in MEETINGS_PER_YEAR.items():
            for k in range(per_year):
                held = date(year, 1, 1) + timedelta(
                    days=int(k * 365 / per_year) + rng.randint(0, 6)
                )
                if held > today:
                    continue
                title = {
                    "party_group": "党组会议",
                    "director": "局长办公会",
                    "branch": "支部委员会",
                }[kind]
                meetings.append(
                    Meeting(
                        kind=kind,
                        title=f"{year}年第{k + 1}次{title}",
                        held_on=held,
                        place="三楼会议室",
                        chaired_by=principal,
                        status="final",
                        minutes="会议研究了有关事项。",
                        created_by=office,
                    )
                )
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    kinds = [ItemKind.ORDINARY, ItemKind.ORDINARY, ItemKind.ORDINARY] + sorted(
        {ItemKind.MAJOR_DECISION, ItemKind.LARGE_SUM, ItemKind.MAJOR_PROJECT, ItemKind.CADRE}
    )
    items, attendance = [], []
    for m in meetings:
        for order in range(1, ITEMS_PER_MEETING + 1):
            kind = ItemKind.STUDY if order == 1 else rng.choice(kinds)
            sanzhong = kind not in (ItemKind.STUDY, ItemKind.ORDINARY)
            items.append(
                AgendaItem(
                    meeting=m,
                    order=order,
                    title=f"议题{order}：关于有关事项的请示",
                    kind=kind,
                    filed_on=m.held_on - timedelta(days=7) if sanzhong else None,
                    filed_by=office if sanzhong else None,
                    decision="同意。",
                    votes_for=MEMBERS,
                    present_count=MEMBERS,
                    member_count=MEMBERS,
                    outcome="passed",
                )
            )
        attendance += [Attendance(meeting=m, person=u, present=True) for u in members]
    AgendaItem.objects.bulk_create(items, batch_size=5000)
    Attendance.objects.bulk_create(attendance, batch_size=5000)
    FilingComment.objects.bulk_create(
        [
            FilingComment(item=i, author=discipline, text="已审阅，无意见。")
            for i in items
            if i.filed_on is not None
        ],
        batch_size=5000,
    )

    # -- expenditures ------------------------------------------------------------------------
    expenditures = []
    total_days = (today - date(first_year, 1, 1)).days
    count = EXPENDITURES_PER_YEAR * years
    for n in range(count):
        filed = date(first_year, 1, 1) + timedelta(days=int(n * total_days / count))
        clerk = clerks[n % len(clerks)]
        waiting = n >= count - OPEN_EXPENDITURES
        status = ["head", "deputy", "principal"][n % 3] if waiting else "approved"
        expenditures.append(
            Expenditure(
                number=f"ZC{filed.year}{n:06d}",
                purpose=rng.choice(["购买办公用品", "打印机耗材", "会议场地租赁", "窗口设备维护"]),
                amount=Decimal(rng.choice([800, 2600, 5000, 9800, 12000, 36000])),
                department_id=clerk.department_id,
                filed_by=clerk,
                filed_on=filed,
                is_asset_purchase=n % 10 == 0,
                status=status,
                approved_on=None if waiting else filed + timedelta(days=3),
            )
        )
    Expenditure.objects.bulk_create(expenditures, batch_size=5000)
    signatures = []
    for e in expenditures:
        steps = {"head": 0, "deputy": 1, "principal": 2}.get(e.status, 3)
        signers = [heads[e.department_id], members[1], principal][:steps]
        for step, signer in zip(("head", "deputy", "principal"), signers, strict=False):
            signatures.append(
                ExpenditureSignature(expenditure=e, step=step, signer=signer, approved=True)
            )
    ExpenditureSignature.objects.bulk_create(signatures, batch_size=5000)

    # -- assets, reconciliations, counts ------------------------------------------------------
    assets = []
    purchases = [e for e in expenditures if e.is_asset_purchase and e.status == "approved"]
    for n in range(ASSETS_PER_YEAR * years):
        bought = date(first_year, 1, 1) + timedelta(days=int(n * total_days / (500 * years)))
        assets.append(
            Asset(
                number=f"ZC{n:07d}",
                name=rng.choice(["台式计算机", "激光打印机", "投影仪", "办公桌", "文件柜"]),
                category_code="2010101",
                purchased_on=bought,
                price=Decimal(rng.randint(800, 12000)),
                expenditure=purchases[n % len(purchases)],  # every purchase entered in time
                custodian=clerks[n % len(clerks)],
                location="政务服务中心",
                status="disposed" if n % 10 == 0 else "in_use",
                entered_on=bought,
            )
        )
    Asset.objects.bulk_create(assets, batch_size=5000)
    differences = [
        {"kind": "value", "number": f"ZC{i:07d}", "register": "4500.00", "ledger": "4600.00"}
        for i in range(40)
    ]
    Reconciliation.objects.bulk_create(
        [
            Reconciliation(
                done_on=date(year, month, 20),
                done_by=office,
                original_name=f"{year}年资产台账.xlsx",
                register_count=ASSETS_PER_YEAR * (year - first_year + 1),
                ledger_count=ASSETS_PER_YEAR * (year - first_year + 1),
                differences=differences,
            )
            for year in range(first_year, today.year + 1)
            for month in (6, 12)
            if date(year, month, 20) <= today
        ]
    )
    InventoryCount.objects.bulk_create(
        [
            InventoryCount(title=f"{year}年固定资产盘点", started_by=office)
            for year in range(first_year, today.year + 1)
        ]
    )
    common.analyze()
    return {
        "office": office,
        "principal": principal,
        "seconds": time.perf_counter() - started,
        "meetings": [m.pk for m in meetings],
        "expenditures": [e.pk for e in expenditures],
        "counts": {
            "meetings": len(meetings),
            "items": len(items),
            "attendance": len(attendance),
            "expenditures": len(expenditures),
            "signatures": len(signatures),
            "assets": len(assets),
            "users": User.objects.count(),
        },
    }


def timed(label, client, urls, n, warm=10) -> dict:
    from django.db import connection

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    for i in range(warm):
        get(urls[i % len(urls)])
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        get(urls[0])
    times = []
    for i in range(n):
        url = urls[i % len(urls)]
        started = time.perf_counter()
        get(url)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "label": label,
        "n": n,
        "p50": statistics.median(times),
        "p95": common.percentile(times, 95),
        "p99": common.percentile(times, 99),
        "max": max(times),
        "queries": len(queries),
        "ceiling": False,
    }


def measure(built, requests: int, rng: random.Random) -> list[dict]:
    from django.test import Client

    office = Client(SERVER_NAME="127.0.0.1")
    office.force_login(built["office"])
    principal = Client(SERVER_NAME="127.0.0.1")
    principal.force_login(built["principal"])
    meetings = rng.sample(built["meetings"], 50)
    expenditures = rng.sample(built["expenditures"], 50)
    numbers = [f"ZC{rng.randint(0, 4999):07d}"[:7] for _ in range(50)]
    expenditure_pages = max(1, len(built["expenditures"]) // 30)

    def ceilings(when):
        return [
            {
                **timed(f"天花板：裸视图（{when}）", office, ["/bench/page-ceiling/"], requests),
                "ceiling": True,
            },
            {
                **timed(f"天花板：页面框架（{when}）", office, ["/bench/frame-ceiling/"], requests),
                "ceiling": True,
            },
        ]

    results = ceilings("前")
    pages = [
        ("会议列表 第1页", office, ["/governance/meetings/"]),
        ("会议列表 第15页", office, ["/governance/meetings/?page=15"]),
        ("会议详情（随机）", office, [f"/governance/meetings/{pk}/" for pk in meetings]),
        ("支出列表 第1页（办公室）", office, ["/governance/expenditures/"]),
        (
            "支出列表 随机深页（办公室）",
            office,
            [
                f"/governance/expenditures/?page={rng.randint(2, expenditure_pages)}"
                for _ in range(50)
            ],
        ),
        ("支出列表 第1页（主要领导，含待审）", principal, ["/governance/expenditures/"]),
        ("支出详情（随机）", office, [f"/governance/expenditures/{pk}/" for pk in expenditures]),
        ("资产页 第1页", office, ["/governance/assets/"]),
        ("资产页 第60页", office, ["/governance/assets/?page=60"]),
        ("资产页 按编号搜索", office, [f"/governance/assets/?q={q}" for q in numbers]),
    ]
    for label, client, urls in pages:
        results.append(timed(label, client, urls, requests))
    return results + ceilings("后")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.ceiling_settings"
    common.recreate_database(DB_NAME)
    common.setup_django()
    common.migrate()
    rng = random.Random(2026)
    built = build(args.years, rng)
    print(f"数据库: PostgreSQL {common.server_version()}, 库 {DB_NAME}")
    print(f"机器: {common.machine()}")
    counts = ", ".join(f"{k} {v:,}" for k, v in built["counts"].items())
    print(f"数据（{args.years} 年）: {counts}; 生成 {built['seconds']:.0f} 秒")
    failed = False
    print(f"  {'计时项':<34}{'次数':>6}{'p50':>8}{'p95':>8}{'p99':>8}{'最大':>8}{'SQL数':>7}")
    for r in measure(built, args.requests, rng):
        print(
            f"  {r['label']:<34}{r['n']:>6}{r['p50']:>8.1f}{r['p95']:>8.1f}"
            f"{r['p99']:>8.1f}{r['max']:>8.1f}{r['queries']:>7}"
        )
        if not r["ceiling"]:
            failed |= r["p95"] >= TARGET_P95_MS
    print(f"结束时负载: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"单位: 毫秒 (ms); 目标 p95 < {TARGET_P95_MS:.0f} ms: " + ("未达到" if failed else "达到")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
