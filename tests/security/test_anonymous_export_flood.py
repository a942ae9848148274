"""The public catalogue export under a flood: one build per catalogue change, throttled per
address, and no audit row per anonymous download.

Replays the incident: every anonymous call rebuilt the whole workbook (seconds of work) and
appended an audit event, with no limit, so a loop of downloads cost the bureau CPU and filled
its audit log.
"""

import io

import pytest
from django.db import transaction
from openpyxl import load_workbook

from onewindow.accounts.constants import Role
from onewindow.catalog import services
from onewindow.core.audit.models import AuditEvent
from tests.accounts.factories import UserFactory
from tests.catalog.factories import ServiceItemFactory

pytestmark = pytest.mark.django_db

URL = "/services/excel/export.xlsx"
DELEGATED_URL = "/services/excel/export/delegated.xlsx"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _get(client, url=URL, address="203.0.113.5"):
    return client.get(url, REMOTE_ADDR=address)


def _codes(response) -> list[str]:
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return sorted(row[0] for row in book["事项"].iter_rows(min_row=2, values_only=True))


def test_repeated_downloads_are_served_from_one_build(client, django_assert_max_num_queries):
    ServiceItemFactory(published=True, with_materials=3, with_steps=3)
    first = b"".join(_get(client).streaming_content)
    # Building reads items, versions, materials, steps, fields, lists; serving reads the
    # edition (one query) and streams the stored file.
    with django_assert_max_num_queries(1):
        again = b"".join(_get(client).streaming_content)
    assert again == first


def test_publishing_withdrawing_and_listing_change_the_export(client):
    shown = ServiceItemFactory(published=True)
    assert _codes(_get(client)) == [shown.code]
    added = ServiceItemFactory(published=True)
    assert _codes(_get(client)) == sorted([shown.code, added.code])
    services.withdraw(None, shown, "停止实施")
    assert _codes(_get(client)) == [added.code]
    assert _codes(_get(client, DELEGATED_URL)) == []
    services.add_to_list(None, "delegated", item=added, level="town")
    assert _codes(_get(client, DELEGATED_URL)) == [added.code]


def test_a_change_that_rolls_back_leaves_the_export_as_it_was(client):
    shown = ServiceItemFactory(published=True)
    before = b"".join(_get(client).streaming_content)
    with pytest.raises(RuntimeError), transaction.atomic():
        ServiceItemFactory(published=True)
        raise RuntimeError("the publisher's request failed")
    assert b"".join(_get(client).streaming_content) == before
    assert _codes(_get(client)) == [shown.code]


def test_anonymous_downloads_are_throttled_per_address(client, settings):
    settings.CATALOG_EXPORTS_PER_HOUR = 3
    ServiceItemFactory(published=True)
    for _ in range(3):
        assert _get(client).status_code == 200
    refused = _get(client)
    assert refused.status_code == 429
    assert "下载过于频繁" in refused.content.decode()
    assert _get(client, address="198.51.100.9").status_code == 200
    # Signed-in staff are identified and audited instead of throttled.
    client.force_login(UserFactory(role=Role.CLERK))
    assert _get(client).status_code == 200


def test_anonymous_downloads_leave_no_audit_rows(client):
    ServiceItemFactory(published=True)
    before = AuditEvent.objects.count()
    for _ in range(5):
        assert _get(client).status_code == 200
    assert AuditEvent.objects.count() == before
