"""manage.py seed_calendar [--from 2004] [--to 2027]: load chinesecalendar into the table."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from onewindow.core.workdays.constants import MAX_YEAR, MIN_YEAR
from onewindow.core.workdays.package import package_years
from onewindow.core.workdays.services import seed_from_package


class Command(BaseCommand):
    help = "从 chinesecalendar 导入法定节假日与调休上班日（可重复执行，人工维护的日期保持不变）"

    def add_arguments(self, parser):
        first, last = package_years()
        # Through next year by default, so a missing next year is reported, not ignored.
        default_to = max(last, timezone.localdate().year + 1)
        parser.add_argument("--from", dest="year_from", type=int, default=first)
        parser.add_argument("--to", dest="year_to", type=int, default=default_to)

    def handle(self, *args, year_from, year_to, **options):
        if not MIN_YEAR <= year_from <= year_to <= MAX_YEAR:
            raise CommandError(f"年度范围须在 {MIN_YEAR} 至 {MAX_YEAR} 之间，且起始年不晚于结束年")
        result = seed_from_package(range(year_from, year_to + 1))
        for year, counts in sorted(result.changes.items()):
            if any(counts.values()):
                added = "，新增年度" if counts["year_added"] else ""
                self.stdout.write(
                    f"{year}年：新增 {counts['created']} 天，更新 {counts['updated']} 天，"
                    f"删除 {counts['deleted']} 天{added}"
                )
            else:
                self.stdout.write(f"{year}年：已是最新")
        for year in result.skipped:
            self.stdout.write(
                self.style.WARNING(
                    f"{year}年：节假日数据包没有该年度的安排，已跳过；"
                    "该年度暂按周一至周五计算工作日，请系统管理员核对"
                )
            )
