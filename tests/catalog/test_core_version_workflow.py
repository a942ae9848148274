"""Item versions move draft → in review → published; anything else is refused."""

import pytest
from django.utils import timezone

from onewindow.accounts.constants import Role
from onewindow.catalog import selectors, services
from onewindow.catalog.models import ItemVersion, ServiceItem
from onewindow.catalog.workflow import TRANSITIONS
from onewindow.core.audit.models import AuditEvent
from onewindow.core.errors import Conflict, InvalidInput, PermissionDenied
from tests.accounts.factories import UserFactory
from tests.catalog.factories import (
    ServiceItemFactory,
    bureau_publisher,
    department_editor,
    material,
)

pytestmark = pytest.mark.django_db


def _actions(obj):
    return list(
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_the_full_path_from_draft_to_published_with_who_did_it():
    editor = department_editor()
    publisher = bureau_publisher()
    item = ServiceItemFactory(department=editor.department, actor=editor)
    version = item.versions.get()
    assert version.created_by == editor

    services.submit_for_review(editor, version)
    assert ItemVersion.objects.get(pk=version.pk).status == "in_review"
    services.publish(publisher, version)

    version.refresh_from_db()
    item.refresh_from_db()
    assert version.status == "published"
    assert version.published_by == publisher and version.published_at is not None
    assert version.valid_from == timezone.localdate()
    assert item.published_version == version
    assert _actions(version) == ["catalog.version_submit", "catalog.version_publish"]


def test_publishing_a_revision_supersedes_the_old_version_and_refreshes_search():
    item = ServiceItemFactory(name="旧名称事项", published=True)
    v1 = item.published_version
    v2 = services.start_revision(None, item)
    assert v2.number == 2 and v2.status == "draft"
    services.update_draft(None, v2, guide={"name": "建筑工程施工许可证核发"})
    services.publish(None, v2)

    v1.refresh_from_db()
    item = ServiceItem.objects.get(pk=item.pk)
    assert v1.status == "superseded" and v1.valid_to == timezone.localdate()
    assert item.published_version_id == v2.pk
    assert item.name == "建筑工程施工许可证核发" and "sgxk" in item.name_initials
    assert ItemVersion.objects.filter(item=item, status="published").count() == 1


def test_a_revision_copies_the_guide_and_parts_and_leaves_the_published_one_alone():
    item = ServiceItemFactory(published=True, materials=[material("甲"), material("乙")])
    draft = services.start_revision(None, item)
    assert [m.name for m in draft.materials.all()] == ["甲", "乙"]
    assert draft.steps.count() == item.published_version.steps.count()
    services.update_draft(None, draft, materials=[material("丙")])
    assert [m.name for m in selectors.item_guide(item.code).materials.all()] == ["甲", "乙"]


def test_a_second_revision_while_one_is_open_is_a_conflict():
    item = ServiceItemFactory(published=True)
    services.start_revision(None, item)
    with pytest.raises(Conflict):
        services.start_revision(None, item)


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("draft", "reject"),
        ("published", "submit"),
        ("published", "reject"),
        ("superseded", "publish"),
        ("withdrawn", "submit"),
        ("in_review", "submit"),
    ],
)
def test_forbidden_transitions_are_conflicts(status, action):
    item = ServiceItemFactory()
    version = item.versions.get()
    ItemVersion.objects.filter(pk=version.pk).update(status=status)
    version.refresh_from_db()
    publisher = bureau_publisher()
    call = {
        "submit": lambda: services.submit_for_review(publisher, version),
        "publish": lambda: services.publish(publisher, version),
        "reject": lambda: services.reject(publisher, version, "材料不全"),
    }[action]
    with pytest.raises(Conflict):
        call()
    assert ItemVersion.objects.get(pk=version.pk).status == status


def test_a_person_may_not_publish_a_draft_without_review():
    item = ServiceItemFactory()
    with pytest.raises(Conflict):
        services.publish(bureau_publisher(), item.versions.get())


def test_the_status_change_is_conditional_so_a_stale_copy_gets_a_conflict():
    editor = department_editor()
    item = ServiceItemFactory(department=editor.department)
    first = item.versions.get()
    stale = ItemVersion.objects.get(pk=first.pk)
    services.submit_for_review(editor, first)
    services.publish(bureau_publisher(), first)
    with pytest.raises(Conflict):
        services.submit_for_review(editor, stale)  # still says "draft" in memory
    assert ItemVersion.objects.get(pk=first.pk).status == "published"


