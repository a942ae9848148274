"""Benchmark: catalogue search over 10,000 published items (issue 3's performance target).

    DJANGO_SETTINGS_MODULE=onewindow.settings .venv/bin/python benchmarks/catalog_search.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/onewindow \\
        .venv/bin/python benchmarks/catalog_search.py --items 10000

It never touches the database you work in: SQLite runs in a fresh file under /tmp, and
PostgreSQL (when DATABASE_URL points at one) in a fresh database named onewindow_bench on
the same server, dropped and created again each run. Then it migrates, generates
realistic items (names from the vocabularies of Chinese government items, pinyin keys
from catalog.pinyin.search_keys) with bulk_create, and times ``catalog.search.search``
for Chinese substrings and for pinyin initials, reporting p50/p95/p99 in milliseconds.
Target: p95 < 20 ms on both databases.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parents[1]
SQLITE_PATH = Path("/tmp/onewindow_bench.sqlite3")
PG_BENCH_DB = "onewindow_bench"
TARGET_P95_MS = 20.0

# --- realistic item names -------------------------------------------------------------
# "subject + action" is how provincial catalogues name items (建筑工程施工许可证 + 核发).
SUBJECTS = [
    "建筑工程施工许可证",
    "食品经营许可证",
    "食品生产许可证",
    "药品零售企业许可证",
    "医疗器械经营许可证",
    "第二类医疗器械经营",
    "道路运输经营许可证",
    "道路货物运输经营许可",
    "出租汽车经营许可",
    "网络预约出租汽车运输证",
    "公共场所卫生许可证",
    "医疗机构执业许可证",
    "母婴保健技术服务执业许可证",
    "放射诊疗许可",
    "民办学校办学许可证",
    "幼儿园办园许可",
    "营业性演出许可证",
    "娱乐场所经营许可证",
    "互联网上网服务营业场所经营许可证",
    "出版物零售业务经营许可",
    "印刷经营许可证",
    "建设工程规划许可证",
    "建设用地规划许可证",
    "乡村建设规划许可证",
    "商品房预售许可证",
    "房地产开发企业资质",
    "建筑业企业资质",
    "建设工程消防设计审查",
    "建设工程消防验收",
    "城镇污水排入排水管网许可证",
    "占用挖掘城市道路审批",
    "城市建筑垃圾处置核准",
    "临时占用城市绿地审批",
    "砍伐城市树木审批",
    "户外广告设施设置审批",
    "设置大型户外广告审批",
    "取水许可",
    "河道管理范围内建设项目审批",
    "生产建设项目水土保持方案审批",
    "排污许可证",
    "建设项目环境影响评价文件审批",
    "危险废物经营许可证",
    "林木采伐许可证",
    "动物防疫条件合格证",
    "种畜禽生产经营许可证",
    "农药经营许可证",
    "兽药经营许可证",
    "渔业捕捞许可证",
    "农作物种子生产经营许可证",
    "烟草专卖零售许可证",
    "成品油零售经营资格",
    "酒类商品零售许可",
    "特种设备使用登记",
    "特种设备作业人员资格认定",
    "人力资源服务许可证",
    "劳务派遣经营许可证",
    "民办职业培训学校办学许可证",
    "社会团体成立登记",
    "民办非企业单位成立登记",
    "养老机构设立备案",
    "殡葬设施建设审批",
    "婚姻登记",
    "收养登记",
    "最低生活保障",
    "特困人员救助供养",
    "临时救助",
    "残疾人两项补贴",
    "高龄津贴",
    "城乡居民基本养老保险",
    "职工基本养老保险",
    "失业保险金",
    "工伤认定",
    "生育保险待遇",
    "医疗保险异地就医备案",
    "城乡居民基本医疗保险参保登记",
    "住房公积金提取",
    "住房公积金个人住房贷款",
    "公共租赁住房保障资格",
    "不动产首次登记",
    "不动产转移登记",
    "不动产抵押登记",
    "不动产变更登记",
    "户口迁移",
    "居民身份证",
    "出生医学证明",
    "预防接种证",
    "机动车登记",
    "个体工商户登记",
    "企业设立登记",
    "企业变更登记",
    "企业注销登记",
    "食品小作坊登记",
    "小餐饮登记",
    "再生资源回收经营者备案",
    "对外贸易经营者备案",
    "拍卖企业设立",
    "旅行社设立许可",
    "导游证",
    "体育类民办非企业单位",
    "高危险性体育项目经营许可",
    "文物保护单位修缮审批",
    "地名命名更名审批",
    "宗教活动场所登记",
    "消防安全检查",
    "公众聚集场所投入使用营业前消防安全检查",
    "危险化学品经营许可证",
    "烟花爆竹经营许可证",
    "安全生产许可证",
    "建筑施工企业安全生产许可证",
    "施工图设计文件审查",
    "竣工验收备案",
    "城市供水企业资质",
    "燃气经营许可证",
    "瓶装燃气供应站设立",
    "城镇排水设施改动审批",
    "新建机动车维修企业备案",
    "驾驶员培训机构备案",
    "船舶登记",
    "港口经营许可",
    "水路运输经营许可",
    "教师资格认定",
    "普通话水平测试",
    "中等职业学校学历认证",
    "计划生育家庭特别扶助",
    "独生子女父母光荣证",
    "退役军人优待证",
    "烈士褒扬金",
    "伤残等级评定",
    "义务兵家庭优待金",
    "农村宅基地审批",
    "土地承包经营权流转备案",
    "设施农业用地备案",
    "临时用地审批",
    "国有建设用地使用权出让",
    "测绘资质",
]
ACTIONS = [
    "核发",
    "变更",
    "延续",
    "注销",
    "补办",
    "换发",
    "备案",
    "审批",
    "登记",
    "认定",
    "初审",
    "申领",
    "新办",
    "增项",
    "转让",
    "撤销",
    "复核",
    "年检",
    "迁移",
    "遗失补领",
]
PREFIXES = [
    "",
    "",
    "",
    "",
    "城镇",
    "农村",
    "个人",
    "企业",
    "外商投资",
    "省级权限内",
    "市级下放",
    "区级",
    "港澳台居民",
    "军人",
    "残疾人",
    "新建",
    "改建扩建",
    "临时",
    "跨区域",
    "涉外",
]
KINDS = ["licence", "confirmation", "payment", "public_service", "other_power"]
LIFE_EVENTS = ["construction", "startup", "operation", "social_security", "housing", "medical"]


def item_names(count: int, rng: random.Random) -> list[str]:
    """``count`` distinct realistic names (prefix + subject + action), shuffled."""
    names = {p + s + a for p in PREFIXES for s in SUBJECTS for a in ACTIONS}
    names = sorted(names)
    rng.shuffle(names)
    if count > len(names):  # larger runs: number the extras, as catalogues do (其一, 其二)
        names += [f"{names[i % len(names)]}（{i // len(names) + 1}）" for i in range(count)]
    return names[:count]


# --- a fresh database -------------------------------------------------------------------
def prepare_database() -> str:
    """Point DATABASE_URL at a fresh bench database and return its engine's name."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        import psycopg

        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{PG_BENCH_DB}"')
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{PG_BENCH_DB}"))
        return "PostgreSQL"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    return "SQLite"


