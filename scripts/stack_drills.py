"""Drills against the running stack (scripts/stack.sh up): run by .ci/run.

    .venv/bin/python scripts/stack_drills.py all            # the four, in order
    .venv/bin/python scripts/stack_drills.py backup-restore | node-kill | redis-stop | pg-restart

- backup-restore: `manage.py backup` of the demo (cases, uploads, ratings), `manage.py restore`
  into a fresh PostgreSQL database and an empty upload directory; restore compares the counts,
  the chain head and the files and runs verify_audit; this script recounts every table itself.
- node-kill: 8 clients apply through nginx; one gunicorn node (master and workers) is killed
  with SIGKILL. Clients retry with their Idempotency-Key. Every accepted application exists
  exactly once, none is half-written, every key that was answered 201 has its case.
- redis-stop: Redis is stopped during the load. Applications still succeed; a clerk accepts
  cases meanwhile, so notifications are due: they wait in the outbox and are delivered once
  Redis is back, each exactly once.
- pg-restart: PostgreSQL is restarted during the load. While it is down requests get a 503 in
  Chinese (never a 500); afterwards they succeed again without restarting the app.

Each drill prints what it counted and exits 1 when something does not hold.
"""

import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import urllib3

ROOT = Path(__file__).resolve().parent.parent
STACK = ROOT / "var" / "stack"
ENV_FILE = STACK / "onewindow.env"
HTTPS = f"https://127.0.0.1:{os.environ.get('STACK_HTTPS_PORT', '8443')}"
PG_PORT = os.environ.get("STACK_PG_PORT", "55432")
CLIENTS = 8
PY = str(ROOT / ".venv" / "bin" / "python")

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)


def stack_settings() -> dict:
    """The env file's keys: they win over the caller's (CI exports its test DATABASE_URL)."""
    settings = {}
    for line in ENV_FILE.read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep and not key.startswith("#"):
            settings[key.strip()] = value
    return settings


def env(**extra) -> dict:
    result = dict(os.environ, ONEWINDOW_ENV_FILE=str(ENV_FILE), PYTHONUNBUFFERED="1")
    result.update(stack_settings())
    result.update(extra)
    return result


def manage(*args, check=True, **extra) -> str:
    done = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env(**extra), capture_output=True, text=True
    )
    if check and done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def django(code: str) -> dict:
    """Run ``code`` in the stack's Django (it must set ``out``); return ``out`` as JSON."""
    script = "import json\nout = None\n" + code + "\nprint('@@' + json.dumps(out))"
    output = manage("shell", "-c", script)
    return json.loads(output.rsplit("@@", 1)[1])


def psql(sql: str, db: str = "onewindow") -> str:
    done = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", PG_PORT, "-U", "postgres", "-d", db, "-tAc", sql],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def stack(*args) -> None:
    subprocess.run([str(ROOT / "scripts" / "stack.sh"), *args], cwd=ROOT, check=True)


def failed(problems: list[str], name: str) -> bool:
    for problem in problems:
        print(f"  FAIL {problem}")
    print(f"== {name}: {'FAILED' if problems else 'holds'}")
    return bool(problems)


# -- the applicants -------------------------------------------------------------------------

SETUP = """
from django.db import transaction
from onewindow.accounts.constants import AccountKind
from onewindow.accounts.models import User
from onewindow.accounts.services import issue_api_token
from onewindow.cases import services
from onewindow.catalog.models import ServiceItem
from stdnum.cn import ric

citizens = list(User.objects.filter(kind=AccountKind.CITIZEN, is_active=True).order_by("pk")[:8])
class Rollback(Exception):
    pass
chosen = None
errors = []
# A citizen applies, so a 法人-only item is refused (services.check_applicant_type).
items = ServiceItem.objects.filter(
    published_version__isnull=False,
    published_version__applicant_type__in=["person", "both"],
)
for item in items.order_by("pk")[:200]:
    version = item.published_version
    if version is None:
        continue
    values = {
        "text": "演练",
        "long_text": "演练",
        "number": 1,
        "date": "2026-12-07",
        "id_number": "37050219900101123" + ric.calc_check_digit("370502199001011230"),
        "phone": "13800000000",
        "uscc": User.objects.exclude(uscc="").values_list("uscc", flat=True).first(),
    }
    form = {}
    for field in version.form_fields.filter(required=True):
        choice = field.field_type == "choice"
        form[field.key] = field.choices[0] if choice else values.get(field.field_type, "演练")
    supplied = list(version.materials.values_list("material_type_id", flat=True))
    try:
        with transaction.atomic():
            case = services.apply(citizens[0], item=item.code, supplied=supplied, form_data=form)
            # An ordinary item: 秒批 items are decided (and certified) in the same request.
            if case.status != "submitted":
                raise ValueError("decided at once")
            raise Rollback
    except Rollback:
        chosen = {"item": item.code, "supplied": supplied, "form_data": form}
        break
    except Exception as exc:
        errors.append(f"{item.code}: {exc!r}")
        continue
# One token per client, round the citizens there are.
tokens = [
    issue_api_token(citizens[i % len(citizens)], "演练", scopes=["read", "apply"])
    for i in range(8)
]
errors = errors[:3] if chosen is None else []
out = {"application": chosen, "tokens": tokens, "users": [u.pk for u in citizens], "errors": errors}
"""


