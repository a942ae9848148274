"""Walk the stored chain and name the first record that breaks it.

Reads in id order, 2,000 rows at a time, keeping only the previous row in memory. Rows
committed while the walk runs are walked too before the head is compared, so a busy
system is not reported as broken.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .chain import GENESIS, HASHED_FIELDS, event_hash, head_mac, same
from .models import AuditChainHead, AuditEvent

CHUNK_SIZE = 2000
_MAX_ROUNDS = 100


class Reason:
    TAMPERED = gettext_noop("内容被篡改")
    LINK_BROKEN = gettext_noop("链接断裂")
    MISSING = gettext_noop("记录缺失")
    INSERTED = gettext_noop("非法插入")
    HEAD_TAMPERED = gettext_noop("链头被篡改")


@dataclass(frozen=True)
class Break:
    event_id: int | None
    reason: str
    detail: str

    def __str__(self):
        where = _("记录 #%(id)s") % {"id": self.event_id} if self.event_id else _("审计链头")
        return f"{where}：{_(self.reason)}（{self.detail}）"


@dataclass(frozen=True)
class Report:
    count: int
    broken: Break | None

    @property
    def ok(self) -> bool:
        return self.broken is None


@dataclass(frozen=True)
class _Row:
    id: int
    fields: dict
    prev_hash: str
    hash: str

    @property
    def seq(self) -> int:
        return self.fields["seq"]

    def hash_ok(self) -> bool:
        return same(event_hash(self.prev_hash, self.fields), self.hash)


class _State:
    def __init__(self):
        self.expected_prev = GENESIS
        self.expected_seq = 1
        self.last_id = 0
        self.seen = 0

    def advance(self, row: _Row):
        self.expected_prev = row.hash
        self.expected_seq = row.seq + 1
        self.last_id = row.id
        self.seen += 1

    def continues_with(self, row: _Row | None) -> bool:
        return (
            row is not None
            and row.seq == self.expected_seq
            and same(row.prev_hash, self.expected_prev)
            and row.hash_ok()
        )


def _rows(after_id: int) -> Iterator[_Row]:
    query = (
        AuditEvent.objects.filter(id__gt=after_id)
        .order_by("id")
        .values_list("id", *HASHED_FIELDS, "prev_hash", "hash")
    )
    for values in query.iterator(chunk_size=CHUNK_SIZE):
        yield _Row(values[0], dict(zip(HASHED_FIELDS, values[1:-2], strict=True)), *values[-2:])


def _with_next(rows: Iterator[_Row]) -> Iterator[tuple[_Row, _Row | None]]:
    current = next(rows, None)
    while current is not None:
        following = next(rows, None)
        yield current, following
        current = following


def _walk(rows: Iterator[_Row], state: _State, head_last_id: int) -> Break | None:
    for row, following in _with_next(rows):
        if not row.hash_ok():
            # Without the key nobody can make a valid hash: a row past the head, or one the
            # chain runs around, was put there by hand; anything else was edited.
            if row.id > head_last_id or state.continues_with(following):
                return Break(row.id, Reason.INSERTED, _("该记录不属于审计链"))
            return Break(row.id, Reason.TAMPERED, _("重新计算的哈希与存储的哈希不一致"))
        if row.seq < state.expected_seq:
            return Break(
                row.id,
                Reason.INSERTED,
                _("链序号 %(seq)s 重复，是已有记录的复制") % {"seq": row.seq},
            )
        if row.seq > state.expected_seq:
            return _missing_before(row, state)
        if not same(row.prev_hash, state.expected_prev):
            return Break(row.id, Reason.LINK_BROKEN, _("前一条哈希与上一条记录不符"))
        state.advance(row)
    return None


def _missing_before(row: _Row, state: _State) -> Break:
    missing = row.seq - state.expected_seq
    first, last = state.expected_seq, row.seq - 1
    positions = str(first) if first == last else f"{first}–{last}"
    values = {"prev": state.last_id, "next": row.id, "n": missing, "seq": positions}
    if row.id - state.last_id - 1 == missing:
        # No id gap of another cause: the missing records had exactly the ids in between.
        return Break(
            state.last_id + 1,
            Reason.MISSING,
            _("已被删除：记录 #%(prev)s 与 #%(next)s 之间缺少 %(n)s 条，链序号 %(seq)s") % values,
        )
    return Break(
        row.id,
        Reason.MISSING,
        _("本记录之前缺少 %(n)s 条记录，链序号 %(seq)s，位于记录 #%(prev)s 之后") % values,
    )


def _head() -> AuditChainHead | None:
    return AuditChainHead.objects.filter(pk=1).first()


def _head_break(head: AuditChainHead | None, state: _State) -> Break | None:
    if head is None:
        if state.seen:
            return Break(None, Reason.HEAD_TAMPERED, _("链头缺失"))
        return None
    if not same(head.mac, head_mac(head.last_id, head.count, head.last_hash)):
        return Break(head.last_id or None, Reason.HEAD_TAMPERED, _("链头校验码不符"))
    return None


def verify_chain() -> Report:
    """Check every record's hash, every link and the head; report the first break."""
    state = _State()
    head = _head()
    broken = _head_break(head, state)
    if broken is None:
        broken = _walk(_rows(0), state, head.last_id if head else 0)
    rounds = 0
    while broken is None:
        head = _head()
        broken = _head_break(head, state)
        if broken or head is None:
            break
        if head.count == state.seen:
            if head.last_id != state.last_id or not same(head.last_hash, state.expected_prev):
                broken = Break(head.last_id, Reason.LINK_BROKEN, _("链头与最后一条记录不符"))
            break
        if head.count < state.seen:
            extra = AuditEvent.objects.filter(seq=head.count + 1).values_list("id", flat=True)
            broken = Break(extra.first(), Reason.INSERTED, _("记录位于链头之后"))
            break
        # The head is ahead of what we read: newer rows were committed meanwhile, or the
        # newest rows were deleted.
        seen_before = state.seen
        broken = _walk(_rows(state.last_id), state, head.last_id)
        if broken is None and state.seen == seen_before:
            broken = Break(
                head.last_id,
                Reason.MISSING,
                _("链头记载共 %(count)s 条，最新的 %(n)s 条记录已被删除")
                % {"count": head.count, "n": head.count - state.seen},
            )
        rounds += 1
        if broken is None and rounds >= _MAX_ROUNDS:
            broken = Break(None, Reason.LINK_BROKEN, _("校验期间记录持续写入，请稍后重试"))
    return Report(state.seen, broken)
