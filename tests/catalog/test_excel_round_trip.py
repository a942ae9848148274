"""Export → import into an empty catalogue gives back the same items, parts and guides."""

import io
from decimal import Decimal

import pytest

from onewindow.accounts.constants import Role
from onewindow.catalog import services
from onewindow.catalog.excel.export import build_catalogue
from onewindow.catalog.excel.importer import import_items
from onewindow.catalog.excel.layout import ITEMS
from onewindow.catalog.models import ServiceItem
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.catalog.factories import guide

pytestmark = pytest.mark.django_db

# The guide columns of the items sheet (code and department are compared on their own;
# valid_to stays empty on a freshly imported, published version).
GUIDE_FIELDS = [c.key for c in ITEMS.columns if c.key not in ("code", "department", "valid_to")]


def snapshot() -> dict:
    """Everything the workbook carries, per item code, from each item's latest version."""
    out = {}
    for item in ServiceItem.objects.select_related("department"):
        version = item.versions.order_by("-number").first()
        out[item.code] = {
            "department": item.department.code,
            "guide": {f: getattr(version, f) for f in GUIDE_FIELDS},
            "materials": [
                (
                    m.name,
                    m.material_type.name,
                    m.form,
                    m.copies,
                    m.source,
                    m.required,
                    m.conditional_eligible,
                    m.note,
                )
                for m in version.materials.select_related("material_type")
            ],
            "steps": [(s.name, s.description) for s in version.steps.all()],
            "form_fields": [
                (f.key, f.label, f.field_type, f.required, f.choices, f.max_length)
                for f in version.form_fields.all()
            ],
        }
    return out


def make_catalogue():
    housing, market = DepartmentFactory(), DepartmentFactory()
    services.create_item(
        None,
        code="370502-ZJ-001",
        department=housing,
        guide=guide(
            name="建筑工程施工许可证核发",
            applicant_type="organisation",
            legal_basis="《中华人民共和国建筑法》第七条",
            statutory_limit_days=15,
            promised_limit_days=3,
            fee=Decimal("12.50"),
            fee_basis="不收费；=1+1 不是公式",
            hours="周一至周五 9:00-17:00",
            complaint_phone="12345",
            online_url="https://zwfw.example.gov.cn/item/1",
            visits_needed=1,
            life_events=["construction", "operation"],
        ),
        materials=[
            {"name": "建筑工程施工许可申请表", "material_type": "申请表", "copies": 2},
            {
                "name": "营业执照",
                "material_type": "营业执照",
                "form": "copy",
                "source": "government",
                "required": False,
                "conditional_eligible": True,
                "note": "+加盖公章",
            },
        ],
        form_fields=[
            {"key": "project_name", "label": "项目名称", "field_type": "text", "max_length": 100},
            {
                "key": "structure",
                "label": "结构类型",
                "field_type": "choice",
                "required": False,
                "choices": ["框架", "砖混"],
            },
        ],
        steps=[{"name": "受理", "description": "窗口收件"}, {"name": "审查"}, {"name": "决定"}],
        publish=True,
    )
    services.create_item(
        None,
        code="370502-SC-002",
        department=market,
        guide=guide(name="食品经营许可", kind="licence", statutory_limit_days=20),
        materials=[{"name": "居民身份证", "material_type": "居民身份证"}],
        form_fields=[],
        steps=[{"name": "受理"}],
        publish=True,
    )


def test_export_then_import_into_an_empty_catalogue_round_trips():
    make_catalogue()
    exported, count = build_catalogue()
    assert count == 2
    before = snapshot()
    ServiceItem.objects.all().delete()
    assert ServiceItem.objects.count() == 0

    imported = import_items(UserFactory(role=Role.LEADER), exported)

    assert sorted(imported) == sorted(before)
    assert snapshot() == before
    # Re-exporting what was imported (after publishing) gives the same workbook content.
    for item in ServiceItem.objects.all():
        services.publish_version(None, item.versions.get())
    again, _count = build_catalogue()
    assert _cells(again) == _cells(exported)


def _cells(content: bytes) -> dict:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book}
