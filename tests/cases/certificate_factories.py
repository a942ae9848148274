"""Cases driven to a decision through the services, for the certificate and delivery tests."""

from onewindow.cases import services
from onewindow.catalog import selectors as catalog_selectors
from onewindow.catalog.constants import FieldType
from tests.accounts.factories import UserFactory
from tests.cases.factories import approver, clerk, item
from tests.catalog.factories import ServiceItemFactory, material

FORM_FIELDS = [
    {"key": "project_name", "label": "项目名称", "field_type": FieldType.TEXT},
    {"key": "legal_id", "label": "法定代表人身份证号码", "field_type": FieldType.ID_NUMBER},
    {"key": "mobile", "label": "联系电话", "field_type": FieldType.PHONE},
]
FORM_DATA = {
    "project_name": "东营区第一中学教学楼",
    "legal_id": "370502199001011233",
    "mobile": "13800138000",
}


def licence_item(name="建筑工程施工许可证核发", **overrides):
    overrides.setdefault("form_fields", FORM_FIELDS)
    return item(name=name, **overrides)


def material_ids(case) -> list[int]:
    """The material types a draft will ask for (its version's, bundle's or industry's)."""
    if case.item_version_id is not None:
        return [m.material_type_id for m in case.item_version.materials.all()]
    if case.industry_id is not None:
        merged = catalog_selectors.industry_materials(case.industry)
    else:
        merged = catalog_selectors.bundle_materials(case.bundle)
    return [m.material_type.pk for m in merged]


def submit_all(case, form_data=None):
    """Submit a draft with every material it asks for."""
    return services.submit(case.applicant, case, supplied=material_ids(case), form_data=form_data)


def decide(case, *, approve=True, departments=None, reason="材料齐全，符合条件"):
    """Accept, dispatch to ``departments`` (default: the item's), review, decide."""
    window = clerk()
    case = services.accept(window, case)
    if departments is None:
        departments = [case.item_version.item.department]
    tasks = services.dispatch(window, case, departments)
    people = {}
    for task in tasks:
        person = people.setdefault(task.department_id, approver(task.department))
        services.start_review(person, task)
        services.decide_task(person, task, approve, reason if approve else "不符合条件")
    case.refresh_from_db()
    return case


def approved_case(the_item=None, applicant=None, form_data=None, **decide_kwargs):
    the_item = the_item or licence_item()
    applicant = applicant or UserFactory(citizen=True)
    case = services.start_application(applicant, item=the_item)
    case = submit_all(case, FORM_DATA if form_data is None else form_data)
    return decide(case, **decide_kwargs)


__all__ = [
    "FORM_DATA",
    "ServiceItemFactory",
    "approved_case",
    "decide",
    "licence_item",
    "material",
    "submit_all",
]
