"""Reads of cases, scoped: an applicant sees their own, department staff their department's."""

from django.db.models import Q

from onewindow.catalog import selectors as catalog_selectors
from onewindow.core.errors import NotFound

from .models import Case


def visible_cases(user):
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Case.objects.none()
    scope = Q(applicant=user)
    if getattr(user, "department_id", None):
        scope |= Q(item_version__item__department_id=user.department_id) | Q(
            bundle__lead_department_id=user.department_id
        )
    return Case.objects.filter(scope)


def case_for(user, number) -> Case:
    """The case ``number`` if this user may see it, else NotFound (never 403: no probing)."""
    case = (
        visible_cases(user)
        .filter(number=str(number))
        .select_related("applicant", "item_version", "item_version__item", "bundle")
        .first()
    )
    if case is None:
        raise NotFound()
    return case


def case_materials(case) -> list:
    """The materials of the version the case was created under (never the current one)."""
    if case.item_version_id is not None:
        return list(case.item_version.materials.select_related("material_type").all())
    return catalog_selectors.bundle_materials(case.bundle)
