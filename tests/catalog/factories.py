"""Catalogue objects built through the services, with traits for each state.

``ServiceItemFactory(published=True, with_materials=3)`` makes an item whose first version
is published with three materials (types 材料1..3 unless ``materials=[...]`` is given).
Building through the services keeps the factories honest: what a test gets is what the
application would have written.
"""

import itertools

from onewindow.catalog import services
from onewindow.catalog.constants import ItemKind
from onewindow.catalog.models import Bundle, Industry, ServiceItem
from tests.accounts.factories import DepartmentFactory

_numbers = itertools.count(1)


def guide(**overrides) -> dict:
    data = {
        "name": "测试事项",
        "kind": ItemKind.LICENCE,
        "statutory_limit_days": 20,
        "promised_limit_days": 5,
        "fee": "0",
        "conditions": "符合条件的申请人",
        "place": "区政务服务中心",
        "enquiry_phone": "0546-1234567",
    }
    data.update(overrides)
    return data


def material(name, **overrides) -> dict:
    return {"name": name, "material_type": name, **overrides}


def steps(n) -> list[dict]:
    names = ["受理", "审查", "决定", "送达", "核查", "公示", "复核", "归档"]
    return [{"name": names[i % len(names)] + ("" if i < len(names) else str(i))} for i in range(n)]


class ServiceItemFactory:
    """Not a factory_boy class: items are made by ``services.create_item``."""

    @staticmethod
    def create(
        *,
        code=None,
        department=None,
        name=None,
        published=False,
        with_materials=2,
        materials=None,
        with_steps=3,
        form_fields=None,
        actor=None,
        **guide_overrides,
    ) -> ServiceItem:
        n = next(_numbers)
        code = code or f"TEST-{n:05d}"
        department = department or DepartmentFactory()
        if materials is None:
            materials = [material(f"材料{i}") for i in range(1, with_materials + 1)]
        return services.create_item(
            actor,
            code=code,
            department=department,
            guide=guide(name=name or f"测试事项{n}", **guide_overrides),
            materials=materials,
            form_fields=form_fields or [],
            steps=steps(with_steps),
            publish=published,
        )

    def __new__(cls, **kwargs):
        return cls.create(**kwargs)


class BundleFactory:
    @staticmethod
    def create(*, code=None, items=None, item_count=2, with_steps=2, publish=True, **kwargs):
        n = next(_numbers)
        items = items or [ServiceItemFactory(published=True) for _ in range(item_count)]
        return services.create_bundle(
            None,
            code=code or f"YJS-{n:04d}",
            name=kwargs.pop("name", f"测试一件事{n}"),
            lead_department=kwargs.pop("lead_department", None) or items[0].department,
            items=items,
            steps=steps(with_steps),
            publish=publish,
            **kwargs,
        )

    def __new__(cls, **kwargs) -> Bundle:
        return cls.create(**kwargs)


class IndustryFactory:
    @staticmethod
    def create(*, code=None, name=None, replaced_items=None, **kwargs) -> Industry:
        n = next(_numbers)
        replaced_items = replaced_items or [ServiceItemFactory(published=True) for _ in range(2)]
        return services.create_industry(
            None,
            code=code or f"YYYZ-{n:04d}",
            name=name or f"测试行业{n}",
            lead_department=kwargs.pop("lead_department", None) or replaced_items[0].department,
            replaced_items=replaced_items,
            **kwargs,
        )

    def __new__(cls, **kwargs) -> Industry:
        return cls.create(**kwargs)


def bureau_publisher(**kwargs):
    """An approver of a bureau unit (局内股室): reviews and publishes."""
    from onewindow.accounts.constants import Role
    from tests.accounts.factories import UserFactory

    department = DepartmentFactory(kind="bureau_unit")
    return UserFactory(role=Role.APPROVER, department=department, **kwargs)


def department_editor(department=None, *, role="clerk", **kwargs):
    """Staff of a (stationed) department who edit its items' drafts."""
    from tests.accounts.factories import UserFactory

    return UserFactory(role=role, department=department or DepartmentFactory(), **kwargs)
