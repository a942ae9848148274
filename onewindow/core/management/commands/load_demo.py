"""Load the demo data from the seed document. Running it twice changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand

from onewindow.core import demo


class Command(BaseCommand):
    help = "载入演示数据（依据巡察整改进展情况通报中的数字），并打印各角色的演示账号"

    def handle(self, *args, **options):
        for step, counts in demo.load_all():
            self.stdout.write(f"  {step}: {counts}")
        self.stdout.write(
            self.style.SUCCESS("演示数据已就绪。演示账号（密码均为 %s）：" % settings.DEMO_PASSWORD)
        )
        for username, name, roles in demo.logins():
            self.stdout.write(f"  {username:<12} {name:<8} {roles}")
        self.stdout.write("打开 http://127.0.0.1:8000/ 登录。")
