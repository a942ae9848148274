"""Time limits read as the guide states them: "即办" for 0, "N 个工作日" otherwise."""

import pytest

from tests.catalog.factories import ServiceItemFactory

pytestmark = pytest.mark.django_db


def _limits(client, item):
    page = client.get(f"/services/items/{item.code}/").content.decode()
    promised = page.split('data-testid="promised-limit">')[1].split("<")[0]
    statutory = page.split('data-testid="statutory-limit">')[1].split("<")[0]
    return promised, statutory


def test_a_zero_promise_reads_as_on_the_spot(client):
    item = ServiceItemFactory(published=True, statutory_limit_days=20, promised_limit_days=0)
    assert _limits(client, item) == ("即办", "20 个工作日")


def test_a_promise_in_working_days(client):
    item = ServiceItemFactory(published=True, statutory_limit_days=20, promised_limit_days=3)
    assert _limits(client, item) == ("3 个工作日", "20 个工作日")
