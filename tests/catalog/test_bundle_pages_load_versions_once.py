"""Pages of a bundle load its items' versions once, however many items it has (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from onewindow.catalog import selectors
from tests.catalog.factories import (
    BundleFactory,
    ServiceItemFactory,
    bureau_publisher,
    material,
)

pytestmark = pytest.mark.django_db


def _bundle(code, n_items):
    items = [
        ServiceItemFactory(
            published=True, materials=[material("居民身份证"), material(f"材料{i}")], with_steps=2
        )
        for i in range(n_items)
    ]
    return BundleFactory(code=code, items=items, with_steps=2)


def _queries(client, path) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def _version_loads(sqls) -> int:
    return sum(1 for sql in sqls if sql.startswith('SELECT "catalog_itemversion"."id"'))


@pytest.mark.parametrize(
    "path",
    ["/services/bundles/{code}/", "/api/catalog/bundles/{code}"],
    ids=["public page", "api"],
)
def test_a_bundle_guide_loads_the_versions_once(client, path):
    _bundle("SMALL", 2)
    _bundle("LARGE", 5)
    small = _queries(client, path.format(code="SMALL"))
    large = _queries(client, path.format(code="LARGE"))
    assert _version_loads(small) == 1
    assert len(large) == len(small)


def test_the_manage_bundle_page_loads_the_versions_once(client):
    bundle = _bundle("YLB-1", 3)
    client.force_login(bureau_publisher())
    sqls = _queries(client, reverse("catalog:manage_bundle_edit", args=[bundle.code]))
    assert _version_loads(sqls) == 1


def test_the_bundle_list_does_not_grow_with_the_bundles(client):
    client.force_login(bureau_publisher())
    _bundle("A-1", 2)
    _queries(client, reverse("catalog:manage_bundles"))  # the first request also saves the session
    one = _queries(client, reverse("catalog:manage_bundles"))
    for n in range(2, 5):
        _bundle(f"A-{n}", 3)
    four = _queries(client, reverse("catalog:manage_bundles"))
    assert len(four) == len(one)


def test_shared_versions_give_the_same_results_as_separate_loads():
    bundle = selectors.bundle_guide(_bundle("SAME", 3).code)
    versions = selectors.bundle_versions(bundle)
    assert selectors.bundle_savings(bundle, versions) == selectors.bundle_savings(bundle)
    assert [m.name for m in selectors.bundle_materials(bundle, versions)] == [
        m.name for m in selectors.bundle_materials(bundle)
    ]
    assert [f.key for f in selectors.bundle_form_fields(bundle, versions)] == [
        f.key for f in selectors.bundle_form_fields(bundle)
    ]
