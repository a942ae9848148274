"""Create one of the three separated administrators with a one-time password: the bootstrap.

On the pages, granting an administrator role needs a second administrator of another kind
to approve it (accounts/admin_changes.py). The first administrators of a new installation
have nobody to approve them, so they come from here, without approval. Why that is safe:

- it runs on the server, by someone who already holds the database, the keys and the code:
  more than any administrator role gives, so approval would guard nothing against them;
- it only fills an empty seat: it refuses while an active administrator of that kind
  exists (so it cannot quietly add a second security administrator beside the first, or
  give anyone a second role); every later grant goes through the pages and approval;
- the account gets a one-time password that must be changed at first login, and the
  creation and the grant are audited (actor: the platform) like any other.
"""

import secrets

from django.core.management.base import BaseCommand, CommandError

from onewindow.accounts import roles
from onewindow.accounts.constants import ADMIN_ROLES, Role
from onewindow.accounts.models import User
from onewindow.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "创建系统管理员、安全管理员或安全审计员（一次性密码，首次登录须修改；"
        "仅在该类管理员空缺时可用）"
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("display_name")
        parser.add_argument("--role", required=True, choices=sorted(ADMIN_ROLES))

    def handle(self, *args, username, display_name, role, **options):
        if User.objects.filter(admin_role=role, is_active=True).exists():
            raise CommandError(
                f"已有在用的{Role(role).label}：新增或更换管理员请由安全管理员在“用户与角色”页面"
                "提出申请，经另一类管理员审批后生效"
            )
        # Four character classes guaranteed, then randomness.
        password = "Aa1!" + secrets.token_urlsafe(12)
        try:
            roles.create_staff(
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