def migrate():
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


# The optional PostgreSQL trigram indexes measured with --trigram (not in the migrations).
TRIGRAM_SQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *(
        f"CREATE INDEX catalog_item_{column}_trgm ON catalog_serviceitem"
        f" USING gin ({column} gin_trgm_ops)"
        for column in ("name", "name_pinyin", "name_initials", "code")
    ),
]


def add_trigram_indexes():
    from django.db import connection

    if connection.vendor != "postgresql":
        print("--trigram 只适用于 PostgreSQL，已忽略")
        return False
    with connection.cursor() as cursor:
        for statement in TRIGRAM_SQL:
            cursor.execute(statement)
        cursor.execute("ANALYZE")
    return True


def generate(count: int, rng: random.Random) -> dict:
    """Departments, ``count`` published items, and bundles of them; bulk inserts only."""
    from django.db import connection, transaction

    from onewindow.catalog.models import Bundle, BundleItem, ItemVersion, ServiceItem
    from onewindow.catalog.pinyin import search_keys
    from onewindow.org.demo_data import BUREAU_UNITS, STATIONED_DEPARTMENTS
    from onewindow.org.models import Department

    started = time.perf_counter()
    with transaction.atomic():
        departments = Department.objects.bulk_create(
            Department(code=code, name=name, short_name=short, kind=kind, sort_order=i)
            for i, (code, name, short, kind) in enumerate(
                [(c, n, s, "bureau_unit") for c, n, s, _ in BUREAU_UNITS]
                + [(c, n, s, "stationed") for c, n, s, _ in STATIONED_DEPARTMENTS]
            )
        )
        departments = list(Department.objects.all())
        names = item_names(count, rng)
        items = []
        for i, name in enumerate(names):
            full, initials = search_keys(name)
            dept = rng.choice(departments)
            items.append(
                ServiceItem(
                    code=f"11370502{dept.pk:04d}{i:08d}",
                    department=dept,
                    name=name,
                    name_pinyin=full,
                    name_initials=initials,
                )
            )
        items = ServiceItem.objects.bulk_create(items, batch_size=2000)
        items = list(ServiceItem.objects.order_by("pk"))
        versions = []
        for item in items:
            statutory = rng.choice([5, 10, 15, 20, 30])
            versions.append(
                ItemVersion(
                    item=item,
                    number=1,
                    status="published",
                    name=item.name,
                    kind=rng.choice(KINDS),
                    statutory_limit_days=statutory,
                    promised_limit_days=rng.randint(1, statutory),
                    life_events=[rng.choice(LIFE_EVENTS)],
                    applicant_type=rng.choice(["person", "organisation", "both"]),
                    visits_needed=rng.choice([0, 0, 1, 2]),
                )
            )
        ItemVersion.objects.bulk_create(versions, batch_size=2000)
        by_item = dict(ItemVersion.objects.values_list("item_id", "pk"))
        for item in items:
            item.published_version_id = by_item[item.pk]
        ServiceItem.objects.bulk_update(items, ["published_version"], batch_size=2000)

        bundles = []
        for i in range(85):
            name = f"{rng.choice(SUBJECTS)}“一件事”"
            full, initials = search_keys(name)
            bundles.append(
                Bundle(
                    code=f"YJS-{i:03d}",
                    name=name,
                    lead_department=rng.choice(departments),
                    is_published=True,
                    name_pinyin=full,
                    name_initials=initials,
                )
            )
        bundles = Bundle.objects.bulk_create(bundles)
        bundles = list(Bundle.objects.all())
        BundleItem.objects.bulk_create(
            BundleItem(bundle=b, item=item, order=k)
            for b in bundles
            for k, item in enumerate(rng.sample(items, 3))
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "items": ServiceItem.objects.count(),
        "bundles": len(bundles),
        "seconds": time.perf_counter() - started,
    }


