"""Load the demo data from the seed document. Running it twice changes nothing."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand

from onewindow.core import demo


class Command(BaseCommand):
    help = "载入演示数据（依据巡察整改进展情况通报中的数字），并打印各角色的演示账号"

    def add_arguments(self, parser):
        parser.add_argument(
            "--addr",
            default=os.environ.get("DEMO_ADDR", "127.0.0.1:8000"),
            help="the address the demo server will serve (make demo passes its DEMO_ADDR)",
        )

    def handle(self, *args, **options):
        for step, counts in demo.load_all():
            self.stdout.write(f"  {step}: {counts}")
        self.stdout.write(
            self.style.SUCCESS("演示数据已就绪。演示账号（密码均为 %s）：" % settings.DEMO_PASSWORD)
        )
        for username, name, roles in demo.logins():
            self.stdout.write(f"  {username:<12} {name:<8} {roles}")
        self.stdout.write(f"打开 {serving_url(options['addr'])} 登录。")


def serving_url(addr: str) -> str:
    """The address runserver serves for ``addr`` ("8001", "0.0.0.0:8000", "host:port")."""
    addr = str(addr or "").strip() or "127.0.0.1:8000"
    if addr.isdigit():
        addr = f"127.0.0.1:{addr}"
    host, _sep, port = addr.rpartition(":")
    if host in ("", "0.0.0.0", "0", "[::]", "::"):  # noqa: S104 (a message, not a bind)
        host = "127.0.0.1"
    return f"http://{host}:{port}/"
