"""Department staff manage only their department's items; a guessed id is a 404."""

import pytest

from onewindow.accounts.constants import Role
from onewindow.catalog import selectors, services
from onewindow.core.errors import NotFound
from tests.accounts.factories import UserFactory
from tests.catalog.factories import ServiceItemFactory, bureau_publisher, department_editor

pytestmark = pytest.mark.django_db


def test_editable_items_are_scoped_to_the_department():
    mine, theirs = ServiceItemFactory(), ServiceItemFactory()
    editor = department_editor(mine.department)
    assert list(selectors.editable_items(editor)) == [mine]
    assert set(selectors.editable_items(bureau_publisher())) == {mine, theirs}
    with pytest.raises(NotFound):
        selectors.editable_item(editor, theirs.code)
    with pytest.raises(NotFound):
        selectors.editable_version(editor, theirs.versions.get().pk)
    assert selectors.editable_version(editor, mine.versions.get().pk).item == mine


@pytest.mark.parametrize(
    "make",
    [
        lambda: UserFactory(citizen=True),
        lambda: UserFactory(role=Role.SUPERVISOR),
        lambda: UserFactory(role=Role.AGENT),
        lambda: UserFactory(role=Role.SYSTEM_ADMIN),
    ],
)
def test_others_see_no_editable_items(make):
    ServiceItemFactory()
    assert not selectors.editable_items(make()).exists()


def test_an_approver_of_a_stationed_department_is_not_the_bureau():
    item = ServiceItemFactory()
    approver = department_editor(item.department, role=Role.APPROVER)
    assert not selectors.versions_in_review(approver).exists()
    services.submit_for_review(approver, item.versions.get())
    assert selectors.versions_in_review(bureau_publisher()).count() == 1


def test_a_bad_version_id_is_not_found():
    with pytest.raises(NotFound):
        selectors.editable_version(bureau_publisher(), "abc")


def test_the_public_guide_is_only_the_published_version():
    item = ServiceItemFactory()
    with pytest.raises(NotFound):
        selectors.item_guide(item.code)
    services.publish(None, item.versions.get())
    assert selectors.item_guide(item.code).number == 1
    with pytest.raises(NotFound):
        selectors.item_guide("NO-SUCH")


def test_published_items_filter_by_department_and_life_event():
    a = ServiceItemFactory(published=True, life_events=["housing", "tax"])
    b = ServiceItemFactory(published=True, life_events=["tax"])
    ServiceItemFactory(life_events=["housing"])  # draft: not public
    assert list(selectors.published_items(life_event="housing")) == [a]
    assert list(selectors.published_items(life_event="tax")) == [a, b]
    assert list(selectors.published_items(life_event="nonsense")) == []
    assert list(selectors.published_items(department=b.department)) == [b]
    assert list(selectors.published_items(department=b.department.code)) == [b]
