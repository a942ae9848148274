"""Anchoring the audit chain outside the database, so that a rollback is found.

The chain proves that no record was changed, inserted or removed in the middle, and the
head row proves where the chain ends. Someone with the database's superuser rights can
still drop the triggers, delete the newest records and put back an earlier head row (its
MAC was valid when the application wrote it): the chain then verifies, shorter. So the head
is also written somewhere the database cannot reach: every ``AUDIT_ANCHOR_MINUTES`` (Celery
beat) and at every ``verify_audit``, one anchor (sequence number, hash, time, MAC under the
audit key) is appended to each backend in ``AUDIT_ANCHOR_BACKENDS``:

- ``file``: an append-only JSON-lines file at ``AUDIT_ANCHOR_FILE``, which production puts
  on other storage (another host's mount, ``chattr +a``);
- ``syslog``: one line to ``AUDIT_ANCHOR_SYSLOG_ADDRESS`` (the central log server);
- ``http``: a POST of the JSON to ``AUDIT_ANCHOR_WITNESS_URL`` (a witness service).

``verify_audit`` compares the chain with the newest anchor in the file: the anchored record
must still be there with the anchored hash, and the head may not be behind it.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.integrations import BackendRegistry

from .chain import _mac, same
from .models import AuditChainHead, AuditEvent

logger = logging.getLogger("onewindow.audit.anchor")
registry = BackendRegistry("audit anchor")


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    at: str
    mac: str = ""

    @staticmethod
    def mac_of(seq: int, digest: str, at: str) -> str:
        return _mac(f"anchor\n{int(seq)}\n{digest}\n{at}".encode("ascii"))

    def valid(self) -> bool:
        return same(self.mac, self.mac_of(self.seq, self.hash, self.at))

    def line(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=True, sort_keys=True)


def current() -> Anchor | None:
    """The chain's head now, as an anchor; None for an empty chain."""
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None or head.count == 0:
        return None
    at = timezone.now().isoformat()
    return Anchor(head.count, head.last_hash, at, Anchor.mac_of(head.count, head.last_hash, at))


# --- backends --------------------------------------------------------------------------


def _file_path() -> Path:
    return Path(str(settings.AUDIT_ANCHOR_FILE))


@registry.register
class FileBackend:
    name = "file"

    def write(self, anchor: Anchor) -> None:
        path = _file_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="ascii") as handle:
            handle.write(anchor.line() + "\n")
            handle.flush()


@registry.register
class SyslogBackend:
    name = "syslog"

    def write(self, anchor: Anchor) -> None:
        host, _sep, port = str(settings.AUDIT_ANCHOR_SYSLOG_ADDRESS).rpartition(":")
        address = (host, int(port)) if host else port  # "host:514" or a socket path
        handler = logging.handlers.SysLogHandler(address=address)
        try:
            record = logging.LogRecord(
                "onewindow.audit",
                logging.INFO,
                __file__,
                0,
                "audit-anchor %s",
                (anchor.line(),),
                None,
            )
            handler.emit(record)
        finally:
            handler.close()


@registry.register
class HttpBackend:
    name = "http"

    def write(self, anchor: Anchor) -> None:
        request = urllib.request.Request(  # noqa: S310 - the witness URL is configured
            settings.AUDIT_ANCHOR_WITNESS_URL,
            data=anchor.line().encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            if response.status >= 300:
                raise OSError(f"witness answered {response.status}")


def write_anchor() -> Anchor | None:
    """Append the head to every configured backend. The file backend must succeed (it is
    what verify_audit reads); a failing remote copy is logged, not fatal."""
    anchor = current()
    if anchor is None:
        return None
    for name in settings.AUDIT_ANCHOR_BACKENDS:
        backend = registry.backend_class(name)()
        try:
            backend.write(anchor)
        except Exception:
            if name == "file":
                raise
            logger.exception("audit anchor could not be written to %s", name)
    return anchor


# --- checking ---------------------------------------------------------------------------


def last_anchor() -> Anchor | None:
    """The newest anchor in the file whose MAC is right (a line without one is skipped)."""
    path = _file_path()
    if not path.exists():
        return None
    newest = None
    with path.open(encoding="ascii", errors="replace") as handle:
        for line in handle:
            try:
                data = json.loads(line)
                anchor = Anchor(int(data["seq"]), str(data["hash"]), str(data["at"]), data["mac"])
            except (ValueError, KeyError, TypeError):
                continue
            if anchor.valid() and (newest is None or anchor.seq >= newest.seq):
                newest = anchor
    return newest


def check_against(anchor: Anchor | None) -> str | None:
    """Why the chain in the database disagrees with ``anchor``; None when it agrees."""
    if anchor is None:
        return None
    head = AuditChainHead.objects.filter(pk=1).first()
    count = head.count if head else 0
    stored = AuditEvent.objects.filter(seq=anchor.seq).values_list("hash", flat=True).first()
    values = {"seq": anchor.seq, "at": anchor.at, "count": count}
    if stored is None or count < anchor.seq:
        return (
            _(
                "外部锚点记载 %(at)s 时审计链已有 %(seq)s 条，数据库中现只有 %(count)s 条："
                "最新的记录被删除并回滚了链头"
            )
            % values
        )
    if not same(stored, anchor.hash):
        return _("链序号 %(seq)s 的记录与 %(at)s 的外部锚点不符：该记录之后的链被改写") % values
    return None
