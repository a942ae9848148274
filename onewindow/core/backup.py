"""Backups that restore: the database, the uploads, and a signed manifest.

A backup is a directory:

    manifest.json       what was backed up: engine, row counts per table, the audit chain's
                        head (count, last id, last hash, its MAC), the sha256 of every file
    manifest.sig        HMAC-SM3 of manifest.json under AUDIT_HMAC_KEY
    database.dump       pg_dump --format=custom (PostgreSQL), or
    database.sqlite3    the SQLite backup API's copy
    media/...           the default storage's files, same relative paths

On PostgreSQL the counts and the head are read in the same REPEATABLE READ snapshot that
pg_dump exports (``--snapshot``), so the manifest describes exactly what the dump holds
while the system keeps working. ``restore`` refuses a backup whose signature, checksums or
counts do not match, and a target database or upload directory that is not empty.
"""

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from onewindow.core.pii import crypto

FORMAT = "onewindow-backup-1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media"


class BackupError(Exception):
    """A backup that cannot be made, or one that must not be restored (in Chinese)."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sign(data: bytes) -> str:
    return crypto.hmac_sm3(bytes.fromhex(settings.AUDIT_HMAC_KEY), data).hex()


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor, include_views=False))


def row_counts() -> dict[str, int]:
    qn = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT COUNT(*) FROM {qn(table)}")  # noqa: S608 - introspected names
            counts[table] = cursor.fetchone()[0]
    return counts


def chain_head() -> dict:
    from onewindow.core.audit.models import AuditChainHead

    head = (
        AuditChainHead.objects.filter(pk=1).values("count", "last_id", "last_hash", "mac").first()
    )
    return head or {"count": 0, "last_id": 0, "last_hash": "", "mac": ""}


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    return args


def _copy_media(source: Path, target: Path) -> dict[str, str]:
    files = {}
    if not source.exists():
        return files
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        relative = path.relative_to(source).as_posix()
        if relative.endswith(".pending") or relative.startswith("health/"):
            continue  # uploads of unfinished transactions, readiness probes
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, destination)
        files[relative] = sha256_file(destination)
    return files


def backup(directory: Path) -> dict:
    """Write a backup of the default database and storage into ``directory`` (new)."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"备份目录 {directory} 不是空的")
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)  # personal data, sealed or not: only the service account reads it
    vendor = connection.vendor
    manifest = {"format": FORMAT, "created_at": datetime.now(UTC).isoformat(), "engine": vendor}
    # PostgreSQL: counts, head and dump in one exported snapshot. SQLite: the backup API
    # copies a consistent image; counts are taken just before (a quiet system, the demo).
    with transaction.atomic() if vendor == "postgresql" else contextlib.nullcontext():
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            manifest["tables"] = row_counts()
            manifest["audit_head"] = chain_head()
            db = settings.DATABASES["default"]
            dump = directory / PG_DUMP
            command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"]
            command += ["--snapshot", snapshot, "-f", str(dump), *_pg_args(db), str(db["NAME"])]
            result = subprocess.run(command, env=_pg_env(db), capture_output=True, text=True)  # noqa: S603 - fixed argv, no shell
            if result.returncode:
                raise BackupError(f"pg_dump 失败：{result.stderr.strip()[-500:]}")
            database_file = dump
        elif vendor == "sqlite":
            manifest["tables"] = row_counts()
            manifest["audit_head"] = chain_head()
            database_file = directory / SQLITE_COPY
            connection.ensure_connection()
            target = sqlite3.connect(database_file)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        else:
            raise BackupError(f"不支持的数据库：{vendor}")
    manifest["database"] = {"file": database_file.name, "sha256": sha256_file(database_file)}
    manifest["files"] = _copy_media(Path(settings.MEDIA_ROOT), directory / MEDIA)
    data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
    (directory / MANIFEST).write_bytes(data)
    (directory / SIGNATURE).write_text(sign(data) + "\n")
    return manifest


@dataclass
class Checked:
    manifest: dict
    directory: Path


def check(directory: Path) -> Checked:
    """The manifest, once its signature and every checksum hold; BackupError otherwise."""
    directory = Path(directory)
    try:
        data = (directory / MANIFEST).read_bytes()
        signature = (directory / SIGNATURE).read_text().strip()
    except OSError as exc:
        raise BackupError(f"备份不完整：{exc.filename} 无法读取") from None
    if not _same(sign(data), signature):
        raise BackupError("备份清单的签名不符：清单被改动，或不是用本系统的审计密钥签署的")
    manifest = json.loads(data)
    if manifest.get("format") != FORMAT:
        raise BackupError("不认识的备份格式")
    database_file = directory / manifest["database"]["file"]
    if not database_file.exists() or sha256_file(database_file) != manifest["database"]["sha256"]:
        raise BackupError("数据库备份文件缺失或与清单不符")
    media = directory / MEDIA
    present = (
        {p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file()}
        if media.exists()
        else set()
    )
    if present != set(manifest["files"]):
        raise BackupError("附件目录与清单不符：有文件缺失或多出")
    for relative, digest in manifest["files"].items():
        if sha256_file(media / relative) != digest:
            raise BackupError(f"附件 {relative} 与清单的校验值不符")
    return Checked(manifest, directory)


def _same(a: str, b: str) -> bool:
    import hmac

    return hmac.compare_digest(a.encode(), b.encode())


def restore(directory: Path) -> dict:
    """Load a checked backup into the empty default database and storage; compare."""
    checked = check(directory)
    manifest = checked.manifest
    vendor = connection.vendor
    if vendor != manifest["engine"]:
        raise BackupError(f"备份来自 {manifest['engine']}，目标数据库是 {vendor}")
    if _tables():
        raise BackupError("目标数据库不是空的：恢复只写入新建的空数据库")
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists() and any(p.is_file() for p in media_root.rglob("*")):
        raise BackupError(f"目标附件目录 {media_root} 不是空的")
    database_file = Path(directory) / manifest["database"]["file"]
    if vendor == "postgresql":
        db = settings.DATABASES["default"]
        connection.close()
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
        command += [
            "--single-transaction",
            *_pg_args(db),
            "-d",
            str(db["NAME"]),
            str(database_file),
        ]
        result = subprocess.run(command, env=_pg_env(db), capture_output=True, text=True)  # noqa: S603 - fixed argv, no shell
        if result.returncode:
            raise BackupError(f"pg_restore 失败：{result.stderr.strip()[-500:]}")
    else:
        connection.ensure_connection()
        source = sqlite3.connect(database_file)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    media = Path(directory) / MEDIA
    for relative in manifest["files"]:
        destination = media_root / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(media / relative, destination)
    return compare(manifest)


def compare(manifest: dict) -> dict:
    """What the restored database and storage hold against the manifest; BackupError if any
    count, the chain head or a file differs."""
    counts = row_counts()
    if counts != manifest["tables"]:
        differ = sorted(
            t
            for t in set(counts) | set(manifest["tables"])
            if counts.get(t) != manifest["tables"].get(t)
        )
        raise BackupError(f"恢复后的行数与清单不符：{'、'.join(differ[:10])}")
    if chain_head() != manifest["audit_head"]:
        raise BackupError("恢复后的审计链头与清单不符")
    media_root = Path(settings.MEDIA_ROOT)
    for relative, digest in manifest["files"].items():
        if sha256_file(media_root / relative) != digest:
            raise BackupError(f"恢复后的附件 {relative} 与清单不符")
    return {
        "tables": len(counts),
        "rows": sum(counts.values()),
        "files": len(manifest["files"]),
        "audit_head": manifest["audit_head"]["count"],
    }
