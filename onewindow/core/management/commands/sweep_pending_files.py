"""manage.py sweep_pending_files [--older-than SECONDS]: remove uploads a killed process left.

The same work as the beat task ``core.sweep_pending_files`` (core/files.py), for cron.
"""

from django.core.management.base import BaseCommand, CommandError

from onewindow.core.files import pending_max_age, sweep


def _seconds(value: str) -> int:
    try:
        seconds = int(value)
    except ValueError:
        raise CommandError(f"秒数应为整数：{value}") from None
    if seconds < 0:
        raise CommandError("秒数不能为负数")
    return seconds


class Command(BaseCommand):
    help = (
        "清理上传中断留下的临时文件：超过时限且没有记录指向的删除；"
        "记录已提交而未及移入正式位置的移入（绝不删除已提交记录所指的文件）"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            dest="older_than",
            default=None,
            help=f"只处理早于这么多秒的临时文件，默认 {pending_max_age()}（FILES_PENDING_MAX_AGE）",
        )

    def handle(self, *args, older_than=None, **options):
        done = sweep(_seconds(older_than) if older_than is not None else None)
        self.stdout.write(
            f"删除遗留的临时文件 {done['removed']} 个；移入正式位置 {done['moved']} 个；"
            f"保留 {done['kept']} 个"
        )