def test_only_drafts_can_be_edited():
    item = ServiceItemFactory(published=True)
    with pytest.raises(Conflict):
        services.update_draft(None, item.published_version, guide={"name": "改名"})


def test_department_staff_cannot_publish_reject_or_withdraw():
    editor = department_editor(role=Role.APPROVER)
    item = ServiceItemFactory(department=editor.department)
    version = item.versions.get()
    services.submit_for_review(editor, version)
    with pytest.raises(PermissionDenied):
        services.publish(editor, version)
    with pytest.raises(PermissionDenied):
        services.reject(editor, version, "不行")
    assert ItemVersion.objects.get(pk=version.pk).status == "in_review"


def test_a_leader_publishes():
    item = ServiceItemFactory()
    version = item.versions.get()
    services.submit_for_review(None, version)
    services.publish(UserFactory(role=Role.LEADER), version)
    assert ItemVersion.objects.get(pk=version.pk).status == "published"


def test_staff_of_another_department_cannot_edit_or_submit():
    item = ServiceItemFactory()
    outsider = department_editor()
    with pytest.raises(PermissionDenied):
        services.submit_for_review(outsider, item.versions.get())
    with pytest.raises(PermissionDenied):
        services.update_draft(outsider, item.versions.get(), guide={"name": "x"})
    with pytest.raises(PermissionDenied):
        services.start_revision(outsider, ServiceItemFactory(published=True))


def test_a_citizen_cannot_create_items():
    with pytest.raises(PermissionDenied):
        ServiceItemFactory(actor=UserFactory(citizen=True))
    assert not ServiceItem.objects.exists()


def test_department_staff_create_items_only_for_their_own_department():
    editor = department_editor()
    with pytest.raises(PermissionDenied):
        ServiceItemFactory(actor=editor)  # a new department of its own
    assert ServiceItemFactory(actor=editor, department=editor.department).pk


def test_only_the_system_may_publish_at_creation():
    with pytest.raises(PermissionDenied):
        ServiceItemFactory(actor=bureau_publisher(), published=True)


def test_reject_sends_back_to_draft_with_the_reason():
    item = ServiceItemFactory()
    version = item.versions.get()
    services.submit_for_review(None, version)
    with pytest.raises(InvalidInput):
        services.reject(bureau_publisher(), version, "  ")
    services.reject(bureau_publisher(), version, "缺少设定依据")
    version.refresh_from_db()
    assert version.status == "draft" and version.review_note == "缺少设定依据"


def test_withdraw_stops_the_item_and_a_revision_can_bring_it_back():
    item = ServiceItemFactory(published=True)
    version = item.published_version
    services.withdraw(bureau_publisher(), item, "法律依据已废止")
    version.refresh_from_db()
    item.refresh_from_db()
    assert version.status == "withdrawn" and version.valid_to == timezone.localdate()
    assert item.published_version is None
    assert not selectors.published_items().filter(pk=item.pk).exists()
    with pytest.raises(Conflict):
        services.withdraw(bureau_publisher(), item, "再次停用")

    draft = services.start_revision(None, item)
    services.publish(None, draft)
    assert selectors.published_items().filter(pk=item.pk).exists()


def test_the_transition_table_names_its_statuses():
    assert TRANSITIONS["publish"].sources == ("in_review",)
    assert TRANSITIONS["publish"].allowed_sources(None) == ("in_review", "draft")
    assert TRANSITIONS["reject"].target == "draft"


def test_the_public_history_hides_drafts_but_staff_see_them():
    editor = department_editor()
    item = ServiceItemFactory(department=editor.department, published=True)
    services.start_revision(editor, item)
    assert [v.number for v in selectors.version_history(editor, item)] == [2, 1]
    assert [v.number for v in selectors.version_history(None, item)] == [1]
    assert [v.number for v in selectors.version_history(department_editor(), item)] == [1]


def test_history_names_the_materials_added_and_removed():
    item = ServiceItemFactory(published=True, materials=[material("甲"), material("乙")])
    draft = services.start_revision(None, item)
    services.update_draft(
        None, draft, guide={"change_note": "调整材料"}, materials=[material("甲"), material("丙")]
    )
    services.publish(None, draft)
    (v2, changes), (v1, _first) = selectors.history_with_changes(bureau_publisher(), item)
    assert v2.number == 2 and v2.change_note == "调整材料"
    assert changes["materials_added"] == ["丙"] and changes["materials_removed"] == ["乙"]
