"""Create one of the three separated administrators with a one-time password.

The first security administrator has to come from somewhere: this command, run on the
server, is that place. Everyone after that is created on the accounts pages.
"""

import secrets

from django.core.management.base import BaseCommand, CommandError

from onewindow.accounts import services
from onewindow.accounts.constants import ADMIN_ROLES
from onewindow.core.errors import DomainError


class Command(BaseCommand):
    help = "创建系统管理员、安全管理员或安全审计员（一次性密码，首次登录须修改）"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("display_name")
        parser.add_argument("--role", required=True, choices=sorted(ADMIN_ROLES))

    def handle(self, *args, username, display_name, role, **options):
        # Four character classes guaranteed, then randomness.
        password = "Aa1!" + secrets.token_urlsafe(12)
        try:
            services.create_staff(
                None,
                username=username,
                display_name=display_name,
                password=password,
                roles=[role],
                must_change_password=True,
            )
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(self.style.SUCCESS(f"已创建 {username}，一次性密码：{password}"))
        self.stdout.write("首次登录后必须修改密码。")
