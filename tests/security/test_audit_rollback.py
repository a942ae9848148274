"""A rollback of the newest audit records is found (issue 12, item 4).

Replays the attack: with the triggers dropped, delete the newest records and put back an
earlier head row (one the application wrote, so its MAC is valid). The chain alone then
verifies, shorter. The head is now anchored outside the database (core/audit/anchor.py),
and verify_audit compares the chain with the newest anchor; it also fails when a
protecting trigger is missing.
"""

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from onewindow.core.audit import record
from onewindow.core.audit.anchor import Anchor, last_anchor
from onewindow.core.audit.constants import LOGIN
from onewindow.core.audit.models import AuditChainHead, AuditEvent
from onewindow.core.audit.tasks import anchor_audit_head
from onewindow.core.audit.triggers import drop_triggers, install_triggers
from onewindow.core.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def _verify() -> str:
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def _events(n):
    return [record(LOGIN, summary=f"第{i}条") for i in range(n)]


def _execute(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_rollback_to_an_earlier_head_is_found_by_the_anchor(settings):
    _events(4)
    earlier = AuditChainHead.objects.values("last_id", "count", "last_hash", "mac").get(pk=1)
    _events(3)
    assert "已写入外部锚点：链序号 7" in _verify()

    # The attacker: triggers off, the three newest records gone, the earlier head back.
    drop_triggers(connection)
    _execute("DELETE FROM audit_auditevent WHERE seq > 4")
    _execute(
        "UPDATE audit_auditchainhead SET last_id = %s, count = %s, last_hash = %s, mac = %s "
        "WHERE id = 1",
        earlier["last_id"],
        earlier["count"],
        earlier["last_hash"],
        earlier["mac"],
    )
    install_triggers(connection)

    assert verify_chain().ok  # the chain alone cannot tell
    with pytest.raises(CommandError) as caught:
        _verify()
    message = str(caught.value)
    assert "审计链被回滚" in message and "已有 7 条" in message and "现只有 4 条" in message


def test_a_missing_protecting_trigger_fails_verification():
    _events(2)
    name = "audit_event_no_delete" if connection.vendor == "sqlite" else "audit_event_no_change"
    table = "" if connection.vendor == "sqlite" else " ON audit_auditevent"
    _execute(f"DROP TRIGGER {name}{table}")
    try:
        with pytest.raises(CommandError) as caught:
            _verify()
        assert "保护触发器缺失" in str(caught.value) and name in str(caught.value)
    finally:
        install_triggers(connection)
    assert "审计链完整" in _verify()


def test_the_beat_task_anchors_the_head_and_forged_lines_are_ignored(settings):
    _events(3)
    assert anchor_audit_head() == {"seq": 3}
    # A line written without the audit key (someone with only the file) counts for nothing.
    with open(settings.AUDIT_ANCHOR_FILE, "a", encoding="ascii") as handle:
        handle.write(json.dumps({"seq": 99, "hash": "0" * 64, "at": "2026-12-07", "mac": "x"}))
        handle.write("\n")
    anchor = last_anchor()
    assert anchor.seq == 3 and anchor.valid()
    assert anchor.hash == AuditEvent.objects.get(seq=3).hash
    assert "审计链完整：共 3 条记录" in _verify()


class _Witness(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802 - the http.server interface
        length = int(self.headers["Content-Length"])
        _Witness.received.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_remote_witness_gets_each_anchor(settings):
    server = HTTPServer(("127.0.0.1", 0), _Witness)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        settings.AUDIT_ANCHOR_BACKENDS = ["file", "http"]
        settings.AUDIT_ANCHOR_WITNESS_URL = f"http://127.0.0.1:{server.server_port}/anchors"
        _events(2)
        _Witness.received.clear()
        _verify()
    finally:
        server.shutdown()
    [sent] = _Witness.received
    assert sent["seq"] == 2
    assert Anchor(sent["seq"], sent["hash"], sent["at"], sent["mac"]).valid()
