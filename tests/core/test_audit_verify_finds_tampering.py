"""verify_audit passes an untouched chain and names the first record that was tampered with.

Each tampering test first drops the triggers (as an attacker with database access
would), changes the table, then runs the command.
"""

import dataclasses
import datetime
import decimal
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from onewindow.core.audit import record
from onewindow.core.audit import verify as verify_module
from onewindow.core.audit.chain import GENESIS, HASHED_FIELDS, event_hash
from onewindow.core.audit.constants import LOGIN, ROLE_GRANT
from onewindow.core.audit.models import AuditChainHead, AuditEvent
from onewindow.core.audit.triggers import drop_triggers, install_triggers, triggers_complete
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    """Five events; returned in id order."""
    user = UserFactory(display_name="张三")
    events = [record(LOGIN, actor=user, after={"n": i}, summary=f"第{i}条") for i in range(5)]
    return events


@pytest.fixture
def no_triggers():
    drop_triggers(connection)
    assert not triggers_complete(connection)
    yield
    install_triggers(connection)
    assert triggers_complete(connection)


def verify() -> str:
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def broken(event_id, reason) -> None:
    with pytest.raises(CommandError) as caught:
        verify()
    message = str(caught.value)
    assert f"#{event_id}：" in message, message
    assert reason in message, message


def _execute(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _skip_ids(n: int) -> None:
    """Leave a gap in the ids, as rolled-back transactions do on PostgreSQL."""
    if connection.vendor == "sqlite":
        _execute("UPDATE sqlite_sequence SET seq = seq + %s WHERE name = 'audit_auditevent'", n)
    else:
        _execute(
            "SELECT setval(pg_get_serial_sequence('audit_auditevent', 'id'), "
            "(SELECT MAX(id) FROM audit_auditevent) + %s)",
            n,
        )


def test_an_untouched_chain_passes(chain):
    assert "审计链完整：共 5 条记录" in verify()


def test_an_empty_log_passes():
    assert "审计链完整：共 0 条记录" in verify()


def test_awkward_values_survive_the_database_round_trip():
    record(
        ROLE_GRANT,
        before={"金额": decimal.Decimal("0.10"), "float": 100.0, "big": 2**62, "neg": -0.5},
        after={"when": timezone.now(), "day": datetime.date(2026, 10, 10), "list": [None, True]},
        summary='含\r\n换行、引号"和 emoji 😀',
        object_type="x" * 300,
        object_id="y" * 300,
    )
    assert "审计链完整：共 1 条记录" in verify()


def test_gaps_in_ids_are_not_breaks(chain):
    _skip_ids(7)
    record(LOGIN)
    assert "共 6 条记录" in verify()


def test_an_edited_middle_record_is_named(chain, no_triggers):
    AuditEvent.objects.filter(pk=chain[2].pk).update(summary="被改过的摘要")
    broken(chain[2].pk, "内容被篡改")


def test_an_edited_json_value_is_named(chain, no_triggers):
    _execute("UPDATE audit_auditevent SET after = NULL WHERE id = %s", chain[1].pk)
    broken(chain[1].pk, "内容被篡改")


def test_a_record_rehashed_without_the_key_is_named(chain, no_triggers):
    # Recomputing a plain SM3 over the change does not help without the HMAC key.
    AuditEvent.objects.filter(pk=chain[3].pk).update(actor_name="李四", hash="ab" * 32)
    broken(chain[3].pk, "内容被篡改")


def test_a_deleted_middle_record_is_found(chain, no_triggers):
    AuditEvent.objects.filter(pk=chain[2].pk).delete()
    broken(chain[2].pk, "记录缺失")


def test_a_deleted_record_after_an_id_gap_is_found_at_its_successor(chain, no_triggers):
    # Gaps have other causes, so the deleted id cannot be told; the next record is named.
    _skip_ids(5)
    after_gap, successor = record(LOGIN), record(LOGIN)
    AuditEvent.objects.filter(pk=after_gap.pk).delete()
    broken(successor.pk, "记录缺失")


def test_a_deleted_newest_record_is_found(chain, no_triggers):
    AuditEvent.objects.filter(pk=chain[4].pk).delete()
    broken(chain[4].pk, "记录缺失")


def test_a_deleted_newest_record_with_a_rolled_back_head_is_found(chain, no_triggers):
    AuditEvent.objects.filter(pk=chain[4].pk).delete()
    AuditChainHead.objects.update(last_id=chain[3].pk, count=4, last_hash=chain[3].hash)
    with pytest.raises(CommandError, match="链头被篡改"):
        verify()


def test_a_forged_record_at_the_end_is_found(chain, no_triggers):
    forged = AuditEvent.objects.create(
        seq=6,
        action=LOGIN,
        actor_name="伪造者",
        prev_hash=chain[4].hash,
        hash="f" * 64,
        occurred_at=timezone.now(),
    )
    broken(forged.pk, "非法插入")


def test_a_forged_record_in_an_id_gap_is_found(chain, no_triggers):
    _skip_ids(10)
    later = record(LOGIN)
    forged = AuditEvent.objects.create(
        id=later.pk - 3,
        seq=999,
        action=LOGIN,
        prev_hash=chain[4].hash,
        hash="e" * 64,
        occurred_at=timezone.now(),
    )
    assert chain[4].pk < forged.pk < later.pk
    broken(forged.pk, "非法插入")


def test_a_copied_record_is_refused_by_its_repeated_position(chain, no_triggers):
    copy = AuditEvent.objects.get(pk=chain[1].pk)
    copy.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save(force_insert=True)


def test_a_copied_record_is_found(chain, monkeypatch):
    # A verbatim copy has a valid hash; its repeated position gives it away. The database
    # refuses such a copy (unique seq), so the walk is fed one directly.
    real_rows = verify_module._rows

    def rows_with_copy(after_id):
        rows = list(real_rows(after_id))
        return iter([*rows, dataclasses.replace(rows[1], id=rows[-1].id + 1)])

    monkeypatch.setattr(verify_module, "_rows", rows_with_copy)
    broken(chain[4].pk + 1, "非法插入")


def test_a_record_moved_out_of_order_is_found(chain, no_triggers):
    # Past the newest id, whatever the id sequence reached in earlier tests.
    AuditEvent.objects.filter(pk=chain[1].pk).update(id=chain[-1].pk + 10_000)
    broken(chain[1].pk, "记录缺失")


def test_a_record_hashed_for_another_chain_is_found(chain, no_triggers):
    # Even with the key, a record made for another chain position does not link.
    AuditEvent.objects.filter(pk=chain[4].pk).delete()
    stray = AuditEvent.objects.get(pk=chain[3].pk)
    stray.pk, stray.seq, stray.prev_hash = None, 5, GENESIS
    stray.hash = event_hash(GENESIS, {f: getattr(stray, f) for f in HASHED_FIELDS})
    stray.save(force_insert=True)
    broken(stray.pk, "链接断裂")
