"""Cases in each state, built through the services (what a test gets is what the app writes).

``submitted_case()`` is a case of a three-material item (two core, one 容缺-eligible)
submitted with every material; ``submitted_case(missing=["场地证明"])`` leaves one out.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from onewindow.accounts.constants import Role
from onewindow.cases import services
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.catalog.factories import ServiceItemFactory, material

CORE = ("身份证明", "营业执照")
CONDITIONAL = "场地证明"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def item(**overrides):
    materials = [material(name) for name in CORE] + [
        material(CONDITIONAL, conditional_eligible=True)
    ]
    return ServiceItemFactory(published=True, materials=materials, **overrides)


def clerk(**kwargs):
    return UserFactory(clerk=True, **kwargs)


def approver(department=None, **kwargs):
    return UserFactory(role=Role.APPROVER, department=department or DepartmentFactory(), **kwargs)


def ids(case, *names):
    """Material-type ids of the case's materials by name."""
    found = {m.name: m.material_type_id for m in case.materials.all()}
    if not found:  # a draft: the item's materials
        found = {m.name: m.material_type_id for m in case.item_version.materials.all()}
    return [found[n] for n in names]


def draft_case(the_item=None, applicant=None):
    return services.start_application(
        applicant or UserFactory(citizen=True), item=the_item or item()
    )


def submitted_case(the_item=None, applicant=None, missing=()):
    case = draft_case(the_item, applicant)
    names = [m.name for m in case.item_version.materials.all() if m.name not in missing]
    return services.submit(case.applicant, case, supplied=ids(case, *names))


def accepted_case(**kwargs):
    case = submitted_case(**kwargs)
    return services.accept(clerk(), case)


def freeze(monkeypatch, day, hour=10):
    """Make ``day`` today (10:00 Shanghai) for the services, the clocks and auto_now."""
    moment = datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment
