"""manage.py verify_audit: check the audit chain; exit non-zero at the first problem.

Events left waiting for the chain (AuditPending) are chained first. Then, in order: the
chain itself (the first record changed, inserted or removed), the triggers
that keep the tables append-only, and the chain against the newest anchor kept outside the
database (a rollback of the newest records). When all hold, the head is anchored again.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from onewindow.core.audit import anchor
from onewindow.core.audit.services import chain_pending
from onewindow.core.audit.triggers import expected_triggers, installed_triggers
from onewindow.core.audit.verify import verify_chain


class Command(BaseCommand):
    help = (
        "校验审计日志的 HMAC-SM3 哈希链，指出第一条被篡改、删除或插入的记录；"
        "检查只追加触发器是否齐全，并与数据库之外的锚点比对，发现回滚。"
    )

    def handle(self, *args, **options):
        # Events still waiting for the chain are chained first, so they are checked too.
        chain_pending(wait=True)
        report = verify_chain()
        if not report.ok:
            # CommandError prints to stderr and makes manage.py exit with status 1.
            raise CommandError(_("审计链被破坏：%(break)s") % {"break": report.broken})
        missing = sorted(expected_triggers(connection) - installed_triggers(connection))
        if missing:
            raise CommandError(
                _("审计表的保护触发器缺失：%(names)s（可能有人绕过只追加限制）")
                % {"names": "、".join(missing)}
            )
        problem = anchor.check_against(anchor.last_anchor())
        if problem:
            raise CommandError(_("审计链被回滚：%(problem)s") % {"problem": problem})
        written = anchor.write_anchor()
        self.stdout.write(
            self.style.SUCCESS(_("审计链完整：共 %(n)s 条记录") % {"n": report.count})
        )
        if written is not None:
            self.stdout.write(_("已写入外部锚点：链序号 %(seq)s") % {"seq": written.seq})
