"""manage.py restore DIR: check, load into the empty database and storage, compare, verify."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from onewindow.core import backup


class Command(BaseCommand):
    help = (
        "把备份恢复到空数据库和空附件目录：先核对清单签名和文件校验值，"
        "恢复后比对行数、审计链头和附件，最后运行 verify_audit"
    )

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument(
            "--check-only", action="store_true", help="只核对备份（签名和校验值），不恢复"
        )

    def handle(self, *args, directory, check_only=False, **options):
        try:
            if check_only:
                checked = backup.check(Path(directory))
                self.stdout.write(
                    f"backup {directory} is intact: {len(checked.manifest['files'])} files"
                )
                return
            result = backup.restore(Path(directory))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"restored {directory}: {result['tables']} tables, {result['rows']} rows, "
            f"{result['files']} files, audit head {result['audit_head']}: identical to the manifest"
        )
        call_command("verify_audit", stdout=self.stdout, stderr=self.stderr)
