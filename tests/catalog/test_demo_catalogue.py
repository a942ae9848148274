"""The demo catalogue has the seed's numbers, saves materials, and loads idempotently."""

import hashlib

import pytest
from django.db import transaction
from django.db.models import Exists, OuterRef

from onewindow.catalog import demo as catalog_demo
from onewindow.catalog import selectors, services
from onewindow.catalog.constants import DelegationLevel, ItemKind, ReformList, VersionStatus
from onewindow.catalog.models import (
    Bundle,
    BundleItem,
    Industry,
    ItemVersion,
    ListEntry,
    Material,
    MaterialType,
    ServiceItem,
)
from onewindow.core import demo
from onewindow.core.audit.models import AuditEvent

SEED_COUNTS = {
    ReformList.CHAIN: 85,
    ReformList.CONDITIONAL: 190,
    ReformList.HIGH_FREQUENCY: 101,
    ReformList.DELEGATED: 108,
    ReformList.INSTANT: 47,
}

MUST_INCLUDE = [
    "建筑工程施工许可证核发",
    "食品经营许可",
    "药品零售企业经营许可",
    "公共场所卫生许可",
    "企业设立登记",
    "印章刻制备案",
    "发票申领",
    "银行开户预约",
    "企业投资项目备案",
    "企业投资项目核准",
    "政府投资项目审批（可行性研究报告）",
    "商品房预售许可",
    "房地产开发企业资质核定",
    "建设工程竣工验收备案",
    "建筑业企业资质核准",
    "社会保障卡申领",
    "生育登记",
    "出生医学证明首次签发",
    "户口登记（出生登记）",
]


@pytest.fixture(scope="module")
def _demo_world(django_db_setup, django_db_blocker):
    # Loading takes seconds: load once for the module inside a transaction that is rolled
    # back at the end; each test's own transaction is a savepoint inside it.
    with django_db_blocker.unblock(), transaction.atomic():
        for _step in demo.load_all():
            pass
        yield
        transaction.set_rollback(True)


@pytest.fixture
def loaded(_demo_world, db):
    return None


def _digest() -> str:
    """Codes and version numbers of everything the loader writes."""
    rows = [
        *ItemVersion.objects.values_list("item__code", "number", "status").order_by(
            "item__code", "number"
        ),
        *Bundle.objects.values_list("code", "is_published", "promised_limit_days").order_by("code"),
        *Industry.objects.values_list("code", "name").order_by("code"),
        *ListEntry.objects.values_list("list_code", "item__code", "bundle__code", "level").order_by(
            "list_code", "item__code", "bundle__code"
        ),
        (Material.objects.count(), MaterialType.objects.count(), BundleItem.objects.count()),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_demo_lists_have_the_seed_counts(loaded):
    assert selectors.list_counts() == SEED_COUNTS
    assert Bundle.objects.filter(at_general_window=True, is_published=True).count() == 17
    assert Industry.objects.count() == 20


def test_demo_catalogue_is_a_few_hundred_published_items(loaded):
    items = ServiceItem.objects.all()
    assert 300 <= items.count() <= 400
    assert not items.filter(published_version__isnull=True).exists()
    assert all(
        len(code) <= 64 and code.startswith("37050200")
        for code in items.values_list("code", flat=True)
    )
    names = set(items.values_list("name", flat=True))
    assert set(MUST_INCLUDE) <= names


def test_construction_permit_is_promised_in_three_working_days(loaded):
    guide = selectors.item_guide(ServiceItem.objects.get(name="建筑工程施工许可证核发").code)
    assert guide.status == VersionStatus.PUBLISHED
    assert guide.kind == ItemKind.LICENCE
    assert guide.item.department.code == "ST-ZJJ"
    assert guide.promised_limit_days == 3
    assert guide.promised_limit_days < guide.statutory_limit_days
    assert guide.online_url.endswith(guide.item.code)
    assert guide.materials.filter(conditional_eligible=True).exists()


def test_every_demo_bundle_saves_half_the_materials_in_four_steps(loaded):
    bundles = list(Bundle.objects.filter(is_published=True))
    assert len(bundles) == 85
    for bundle in bundles:
        savings = selectors.bundle_savings(bundle)
        assert 2 <= savings["items"] <= 6, bundle.name
        assert savings["published_items"] == savings["items"], bundle.name
        assert savings["steps_merged"] <= 4, bundle.name
        assert savings["material_reduction"] >= selectors.material_target(), (
            bundle.name,
            savings,
        )
        assert savings["meets_target"], bundle.name


def test_business_startup_bundle_is_two_steps_in_one_working_day(loaded):
    bundle = selectors.bundle_guide("BUNDLE-QYKB")
    assert bundle.name == "企业开办一件事"
    assert bundle.steps.count() == 2
    assert bundle.promised_limit_days == 1
    assert bundle.at_general_window
    names = {link.item.name for link in bundle.bundle_items.all()}
    assert names == {"企业设立登记", "印章刻制备案", "发票申领", "银行开户预约"}


def test_every_conditional_acceptance_item_has_a_material_that_may_be_missing(loaded):
    eligible = Material.objects.filter(
        version=OuterRef("item__published_version"), conditional_eligible=True
    )
    entries = ListEntry.objects.filter(list_code=ReformList.CONDITIONAL)
    assert entries.count() == 190
    assert not entries.exclude(Exists(eligible)).exists()


def test_delegated_items_mix_town_community_and_village(loaded):
    levels = set(
        ListEntry.objects.filter(list_code=ReformList.DELEGATED).values_list("level", flat=True)
    )
    assert levels == set(DelegationLevel.values)


def test_industries_replace_two_to_five_published_permits(loaded):
    for industry in selectors.industries():
        assert 2 <= industry.replaced_count <= 5, industry.name
        assert industry.lead_department_id
        assert industry.notice
        assert not industry.replaced_items.filter(published_version__isnull=True).exists()


def test_loading_the_catalogue_twice_changes_nothing(loaded):
    before = (_digest(), AuditEvent.objects.count(), selectors.list_counts())
    result = catalog_demo.load_catalogue()
    assert result["created"] == 0
    assert (_digest(), AuditEvent.objects.count(), selectors.list_counts()) == before


def test_loading_again_leaves_a_revised_item_alone(loaded):
    item = ServiceItem.objects.get(name="食品经营许可")
    draft = services.start_revision(None, item)
    services.update_draft(None, draft, guide={"promised_limit_days": 2})
    assert catalog_demo.load_catalogue()["created"] == 0
    assert list(item.versions.values_list("number", "status", "promised_limit_days")) == [
        (2, VersionStatus.DRAFT, 2),
        (1, VersionStatus.PUBLISHED, 3),
    ]


def test_the_demo_data_itself_is_consistent():
    # No database: the payloads the loader hands the services.
    items = catalog_demo.item_payloads()
    bundles = catalog_demo.bundle_payloads(items)
    by_code = {p["code"]: p for p in items}
    for bundle in bundles:
        types = [m["material_type"] for c in bundle["items"] for m in by_code[c]["materials"]]
        assert len(set(types)) * 2 <= len(types), bundle["name"]
