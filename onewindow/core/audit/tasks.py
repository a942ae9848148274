"""The audit chain's head, anchored outside the database every AUDIT_ANCHOR_MINUTES."""

from celery import shared_task

from . import anchor


@shared_task(name="onewindow.core.audit.tasks.anchor_audit_head")
def anchor_audit_head() -> dict:
    written = anchor.write_anchor()
    return {"seq": written.seq if written else 0}
