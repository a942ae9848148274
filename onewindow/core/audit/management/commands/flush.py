"""manage.py flush, which also works with the audit log's append-only triggers.

Django's own flush (used by TransactionTestCase and pytest's transactional tests between
tests) empties every table with DELETE or TRUNCATE, which the triggers refuse. This
override removes the triggers for the flush and puts them back afterwards. It refuses
to run in the production profile, where the audit log must be kept.
"""

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.flush import Command as DjangoFlush
from django.db import DEFAULT_DB_ALIAS, connections

from onewindow.core.audit.triggers import EVENT_TABLE, drop_triggers, install_triggers


class Command(DjangoFlush):
    help = DjangoFlush.help + " 审计日志的只追加触发器在清空期间暂时移除，随后恢复。"

    def handle(self, **options):
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("生产环境不允许清空数据库：审计日志必须保留。")
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if EVENT_TABLE not in connection.introspection.table_names():
            return super().handle(**options)
        drop_triggers(connection)
        try:
            return super().handle(**options)
        finally:
            install_triggers(connection)
