"""Periodic audit work: chaining what waits, and anchoring the head outside the database."""

from celery import shared_task

from . import anchor
from .services import chain_pending


@shared_task(name="onewindow.core.audit.tasks.chain_pending_events")
def chain_pending_events() -> dict:
    """Events the last writer of a burst left while the head was busy (see services)."""
    return {"chained": chain_pending(wait=True)}


@shared_task(name="onewindow.core.audit.tasks.anchor_audit_head")
def anchor_audit_head() -> dict:
    chain_pending(wait=True)
    written = anchor.write_anchor()
    return {"seq": written.seq if written else 0}
