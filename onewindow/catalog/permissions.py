"""Who may do what in the catalogue.

Department staff (a department and the role approver or clerk) edit the drafts of their
own department's items and submit them; "the bureau" (a leader, or an approver of one of
the bureau's own units, 局内股室) reviews, publishes and withdraws, and manages the reform
lists, bundles and industries. ``actor=None`` is the system (demo loader, import).
"""

from onewindow.accounts.constants import Role
from onewindow.org.constants import DepartmentKind

EDITOR_ROLES = (Role.APPROVER, Role.CLERK)


def _active(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_bureau_publisher(user) -> bool:
    """A leader, or an approver of a bureau unit: publishes and manages the catalogue."""
    if not _active(user):
        return False
    if user.has_role(Role.LEADER):
        return True
    department = getattr(user, "department", None)
    return bool(
        department is not None
        and department.kind == DepartmentKind.BUREAU_UNIT
        and user.has_role(Role.APPROVER)
    )


def is_department_editor(user) -> bool:
    """Staff of a department who may edit that department's item drafts."""
    return bool(_active(user) and user.department_id and user.has_role(*EDITOR_ROLES))


def can_manage_catalog(user) -> bool:
    """May open the management pages at all."""
    return is_bureau_publisher(user) or is_department_editor(user)


def can_edit_department(user, department_id) -> bool:
    """May create and edit items of this department (None = the system)."""
    if user is None:
        return True
    if is_bureau_publisher(user):
        return True
    return is_department_editor(user) and user.department_id == department_id


def can_edit_item(user, item) -> bool:
    return can_edit_department(user, item.department_id)


def can_publish(user) -> bool:
    """Publish, reject and withdraw item versions (None = the system)."""
    return user is None or is_bureau_publisher(user)


def can_manage_collections(user) -> bool:
    """Reform lists, bundles and industries are the bureau's (None = the system)."""
    return user is None or is_bureau_publisher(user)
