"""A NUL byte in a code or search is refused with 400 (core.middleware), never a 500.

PostgreSQL refuses text containing NUL (SQLite accepts it), so without the guard these
would be server errors on PostgreSQL only. The selectors also drop NUL for callers that do
not come through HTTP.
"""

import pytest

from tests.catalog.factories import bureau_publisher

pytestmark = pytest.mark.django_db

NOT_FOUND = [
    "/services/items/a%00b/",
    "/services/bundles/a%00b/",
    "/services/industries/a%00/",
    "/services/departments/a%00/",
    "/api/catalog/items/a%00b",
    "/api/catalog/items/a%00b/versions",
    "/api/catalog/bundles/a%00b",
    "/api/catalog/industries/a%00b",
]
MANAGE_NOT_FOUND = [
    "/services/manage/items/a%00b/",
    "/services/manage/items/a%00b/history/",
    "/services/manage/bundles/a%00b/edit/",
    "/services/manage/industries/a%00b/edit/",
]
EMPTY = ["/api/catalog/items?department=a%00", "/api/catalog/items?q=a%00"]


@pytest.mark.parametrize("path", NOT_FOUND + EMPTY)
def test_a_public_code_or_filter_with_a_nul_byte_is_refused(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "非法字符" in response.content.decode()


@pytest.mark.parametrize("path", [*MANAGE_NOT_FOUND, "/services/manage/?q=a%00"])
def test_a_managed_code_with_a_nul_byte_is_refused(client, path):
    client.force_login(bureau_publisher())
    assert client.get(path).status_code == 400


def test_the_selectors_drop_nul_for_callers_outside_http():
    from onewindow.catalog import selectors
    from onewindow.core.errors import NotFound

    with pytest.raises(NotFound):
        selectors.item_guide("a\x00b")
