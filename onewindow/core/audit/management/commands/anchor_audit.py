"""manage.py anchor_audit: write the audit chain's head to the anchor backends (for cron)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from onewindow.core.audit.anchor import write_anchor


class Command(BaseCommand):
    help = "把审计链头（链序号、哈希、时间）写入数据库之外的锚点日志，用于发现回滚。"

    def handle(self, *args, **options):
        written = write_anchor()
        if written is None:
            self.stdout.write(_("审计日志为空，无需写入锚点"))
        else:
            self.stdout.write(_("已写入外部锚点：链序号 %(seq)s") % {"seq": written.seq})