class Load:
    """CLIENTS threads applying through nginx, each retrying with its Idempotency-Key."""

    def __init__(self, setup: dict, seconds: float, retry: bool = True):
        self.setup = setup
        self.seconds = seconds
        self.retry = retry
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.accepted = {}  # key -> case number
        self.replayed = 0
        self.unavailable_bodies = []
        self.abandoned = []
        self.timeline = []  # (time, status)
        self.end = time.monotonic() + seconds

    def extend(self, seconds: float):
        """Keep the clients going at least ``seconds`` more (a slow restart must not end the
        load before anything could be measured after it)."""
        with self.lock:
            self.end = max(self.end, time.monotonic() + seconds)

    def _client(self, index: int):
        http = urllib3.PoolManager(cert_reqs="CERT_NONE", retries=False, timeout=30)
        token = self.setup["tokens"][index]
        body = json.dumps(self.setup["application"]).encode()
        while time.monotonic() < self.end:
            key = f"drill-{uuid.uuid4()}"
            for _attempt in range(60):
                headers = {
                    "Authorization": f"Bearer {token}",
                    "Content-Type": "application/json",
                    "Idempotency-Key": key,
                }
                try:
                    response = http.request(
                        "POST", f"{HTTPS}/api/cases/apply", body=body, headers=headers
                    )
                    status = response.status
                except urllib3.exceptions.HTTPError:
                    status, response = 0, None
                with self.lock:
                    self.statuses[status] += 1
                    self.timeline.append((time.monotonic(), status))
                    if status == 503 and response is not None:
                        self.unavailable_bodies.append(response.data.decode("utf-8", "replace"))
                if status == 201:
                    with self.lock:
                        self.accepted[key] = json.loads(response.data)["number"]
                        if response.headers.get("Idempotent-Replayed"):
                            self.replayed += 1
                    break
                if not self.retry or status not in (0, 409, 502, 503, 504):
                    with self.lock:
                        self.abandoned.append((key, status))
                    break
                time.sleep(0.25)  # a kiosk's back-off before it retries the same key
            else:
                with self.lock:
                    self.abandoned.append((key, "gave up"))

    def run(self, during=None):
        self.end = time.monotonic() + self.seconds
        threads = [threading.Thread(target=self._client, args=(i,)) for i in range(CLIENTS)]
        for thread in threads:
            thread.start()
        if during is not None:
            during()
        for thread in threads:
            thread.join()
        return self


def setup_applicants() -> dict:
    setup = django(SETUP)
    if not setup["application"] or len(setup["tokens"]) < CLIENTS:
        sys.exit(f"no item a citizen can apply for without a form: {setup['errors']}")
    return setup


def check_cases(load: Load, setup: dict, since_pk: int) -> list[str]:
    """Each accepted key has its case, exactly once; nothing half-written."""
    problems = []
    users = ",".join(str(u) for u in setup["users"])
    rows = psql(
        f"SELECT number, status FROM cases_case WHERE id > {since_pk} AND applicant_id IN ({users})"
    )
    cases = [line.split("|") for line in rows.splitlines() if line]
    numbers = Counter(number for number, _status in cases)
    accepted = Counter(load.accepted.values())
    if any(n > 1 for n in accepted.values()):
        problems.append("two keys were answered with the same case")
    if set(numbers) != set(accepted):
        problems.append(
            f"cases in the database {len(numbers)} != accepted applications {len(accepted)}"
        )
    # apply() starts and submits in one transaction: a draft would be half of it. (秒批 items
    # are decided at once, so "decided" is as complete as "submitted".)
    half = [number for number, status in cases if status == "draft"]
    if half:
        problems.append(f"{len(half)} cases were left half-written (draft): {half[:5]}")
    unfinished = psql("SELECT COUNT(*) FROM core_idempotentrequest WHERE status_code IS NULL")
    if unfinished != "0":
        problems.append(f"{unfinished} idempotency rows without their answer")
    if load.abandoned:
        problems.append(f"{len(load.abandoned)} applications given up: {load.abandoned[:3]}")
    if load.statuses.get(500):
        problems.append(f"{load.statuses[500]} answers were 500")
    print(
        f"  answers {dict(load.statuses)}; accepted {len(accepted)}; cases {len(numbers)}; "
        f"replayed {load.replayed}"
    )
    return problems


