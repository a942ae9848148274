"""The audit table refuses UPDATE, DELETE and TRUNCATE in the database itself."""

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from onewindow.core.audit import record
from onewindow.core.audit.constants import LOGIN
from onewindow.core.audit.models import AuditChainHead, AuditEvent
from onewindow.core.audit.triggers import triggers_complete
from onewindow.core.audit.verify import verify_chain


def _refused(sql_or_callable, *params):
    """Run the statement in a savepoint and assert the database refuses it."""
    with pytest.raises(IntegrityError, match="审计"), transaction.atomic():
        if callable(sql_or_callable):
            sql_or_callable()
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql_or_callable, params)


@pytest.fixture
def events(db):
    return [record(LOGIN, summary=f"第{i}次") for i in range(3)]


def test_migrations_installed_the_triggers(db):
    assert triggers_complete(connection)


def test_orm_update_is_refused(events):
    event = events[1]
    event.summary = "改过"
    _refused(event.save)
    _refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(summary="改过"))
    _refused(lambda: AuditEvent.objects.update(result="failure"))
    assert AuditEvent.objects.get(pk=event.pk).summary == "第1次"


def test_orm_delete_is_refused(events):
    _refused(events[0].delete)
    _refused(lambda: AuditEvent.objects.filter(pk=events[2].pk).delete())
    _refused(lambda: AuditEvent.objects.all().delete())
    assert AuditEvent.objects.count() == 3


def test_raw_sql_update_and_delete_are_refused(events):
    _refused("UPDATE audit_auditevent SET summary = %s WHERE id = %s", "改过", events[1].pk)
    _refused("UPDATE audit_auditevent SET hash = %s", "0" * 64)
    _refused("DELETE FROM audit_auditevent WHERE id = %s", events[1].pk)
    assert AuditEvent.objects.count() == 3
    assert AuditEvent.objects.get(pk=events[1].pk).summary == "第1次"


def test_emptying_the_table_is_refused(events):
    # PostgreSQL's TRUNCATE skips row triggers, so it has its own; SQLite has no TRUNCATE
    # and its DELETE without WHERE fires the row trigger.
    if connection.vendor == "postgresql":
        _refused("TRUNCATE audit_auditevent")
        _refused("TRUNCATE audit_auditchainhead")
    _refused("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.count() == 3


def test_the_chain_head_only_moves_forward(events):
    head = AuditChainHead.objects.get()
    _refused('UPDATE audit_auditchainhead SET "count" = "count" - 1, last_id = last_id - 1')
    _refused("UPDATE audit_auditchainhead SET last_hash = %s", "0" * 64)
    _refused("DELETE FROM audit_auditchainhead")
    assert AuditChainHead.objects.get().count == head.count == 3


def test_appending_still_works_after_refused_changes(events):
    _refused("DELETE FROM audit_auditevent WHERE id = %s", events[0].pk)
    record(LOGIN)
    assert AuditEvent.objects.count() == 4
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_log_and_puts_the_triggers_back():
    # Django's flush runs between transactional tests; the app's override lets it through.
    record(LOGIN)
    call_command("flush", interactive=False, verbosity=0)

    assert not AuditEvent.objects.exists()
    assert not AuditChainHead.objects.exists()
    assert triggers_complete(connection)
    record(LOGIN)
    assert verify_chain().ok
    with pytest.raises(IntegrityError):
        AuditEvent.objects.all().delete()


def test_flush_is_refused_in_production(events, monkeypatch):
    monkeypatch.setattr(settings, "PRODUCTION", True, raising=False)
    with pytest.raises(CommandError, match="审计日志必须保留"):
        call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 3
