"""record(): one row with every field, masked, JSON-safe, chained, in the caller's transaction."""

import datetime
import decimal
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import RequestFactory

from onewindow.accounts.constants import Role
from onewindow.core.audit import record
from onewindow.core.audit.chain import GENESIS, event_hash
from onewindow.core.audit.constants import EXPORT, LOGIN, PII_REVEAL, Result
from onewindow.core.audit.models import AuditChainHead, AuditEvent
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

ID_NUMBER = "370502199001011233"
PHONE = "13812345678"


def _hashed_fields(event):
    from onewindow.core.audit.chain import HASHED_FIELDS

    return {name: getattr(event, name) for name in HASHED_FIELDS}


def test_record_writes_one_row_with_every_field():
    actor = UserFactory(username="zhangsan", display_name="张三", role=Role.CLERK)
    subject = UserFactory(username="lisi")
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")

    event = record(
        "case.accept",
        actor=actor,
        obj=subject,
        result=Result.SUCCESS,
        before={"status": "submitted"},
        after={"status": "accepted"},
        request=request,
        summary="受理办件",
    )

    assert AuditEvent.objects.count() == 1
    stored = AuditEvent.objects.get()
    assert stored.pk == event.pk
    assert stored.action == "case.accept"
    assert stored.actor_id == actor.pk
    assert stored.actor_name == "张三（zhangsan）"
    assert stored.object_type == "accounts.user"
    assert stored.object_id == str(subject.pk)
    assert stored.object_repr == str(subject)
    assert stored.result == "success"
    assert stored.ip_address == "10.1.2.3"
    assert stored.before == {"status": "submitted"}
    assert stored.after == {"status": "accepted"}
    assert stored.summary == "受理办件"
    assert stored.occurred_at.tzinfo is not None
    assert stored.seq == 1
    assert stored.prev_hash == GENESIS
    assert len(stored.hash) == 64
    assert stored.hash == event_hash(GENESIS, _hashed_fields(stored))


def test_actor_comes_from_the_request_when_not_given():
    user = UserFactory(username="wangwu", display_name="王五")
    request = RequestFactory().get("/", REMOTE_ADDR="192.168.0.9")
    request.user = user

    event = record(LOGIN, request=request)

    assert event.actor_id == user.pk
    assert event.ip_address == "192.168.0.9"


def test_anonymous_request_records_no_actor():
    request = RequestFactory().get("/", REMOTE_ADDR="2001:DB8::1")
    request.user = AnonymousUser()

    event = record("login_failed", request=request, result=Result.FAILURE)

    event.refresh_from_db()
    assert event.actor_id is None
    assert event.actor_name == ""
    assert event.ip_address == "2001:db8::1"
    assert event.result == "failure"


def test_explicit_object_type_and_id_without_an_instance():
    event = record(EXPORT, object_type="cases.case", object_id="42")
    assert (event.object_type, event.object_id, event.object_repr) == ("cases.case", "42", "")


def test_forwarded_address_is_used_only_behind_a_trusted_proxy(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    settings.PROXY_COUNT = 0
    assert record(LOGIN, request=request).ip_address == "10.0.0.1"
    settings.PROXY_COUNT = 1
    assert record(LOGIN, request=request).ip_address == "203.0.113.7"


def test_full_id_numbers_and_phones_are_masked_everywhere():
    actor = UserFactory(username=PHONE, display_name="")
    event = record(
        PII_REVEAL,
        actor=actor,
        before={"id_number": ID_NUMBER, "nested": [{"phone": PHONE}], PHONE: 1},
        after={"note": f"身份证 {ID_NUMBER}，电话 {PHONE}", "as_int": int(PHONE)},
        summary=f"查看 {ID_NUMBER} 的手机 {PHONE}",
    )
    event.refresh_from_db()
    stored = " ".join(str(v) for v in (event.before, event.after, event.summary, event.actor_name))
    assert ID_NUMBER not in stored
    assert PHONE not in stored
    assert event.before["id_number"] == "370***********1233"
    assert event.before["nested"][0]["phone"] == "138****5678"
    assert event.after["as_int"] == "138****5678"
    assert event.actor_name == "138****5678"


def test_values_are_made_json_safe():
    subject = UserFactory(display_name="赵六")
    token = uuid.UUID("12345678-1234-5678-1234-567812345678")
    event = record(
        "config_change",
        before={
            "amount": decimal.Decimal("10000.50"),
            "day": datetime.date(2026, 1, 4),
            "at": datetime.datetime(2026, 1, 4, 9, 30, tzinfo=datetime.UTC),
            "token": token,
            "user": subject,
            "tags": {"b", "a"},
            "ratio": 0.25,
            "tiny": 1e-05,
            "nul": "a\x00b",
            0: False,
        },
    )
    event.refresh_from_db()
    assert event.before == {
        "amount": "10000.50",
        "day": "2026-01-04",
        "at": "2026-01-04T09:30:00+00:00",
        "token": str(token),
        "user": "赵六",
        "tags": ["a", "b"],
        "ratio": 0.25,
        "tiny": "1e-05",
        "nul": "ab",
        "0": False,
    }


def test_each_event_links_to_the_previous_one_and_moves_the_head():
    first = record(LOGIN)
    second = record(LOGIN)

    second.refresh_from_db()
    assert second.seq == first.seq + 1
    assert second.prev_hash == first.hash
    assert second.hash == event_hash(first.hash, _hashed_fields(second))
    head = AuditChainHead.objects.get()
    assert (head.count, head.last_id, head.last_hash) == (2, second.pk, second.hash)


def test_a_rolled_back_transaction_leaves_no_audit_row():
    record(LOGIN)
    with pytest.raises(RuntimeError), transaction.atomic():
        record("case.accept", object_type="cases.case", object_id="1")
        raise RuntimeError("the change failed")

    assert list(AuditEvent.objects.values_list("action", flat=True)) == [LOGIN]
    assert AuditChainHead.objects.get().count == 1


def test_invalid_action_or_result_is_refused():
    with pytest.raises(ValueError):
        record("")
    with pytest.raises(ValueError):
        record(LOGIN, result="maybe")
    assert not AuditEvent.objects.exists()
