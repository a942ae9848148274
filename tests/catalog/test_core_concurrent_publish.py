"""Two reviewers publishing the same version at the same moment: exactly one succeeds.

Real threads with their own connections, outside a test transaction, so this only means
something on PostgreSQL (SQLite serialises writers anyway); skipped there.
"""

import threading

import pytest
from django.db import connection, connections

from onewindow.catalog import services
from onewindow.catalog.models import ItemVersion
from onewindow.core.errors import Conflict
from tests.catalog.factories import ServiceItemFactory, bureau_publisher

ROUNDS = 10


@pytest.mark.django_db(transaction=True)
def test_two_publishers_at_once_one_wins_the_other_gets_a_conflict():
    if connection.vendor != "postgresql":
        pytest.skip("needs a database with concurrent writers")
    publishers = [bureau_publisher(), bureau_publisher()]
    for _round in range(ROUNDS):
        item = ServiceItemFactory(published=True)
        draft = services.start_revision(None, item)
        services.submit_for_review(None, draft)
        barrier = threading.Barrier(2)
        results = []

        def publish(user, version_id=draft.pk, barrier=barrier, results=results):
            try:
                version = ItemVersion.objects.select_related("item").get(pk=version_id)
                barrier.wait()
                services.publish(user, version)
                results.append("ok")
            except Conflict:
                results.append("conflict")
            finally:
                connections.close_all()

        threads = [threading.Thread(target=publish, args=(u,)) for u in publishers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(results) == ["conflict", "ok"]
        assert ItemVersion.objects.filter(item=item, status="published").count() == 1
        assert ItemVersion.objects.get(pk=draft.pk).status == "published"
