"""Hand unsent notifications to the workers (what beat's core.dispatch_outbox does)."""

from django.core.management.base import BaseCommand

from onewindow.core.notify import outbox


class Command(BaseCommand):
    help = "把因消息队列中断而未交付的通知重新交给后台任务（每条只发送一次）"

    def handle(self, *args, **options):
        counts = outbox.sweep()
        self.stdout.write(
            f"handed_over={counts['handed_over']} broker_down={counts['broker_down']}"
        )