def last_case_pk() -> int:
    return int(psql("SELECT COALESCE(MAX(id), 0) FROM cases_case"))


def ready() -> bool:
    http = urllib3.PoolManager(cert_reqs="CERT_NONE", retries=False, timeout=20)
    try:
        return http.request("GET", f"{HTTPS}/readyz").status == 200
    except urllib3.exceptions.HTTPError:
        return False


def wait(predicate, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.5)
    return False


# -- the drills -----------------------------------------------------------------------------


def drill_backup_restore() -> bool:
    print("== backup and restore into a fresh PostgreSQL database")
    problems = []
    for table in ("cases_case", "feedback_rating"):
        if int(psql(f"SELECT COUNT(*) FROM {table}")) == 0:
            problems.append(f"the demo has no rows in {table}")
    target = STACK / "backups" / time.strftime("drill-%Y%m%d-%H%M%S")
    print("  " + manage("backup", str(target)).strip())
    manifest = json.loads((target / "manifest.json").read_text())
    if not manifest["files"]:
        problems.append("the backup holds no uploads")
    psql("DROP DATABASE IF EXISTS onewindow_restore", "postgres")
    psql("CREATE DATABASE onewindow_restore OWNER onewindow", "postgres")
    media = STACK / "restore-media"
    subprocess.run(["rm", "-rf", str(media)], check=True)
    output = manage(
        "restore",
        str(target),
        DATABASE_URL=f"postgres://onewindow@127.0.0.1:{PG_PORT}/onewindow_restore",
        MEDIA_ROOT=str(media),
        AUDIT_ANCHOR_FILE=str(STACK / "restore-anchors.jsonl"),
    )
    print("  " + output.strip().replace("\n", "\n  "))
    # Our own recount, table by table, outside the command.
    for table, count in manifest["tables"].items():
        again = int(psql(f'SELECT COUNT(*) FROM "{table}"', "onewindow_restore"))
        if again != count:
            problems.append(f"{table}: {again} rows restored, {count} backed up")
    head = psql("SELECT count, last_hash, mac FROM audit_auditchainhead", "onewindow_restore")
    expected = manifest["audit_head"]
    if head.split("|") != [str(expected["count"]), expected["last_hash"], expected["mac"]]:
        problems.append("the restored chain head differs")
    restored = sum(1 for p in media.rglob("*") if p.is_file())
    if restored != len(manifest["files"]):
        problems.append(f"{restored} files restored, {len(manifest['files'])} backed up")
    print(
        f"  {len(manifest['tables'])} tables, {sum(manifest['tables'].values())} rows, "
        f"{len(manifest['files'])} files, chain head {expected['count']}: recounted"
    )
    # A changed backup is refused.
    first = next(iter(manifest["files"]))
    victim = target / "media" / first
    original = victim.read_bytes()
    victim.write_bytes(original + b"x")
    refused = manage("restore", "--check-only", str(target), check=False)
    victim.write_bytes(original)
    if "intact" in refused:
        problems.append("a changed upload was not refused")
    return failed(problems, "backup-restore")


def _kill_node(index: int) -> list[int]:
    pidfile = STACK / "run" / f"web{index}.pid"
    master = int(pidfile.read_text())
    workers = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True
    ).stdout.split()
    pids = [master, *map(int, workers)]
    for pid in pids:
        os.kill(pid, 9)
    return pids


def drill_node_kill() -> bool:
    print("== SIGKILL one gunicorn node under 8-client application load")
    setup = setup_applicants()
    since = last_case_pk()
    killed = []

    def during():
        time.sleep(4)
        killed.extend(_kill_node(1))
        print(f"  killed web1: {killed}")

    load = Load(setup, seconds=12).run(during)
    problems = check_cases(load, setup, since)
    if not killed:
        problems.append("no node was killed")
    stack("node-start", "1")
    if not wait(ready, 30):
        problems.append("/readyz is not 200 after web1 came back")
    return failed(problems, "node-kill")


ACCEPT = """
from onewindow.accounts.models import User
from onewindow.cases import services
from onewindow.cases.models import Case
clerk = User.objects.get(username="clerk")
accepted = []
waiting = Case.objects.filter(pk__gt=%d, applicant_id__in=%r, status="submitted")
for case in waiting.order_by("pk")[:%d]:
    services.accept(clerk, case)
    accepted.append(case.number)
out = accepted
"""


