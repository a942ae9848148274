"""What the cases benchmarks share: a throw-away PostgreSQL database, Django, seed data, facts.

Never the database you work in: each benchmark drops and creates its own database
(``onewindow_bench`` by default) on the server that DATABASE_URL names.
"""

import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def bench_url(name: str) -> str:
    """DATABASE_URL's server with the database ``name`` (the server must be PostgreSQL)."""
    url = os.environ.get("DATABASE_URL") or DEFAULT_SERVER
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("这些基准测试需要 PostgreSQL：请设置 DATABASE_URL=postgres://...")
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def recreate_database(name: str) -> str:
    """Drop and create ``name``; point DATABASE_URL at it; return its URL."""
    import psycopg

    url = bench_url(name)
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    return url


def use_database(name: str) -> str:
    url = bench_url(name)
    os.environ["DATABASE_URL"] = url
    return url


def setup_django():
    sys.path.insert(0, str(REPO_ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onewindow.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def migrate():
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def seed_calendar():
    from django.utils import timezone

    from onewindow.core.workdays.services import seed_from_package

    year = timezone.localdate().year
    seed_from_package([y for y in (year - 2, year - 1, year) if y <= 2026] or [2026])


def seed_departments() -> list:
    """The demo's 30 departments (bureau units and stationed departments)."""
    from onewindow.org.demo_data import BUREAU_UNITS, STATIONED_DEPARTMENTS
    from onewindow.org.models import Department

    rows = [(c, n, s, "bureau_unit") for c, n, s, _ in BUREAU_UNITS] + [
        (c, n, s, "stationed") for c, n, s, _ in STATIONED_DEPARTMENTS
    ]
    Department.objects.bulk_create(
        Department(code=code, name=name, short_name=short, kind=kind, sort_order=i)
        for i, (code, name, short, kind) in enumerate(rows)
    )
    return list(Department.objects.order_by("pk"))


SUBJECTS = [
    "食品经营许可证",
    "公共场所卫生许可证",
    "建筑工程施工许可证",
    "道路运输经营许可证",
    "药品零售企业许可证",
    "娱乐场所经营许可证",
    "排污许可证",
    "取水许可",
    "户外广告设施设置审批",
    "城镇污水排入排水管网许可证",
    "民办学校办学许可证",
    "人力资源服务许可证",
    "燃气经营许可证",
    "特种设备使用登记",
    "医疗机构执业许可证",
]
ACTIONS = ["核发", "变更", "延续", "注销", "补办", "新办"]
MATERIALS = [
    ("申请书", False),
    ("营业执照", False),
    ("法定代表人身份证明", False),
    ("经营场所证明", True),
    ("设施设备清单", True),
    ("平面布局图", True),
    ("管理制度文本", True),
    ("从业人员健康证明", True),
]


def seed_items(count: int, departments, rng, weights=None) -> list[dict]:
    """``count`` published items (through catalog.services.create_item), 3–6 materials each.

    Each item's department is drawn with ``weights`` (uniform without). Returns
    [{"code", "version_id", "department_id", "materials": [material-type ids], ...}, ...].
    """
    from onewindow.catalog import services as catalog_services
    from onewindow.catalog.constants import ItemKind

    items = []
    names = [s + a for s in SUBJECTS for a in ACTIONS]
    rng.shuffle(names)
    for i in range(count):
        statutory = rng.choice([10, 15, 20])
        name = names[i % len(names)]
        if i >= len(names):
            name += f"（{i // len(names) + 1}）"
        chosen = MATERIALS[:3] + rng.sample(MATERIALS[3:], rng.randint(0, 3))
        item = catalog_services.create_item(
            None,
            code=f"11370502BENCH{i:05d}",
            department=rng.choices(departments, weights=weights)[0],
            guide={
                "name": name,
                "kind": ItemKind.LICENCE,
                "statutory_limit_days": statutory,
                "promised_limit_days": rng.randint(1, min(10, statutory)),
                "fee": "0",
                "conditions": "符合条件的申请人",
                "place": "区政务服务中心",
                "enquiry_phone": "0546-1234567",
            },
            materials=[
                {"name": label, "material_type": label, "conditional_eligible": flexible}
                for label, flexible in chosen
            ],
            form_fields=[],
            steps=[{"name": "受理"}, {"name": "审查"}, {"name": "决定"}],
            publish=True,
        )
        version = item.published_version
        items.append(
            {
                "code": item.code,
                "item_id": item.pk,
                "department_id": item.department_id,
                "version_id": version.pk,
                "statutory": version.statutory_limit_days,
                "promised": version.promised_limit_days,
                "name": version.name,
                "materials": list(version.materials.values_list("material_type_id", flat=True)),
            }
        )
    return items


def make_users(count: int, *, prefix: str, role: str, department=None) -> list:
    """Active users with ``role``, no password (they use API tokens or force_login)."""
    from onewindow.accounts.constants import AccountKind, Role
    from onewindow.accounts.models import User, UserRole

    kind = AccountKind.CITIZEN if role == Role.CITIZEN else AccountKind.STAFF
    users = []
    for i in range(count):
        user = User(
            username=f"{prefix}{i:05d}",
            display_name=f"测试{prefix}{i}",
            kind=kind,
            department=department,
            must_change_password=False,
        )
        user.set_unusable_password()  # no argon2 here: tokens only
        users.append(user)
    User.objects.bulk_create(users, batch_size=2000)
    users = list(User.objects.filter(username__startswith=prefix).order_by("pk"))
    UserRole.objects.bulk_create(UserRole(user=u, role=role) for u in users)
    return users


def percentile(samples, p: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    index = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def timed(label: str, call, n: int, warmup: int | None = None) -> dict:
    """``call`` timed ``n`` times (ms) after ``warmup`` calls (default: up to 20, to warm
    the connection, caches and templates)."""
    for _ in range(min(20, n) if warmup is None else warmup):
        call()
    times = []
    for _ in range(n):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return {
        "label": label,
        "n": n,
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "p99": percentile(times, 99),
        "mean": statistics.fmean(times),
        "max": max(times),
    }


def count_queries(call) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def server_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def pg_settings(names=("shared_buffers", "synchronous_commit", "max_connections")) -> str:
    from django.db import connection

    out = []
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"SHOW {name}")
            out.append(f"{name}={cursor.fetchone()[0]}")
    return ", ".join(out)


def machine() -> str:
    return (
        f"{platform.platform()}, {os.cpu_count()} 核, Python {platform.python_version()}, "
        f"负载 {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )


def analyze():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def pg_binary(name: str) -> str:
    """pgbench/psql from PATH, else from /usr/lib/postgresql/<version>/bin."""
    from shutil import which

    found = which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not candidates:
        sys.exit(f"找不到 {name}（随 PostgreSQL 安装）")
    return str(candidates[-1])


class Timer:
    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started


def run(cmd, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kwargs)
