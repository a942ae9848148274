"""manage.py scan_deadlines [--date YYYY-MM-DD]: the daily deadline scan, for cron."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from onewindow.core.workdays.constants import MAX_YEAR, MIN_YEAR, WarningLevel

from ...clocks.deadlines import run_daily_scan
from ...constants import ClockKind


def _day(value: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期格式不正确：{value}（应为 YYYY-MM-DD）") from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise CommandError(f"日期须在 {MIN_YEAR} 年至 {MAX_YEAR} 年之间")
    return day


class Command(BaseCommand):
    help = (
        "每日时限扫描：产生黄色、红色和超期预警并通知各部门，终止逾期未履行的容缺承诺，"
        "统计逾期未答复的申请并通知大厅督查人员（同一天重复执行不会重复预警）"
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", dest="day", default=None, help="扫描日期，默认今天")

    def handle(self, *args, day=None, **options):
        result = run_daily_scan(_day(day) if day else None)
        self.stdout.write(f"{result['date']}：新增预警 {result['warnings_raised']} 条")
        for kind, levels in result["warnings"].items():
            detail = "，".join(f"{WarningLevel(lv).label} {n}" for lv, n in levels.items())
            self.stdout.write(f"  {ClockKind(kind).label}：{detail}")
        self.stdout.write(
            f"通知部门 {result['departments_notified']} 个；"
            f"终止容缺承诺逾期办件 {result['promises_expired']} 件；"
            f"逾期未答复申请 {result['unanswered_submissions']} 件；"
            f"通知督查人员 {result['supervisors_notified']} 人"
        )