# --- queries ----------------------------------------------------------------------------
def chinese_queries(names: list[str], n: int, rng: random.Random) -> list[str]:
    """Substrings of 2 to 4 characters of real names: what people type (施工, 食品经营)."""
    out = []
    while len(out) < n:
        name = rng.choice(names)
        size = rng.randint(2, min(4, len(name)))
        start = rng.randint(0, len(name) - size)
        out.append(name[start : start + size])
    return out


def initials_queries(initials: list[str], n: int, rng: random.Random) -> list[str]:
    """Substrings of 2 to 5 letters of real initials (sgxk, spjy)."""
    out = []
    while len(out) < n:
        keys = rng.choice(initials)
        size = rng.randint(2, min(5, len(keys)))
        start = rng.randint(0, len(keys) - size)
        query = keys[start : start + size]
        if query.isalpha():
            out.append(query)
    return out


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    index = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def time_searches(queries: list[str], **filters) -> dict:
    from onewindow.catalog.search import search

    for query in queries[:20]:  # warm the connection and caches
        search(query, **filters)
    times, hits = [], []
    for query in queries:
        started = time.perf_counter()
        found = search(query, **filters)
        times.append((time.perf_counter() - started) * 1000)
        hits.append(len(found))
    return {
        "n": len(times),
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "p99": percentile(times, 99),
        "mean": statistics.fmean(times),
        "max": max(times),
        "hits": statistics.fmean(hits),
    }


def count_queries(query: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from onewindow.catalog.search import search

    with CaptureQueriesContext(connection) as captured:
        search(query)
    return len(captured.captured_queries)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--searches", type=int, default=500, help="每类查询的次数")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--trigram", action="store_true", help="PostgreSQL：另建 pg_trgm GIN 索引后再测"
    )
    args = parser.parse_args(argv)

    sys.path.insert(0, str(REPO_ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onewindow.settings")
    engine = prepare_database()

    import django

    django.setup()
    from django.db import connection

    from onewindow.catalog.models import ServiceItem

    rng = random.Random(args.seed)
    migrate()
    loaded = generate(args.items, rng)
    trigram = args.trigram and add_trigram_indexes()
    names = list(ServiceItem.objects.values_list("name", flat=True))
    initials = list(ServiceItem.objects.values_list("name_initials", flat=True))

    results = {
        "中文子串": time_searches(chinese_queries(names, args.searches, rng)),
        "拼音首字母": time_searches(initials_queries(initials, args.searches, rng)),
        # The portal's filters (法人办事, 全程网办): one more join on the published version.
        "中文+筛选": time_searches(
            chinese_queries(names, args.searches, rng),
            applicant_type="organisation",
            online_only=True,
        ),
    }
    print(
        f"数据库: {engine} {_server_version(connection)}"
        + (" + pg_trgm GIN 索引" if trigram else "")
    )
    print(f"机器: {platform.platform()}, {os.cpu_count()} 核, Python {platform.python_version()}")
    print(
        f"数据: {loaded['items']} 个已发布事项, {loaded['bundles']} 个一件事, "
        f"生成用时 {loaded['seconds']:.1f} s; 每次搜索 SQL 语句数: {count_queries('施工')}"
    )
    print(
        f"{'查询':<10}{'次数':>6}{'p50':>9}{'p95':>9}{'p99':>9}{'平均':>9}{'最大':>9}{'平均命中':>9}"
    )
    failed = False
    for label, r in results.items():
        print(
            f"{label:<10}{r['n']:>6}{r['p50']:>9.2f}{r['p95']:>9.2f}{r['p99']:>9.2f}"
            f"{r['mean']:>9.2f}{r['max']:>9.2f}{r['hits']:>9.1f}"
        )
        failed |= r["p95"] >= TARGET_P95_MS
    print("单位: 毫秒 (ms); 目标 p95 < 20 ms: " + ("未达到" if failed else "达到"))
    return 1 if failed else 0


def _server_version(connection) -> str:
    if connection.vendor == "sqlite":
        return connection.Database.sqlite_version
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    sys.exit(main())
