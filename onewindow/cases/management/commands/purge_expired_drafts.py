"""Delete the applicants' saved drafts (暂存) that have expired (CASES_DRAFT_DAYS)."""

from django.core.management.base import BaseCommand

from onewindow.cases.intake.drafts import purge_expired


class Command(BaseCommand):
    help = "删除已过期的在线申请草稿（暂存），保留期见 CASES_DRAFT_DAYS"

    def handle(self, *args, **options):
        count = purge_expired()
        self.stdout.write(f"deleted {count} expired draft(s)")
