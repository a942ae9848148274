"""manage.py verify_audit: check the audit chain; exit non-zero at the first break."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from onewindow.core.audit.verify import verify_chain


class Command(BaseCommand):
    help = "校验审计日志的 HMAC-SM3 哈希链，指出第一条被篡改、删除或插入的记录。"

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            # CommandError prints to stderr and makes manage.py exit with status 1.
            raise CommandError(_("审计链被破坏：%(break)s") % {"break": report.broken})
        self.stdout.write(
            self.style.SUCCESS(_("审计链完整：共 %(n)s 条记录") % {"n": report.count})
        )
