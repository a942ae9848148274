"""manage.py backup DIR: the database, the uploads and a signed manifest (core/backup.py)."""

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from onewindow.core import backup


class Command(BaseCommand):
    help = "备份数据库（pg_dump 或 SQLite 副本）、附件和签名清单（行数、审计链头、文件校验值）"

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            nargs="?",
            help="新的空目录；默认 BACKUP_DIR/<时间>",
        )

    def handle(self, *args, directory=None, **options):
        if directory is None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            directory = Path(settings.BACKUP_DIR) / stamp
        try:
            manifest = backup.backup(Path(directory))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"backup {directory}: {len(manifest['tables'])} tables, {rows} rows, "
            f"{len(manifest['files'])} files, audit head {manifest['audit_head']['count']}"
        )