def drill_redis_stop() -> bool:
    print("== stop Redis under load: applications succeed, notifications wait in the outbox")
    setup = setup_applicants()
    since = last_case_pk()
    since_outbox = int(psql("SELECT COALESCE(MAX(id), 0) FROM core_outboxmessage"))
    accepted_numbers = []

    def during():
        time.sleep(3)
        stack("redis-stop")
        print("  redis stopped")
        time.sleep(3)
        # A clerk accepts cases while the broker is down: acceptance notices are due.
        accepted_numbers.extend(django(ACCEPT % (since, setup["users"], 10)))
        print(f"  the clerk accepted {len(accepted_numbers)} cases while Redis was down")
        waiting = psql(
            f"SELECT COUNT(*) FROM core_outboxmessage WHERE id > {since_outbox} AND sent_at IS NULL"
        )
        print(f"  outbox rows waiting: {waiting}")
        stack("redis-start")
        print("  redis started")

    load = Load(setup, seconds=14, retry=False).run(during)
    problems = check_cases(load, setup, since)
    if not accepted_numbers:
        problems.append("no case was accepted during the outage")
    new = f"id > {since_outbox}"
    if not wait(
        lambda: (
            psql(f"SELECT COUNT(*) FROM core_outboxmessage WHERE {new} AND sent_at IS NULL") == "0"
        ),
        90,
    ):
        problems.append("outbox rows still unsent 90 s after Redis came back")
    rows = psql(f"SELECT event FROM core_outboxmessage WHERE {new} AND event = 'case.accepted'")
    outbox_count = len(rows.splitlines())
    lines = [
        json.loads(line)
        for line in (STACK / "notifications.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    delivered = Counter(
        line["object"]["id"] if isinstance(line.get("object"), dict) else line.get("object_id")
        for line in lines
        if line.get("event") == "case.accepted"
    )
    case_ids = psql(
        "SELECT id FROM cases_case WHERE number IN ("
        + ",".join(f"'{n}'" for n in accepted_numbers or ["-"])
        + ")"
    ).splitlines()
    counts = [delivered.get(pk, 0) + delivered.get(int(pk), 0) for pk in case_ids]
    print(f"  acceptance notices: outbox {outbox_count}, delivered per case {counts}")
    if outbox_count != len(accepted_numbers):
        problems.append(f"{outbox_count} outbox rows for {len(accepted_numbers)} acceptances")
    if any(c != 1 for c in counts):
        problems.append("an acceptance notice was lost or sent twice")
    if not wait(ready, 30):
        problems.append("/readyz is not 200 after Redis came back")
    return failed(problems, "redis-stop")


def drill_pg_restart() -> bool:
    print("== restart PostgreSQL under load: a 503 in Chinese meanwhile, then recovery")
    setup = setup_applicants()
    since = last_case_pk()
    restarted = []

    def during():
        time.sleep(3)
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *_pg_ctl(), "-m", "fast", "-w", "stop"],
            check=True,
            capture_output=True,
        )
        restarted.append(time.monotonic())
        print("  postgresql stopped")
        time.sleep(4)
        stack("pg-restart")
        restarted.append(time.monotonic())
        load.extend(6)
        print("  postgresql started")

    load = Load(setup, seconds=16)
    load.run(during)
    problems = check_cases(load, setup, since)
    if not load.unavailable_bodies:
        problems.append("no 503 while the database was down")
    elif not all("数据库暂时无法访问" in body for body in load.unavailable_bodies):
        problems.append(f"a 503 without the Chinese message: {load.unavailable_bodies[0][:200]}")
    after = [
        status for when, status in load.timeline if len(restarted) == 2 and when > restarted[1] + 2
    ]
    if not after or after.count(201) == 0:
        problems.append("no application succeeded after the restart")
    print(f"  503 answers {len(load.unavailable_bodies)}; after the restart {Counter(after)}")
    if not wait(ready, 30):
        problems.append("/readyz is not 200 after the restart")
    return failed(problems, "pg-restart")


def _pg_ctl() -> list[str]:
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return [str(bins[-1]), "-D", str(STACK / "pgdata")]


DRILLS = {
    "backup-restore": drill_backup_restore,
    "node-kill": drill_node_kill,
    "redis-stop": drill_redis_stop,
    "pg-restart": drill_pg_restart,
}


def main(argv: list[str]) -> int:
    names = list(DRILLS) if argv[1:] in ([], ["all"]) else argv[1:]
    if not ready():
        sys.exit(f"the stack is not ready at {HTTPS}/readyz: run scripts/stack.sh up")
    results = {name: DRILLS[name]() for name in names}
    bad = [name for name, fail in results.items() if fail]
    print(
        f"== drills: {len(results) - len(bad)} of {len(results)} hold"
        + (f"; failed: {bad}" if bad else "")
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
