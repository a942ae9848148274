"""Every read of the catalogue, already scoped to what the user may see.

The public reads published items, bundles and industries; management reads are scoped by
``editable_items`` (a department's staff see their department's items; the bureau all).
"""

from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects

from onewindow.core.errors import NotFound

from . import permissions
from .constants import ApplicantType, LifeEvent, ReformList, VersionStatus
from .models import (
    Bundle,
    BundleItem,
    FormField,
    Industry,
    ItemVersion,
    ListEntry,
    Material,
    ServiceItem,
    Step,
)

PUBLIC_STATUSES = (VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED, VersionStatus.WITHDRAWN)


def lookup_code(code) -> str:
    """A code from a URL or query, or NotFound if no record can have it.

    PostgreSQL refuses text with a NUL byte (a 500 for "/items/a%00/"); SQLite does not.
    """
    code = str(code)
    if "\x00" in code:
        raise NotFound()
    return code


def _department_filter(department):
    if department is None or department == "":
        return Q()
    if isinstance(department, str) and "\x00" in department:
        return Q(pk__in=[])  # no department has it (see lookup_code)
    if hasattr(department, "pk"):
        return Q(department_id=department.pk)
    return Q(department__code=str(department))


# -- items ------------------------------------------------------------------------------


def published_items(
    *,
    list_code=None,
    department=None,
    level=None,
    life_event=None,
    applicant_type=None,
    online_only=False,
) -> QuerySet[ServiceItem]:
    """Items with a published version, optionally on a list, of a department, level, theme,
    for an applicant type (自然人 or 法人, items for both included) or done wholly online."""
    qs = ServiceItem.objects.filter(published_version__isnull=False).select_related(
        "department", "published_version"
    )
    qs = qs.filter(_department_filter(department))
    if list_code:
        qs = qs.filter(list_entries__list_code=list_code)
    if level:
        qs = qs.filter(list_entries__list_code=ReformList.DELEGATED, list_entries__level=level)
    if life_event:
        if life_event not in LifeEvent.values:
            return qs.none()
        # JSON text contains the quoted code: works on SQLite and PostgreSQL alike.
        qs = qs.filter(published_version__life_events__icontains=f'"{life_event}"')
    if applicant_type:
        qs = qs.filter(published_version__applicant_type__in=[applicant_type, ApplicantType.BOTH])
    if online_only:
        qs = qs.filter(published_version__visits_needed=0)
    return qs.order_by("code")


def _version_parts():
    return (
        Prefetch("materials", queryset=Material.objects.select_related("material_type")),
        Prefetch("form_fields", queryset=FormField.objects.all()),
        Prefetch("steps", queryset=Step.objects.all()),
    )


def item_guide(code) -> ItemVersion:
    """The published version of item ``code`` with its parts, or NotFound."""
    version = (
        ItemVersion.objects.filter(item__code=lookup_code(code), status=VersionStatus.PUBLISHED)
        .select_related("item", "item__department")
        .prefetch_related(*_version_parts())
        .first()
    )
    if version is None:
        raise NotFound()
    return version


def version_with_parts(version_id) -> ItemVersion:
    """Any version by id with its parts (unscoped: callers check access)."""
    version = (
        ItemVersion.objects.filter(pk=version_id)
        .select_related("item", "item__department", "created_by", "published_by")
        .prefetch_related(*_version_parts())
        .first()
    )
    if version is None:
        raise NotFound()
    return version


def editable_items(user) -> QuerySet[ServiceItem]:
    """Items this user may edit: their department's, or all for the bureau."""
    qs = ServiceItem.objects.select_related("department", "published_version")
    if permissions.is_bureau_publisher(user):
        return qs.order_by("code")
    if permissions.is_department_editor(user):
        return qs.filter(department_id=user.department_id).order_by("code")
    return qs.none()


def editable_item(user, code) -> ServiceItem:
    item = editable_items(user).filter(code=lookup_code(code)).first()
    if item is None:
        raise NotFound()
    return item


def editable_version(user, version_id) -> ItemVersion:
    """A version of an item this user may manage, or NotFound (a guessed id gives 404)."""
    try:
        version_id = int(version_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    items = editable_items(user).values("pk")
    version = (
        ItemVersion.objects.filter(pk=version_id, item__in=items)
        .select_related("item", "item__department", "created_by", "published_by")
        .prefetch_related(*_version_parts())
        .first()
    )
    if version is None:
        raise NotFound()
    return version


def versions_in_review(user) -> QuerySet[ItemVersion]:
    """What waits for the bureau's review."""
    if not permissions.is_bureau_publisher(user):
        return ItemVersion.objects.none()
    return (
        ItemVersion.objects.filter(status=VersionStatus.IN_REVIEW)
        .select_related("item", "item__department", "created_by")
        .order_by("created_at")
    )


def version_history(user, item) -> QuerySet[ItemVersion]:
    """All versions for those who manage the item; the public sees only published ones."""
    qs = ItemVersion.objects.filter(item=item).select_related("created_by", "published_by")
    if not editable_items(user).filter(pk=item.pk).exists():
        qs = qs.filter(status__in=PUBLIC_STATUSES)
    return qs.order_by("-number")


def latest_version(item) -> ItemVersion | None:
    return item.versions.order_by("-number").first()


def open_version(item) -> ItemVersion | None:
    """The draft or in-review version of an item, if a revision is under way."""
    return (
        item.versions.filter(status__in=(VersionStatus.DRAFT, VersionStatus.IN_REVIEW))
        .order_by("-number")
        .first()
    )


def version_changes(older: ItemVersion | None, newer: ItemVersion) -> dict:
    """What changed between two versions: materials and steps added/removed, guide fields."""
    new_materials = [m.name for m in newer.materials.all()]
    new_steps = [s.name for s in newer.steps.all()]
    if older is None:
        return {
            "materials_added": new_materials,
            "materials_removed": [],
            "steps_added": new_steps,
            "steps_removed": [],
            "fields": [],
        }
    old_materials = [m.name for m in older.materials.all()]
    old_steps = [s.name for s in older.steps.all()]
    fields = []
    for name in (
        "name",
        "kind",
        "statutory_limit_days",
        "promised_limit_days",
        "fee",
        "conditions",
        "applicant_scope",
        "legal_basis",
        "place",
        "hours",
        "enquiry_phone",
        "complaint_phone",
        "online_url",
        "visits_needed",
    ):
        if getattr(older, name) != getattr(newer, name):
            fields.append(str(ItemVersion._meta.get_field(name).verbose_name))
    return {
        "materials_added": [m for m in new_materials if m not in old_materials],
        "materials_removed": [m for m in old_materials if m not in new_materials],
        "steps_added": [s for s in new_steps if s not in old_steps],
        "steps_removed": [s for s in old_steps if s not in new_steps],
        "fields": fields,
    }


def history_with_changes(user, item) -> list[tuple[ItemVersion, dict]]:
    """Each visible version with what changed against the one before it."""
    versions = list(version_history(user, item).prefetch_related("materials", "steps"))
    ascending = list(reversed(versions))
    out = []
    for i, version in enumerate(ascending):
        out.append((version, version_changes(ascending[i - 1] if i else None, version)))
    return list(reversed(out))


# -- lists ------------------------------------------------------------------------------


def _public_entries() -> QuerySet[ListEntry]:
    return ListEntry.objects.filter(
        Q(item__published_version__isnull=False) | Q(bundle__is_published=True)
    )


def list_counts() -> dict[str, int]:
    """{list_code: number of published items or bundles on it}, every list present."""
    counts = dict.fromkeys(ReformList.values, 0)
    for row in _public_entries().values("list_code").annotate(n=Count("pk")):
        counts[row["list_code"]] = row["n"]
    return counts


def list_entries(list_code, *, level=None) -> QuerySet[ListEntry]:
    """The published entries of a list, or NotFound for an unknown list."""
    if list_code not in ReformList.values:
        raise NotFound()
    qs = _public_entries().filter(list_code=list_code)
    if level:
        qs = qs.filter(level=level)
    return qs.select_related(
        "item",
        "item__department",
        "item__published_version",
        "bundle",
        "bundle__lead_department",
    ).order_by("item__code", "bundle__code")


def all_list_entries(list_code) -> QuerySet[ListEntry]:
    """Every entry of a list, published or not (management)."""
    return ListEntry.objects.filter(list_code=list_code).select_related("item", "bundle")


# -- bundles ----------------------------------------------------------------------------


def published_bundles(*, life_event=None, at_general_window=None) -> QuerySet[Bundle]:
    qs = Bundle.objects.filter(is_published=True).select_related("lead_department")
    if life_event:
        if life_event not in LifeEvent.values:
            return qs.none()
        qs = qs.filter(life_events__icontains=f'"{life_event}"')
    if at_general_window is not None:
        qs = qs.filter(at_general_window=at_general_window)
    return qs.order_by("code")


def _bundle_prefetch():
    return Prefetch(
        "bundle_items",
        queryset=BundleItem.objects.select_related(
            "item", "item__department", "item__published_version"
        ),
    )


def bundle_guide(code) -> Bundle:
    """A published bundle with its items and steps, or NotFound."""
    bundle = (
        published_bundles()
        .filter(code=lookup_code(code))
        .prefetch_related(_bundle_prefetch(), "steps")
        .first()
    )
    if bundle is None:
        raise NotFound()
    return bundle


def managed_bundles(user) -> QuerySet[Bundle]:
    if not permissions.can_manage_collections(user) or user is None:
        return Bundle.objects.none()
    return Bundle.objects.select_related("lead_department").order_by("code")


def managed_bundle(user, code) -> Bundle:
    bundle = (
        managed_bundles(user)
        .filter(code=lookup_code(code))
        .prefetch_related(_bundle_prefetch(), "steps")
        .first()
    )
    if bundle is None:
        raise NotFound()
    return bundle


def _published_versions(item_ids) -> dict[int, ItemVersion]:
    """{item id: its published version with parts}, in one query per part for all items."""
    return {
        v.item_id: v
        for v in ItemVersion.objects.filter(
            item_id__in=item_ids, status=VersionStatus.PUBLISHED
        ).prefetch_related(*_version_parts())
    }


def bundle_versions(bundle, *, published=None) -> list[tuple[ServiceItem, ItemVersion]]:
    """(item, published version) for each item of the bundle, in order; unpublished skipped.

    One load of the versions and their parts: pass the result as ``versions=`` to
    bundle_materials, bundle_form_fields and bundle_savings so that a page showing all
    three reads them once (each would otherwise reload them). ``published`` is a
    _published_versions result already loaded for several bundles.
    """
    links = bundle.bundle_items.all()
    if "bundle_items" not in getattr(bundle, "_prefetched_objects_cache", {}):
        links = links.select_related("item")
    items = [link.item for link in sorted(links, key=lambda link: (link.order, link.pk))]
    if published is None:
        published = _published_versions([item.pk for item in items])
    return [(item, published[item.pk]) for item in items if item.pk in published]


@dataclass
class MergedMaterial:
    """One material a bundle asks for once, with every item that needs it."""

    material_type: object
    name: str
    form: str
    copies: int
    source: str
    required: bool
    conditional_eligible: bool
    note: str = ""
    items: list = field(default_factory=list)
    materials: list = field(default_factory=list)

    def get_form_display(self):
        return self.materials[0].get_form_display()

    def get_source_display(self):
        return self.materials[0].get_source_display()

    @property
    def shared(self) -> bool:
        return len(self.items) > 1


def _merge(pairs) -> list[MergedMaterial]:
    merged: OrderedDict[int, MergedMaterial] = OrderedDict()
    for item, version in pairs:
        for m in version.materials.all():
            entry = merged.get(m.material_type_id)
            if entry is None:
                entry = merged[m.material_type_id] = MergedMaterial(
                    material_type=m.material_type,
                    name=m.material_type.name,
                    form=m.form,
                    copies=m.copies,
                    source=m.source,
                    required=m.required,
                    conditional_eligible=m.conditional_eligible,
                    note=m.note,
                )
            else:
                entry.copies = max(entry.copies, m.copies)
                entry.required = entry.required or m.required
                # 容缺 only if every item that needs it allows it.
                entry.conditional_eligible = entry.conditional_eligible and m.conditional_eligible
            if item not in entry.items:
                entry.items.append(item)
            entry.materials.append(m)
    return list(merged.values())


def bundle_materials(bundle, versions=None) -> list[MergedMaterial]:
    """The bundle's one set of materials: each material type once, with the items needing it."""
    return _merge(bundle_versions(bundle) if versions is None else versions)


# A bundle that founds a company (an item asks for its 拟设立名称) gives the company its
# name and credit code in its first step: the later items do not ask for them again.
FOUNDING_FIELD = "proposed_name"
ISSUED_BY_FOUNDING = frozenset({"company_name", "uscc"})


def bundle_form_fields(bundle, versions=None) -> list[FormField]:
    """The bundle's one form: the items' form fields, each key once, in item order."""
    out: OrderedDict[str, FormField] = OrderedDict()
    for _item, version in bundle_versions(bundle) if versions is None else versions:
        for f in version.form_fields.all():
            out.setdefault(f.key, f)
    if FOUNDING_FIELD in out:
        for key in ISSUED_BY_FOUNDING:
            out.pop(key, None)
    return list(out.values())


def _ratio(saved: int, total: int) -> Decimal:
    if total <= 0:
        return Decimal("0")
    return (Decimal(saved) / Decimal(total)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def material_target() -> Decimal:
    return Decimal(str(getattr(settings, "CATALOG_BUNDLE_MATERIAL_TARGET", Decimal("0.5"))))


def bundle_savings(bundle, versions=None) -> dict:
    """Materials and steps saved against doing the items one by one, computed from them.

    Reduction = 1 − distinct material types / materials summed over the items' published
    versions; steps saved = the items' steps − the bundle's steps.
    """
    pairs = bundle_versions(bundle) if versions is None else versions
    separately = sum(len(v.materials.all()) for _i, v in pairs)
    merged = len({m.material_type_id for _i, v in pairs for m in v.materials.all()})
    steps_separately = sum(len(v.steps.all()) for _i, v in pairs)
    steps_merged = bundle.steps.count()
    material_reduction = _ratio(separately - merged, separately)
    steps_saved = max(steps_separately - steps_merged, 0)
    max_steps = int(getattr(settings, "CATALOG_BUNDLE_MAX_STEPS", 4))
    return {
        "items": bundle.bundle_items.count(),  # uses the prefetched links when there are
        "published_items": len(pairs),
        "materials_separately": separately,
        "materials_merged": merged,
        "materials_saved": separately - merged,
        "material_reduction": material_reduction,
        "steps_separately": steps_separately,
        "steps_merged": steps_merged,
        "steps_saved": steps_saved,
        "step_reduction": _ratio(steps_saved, steps_separately),
        "target": material_target(),
        "max_steps": max_steps,
        "meets_target": separately > 0
        and material_reduction >= material_target()
        and steps_merged <= max_steps,
    }


# -- industries -------------------------------------------------------------------------


def industries() -> QuerySet[Industry]:
    return (
        Industry.objects.select_related("lead_department")
        .annotate(replaced_count=Count("replaced_items"))
        .order_by("code")
    )


def industry(code) -> Industry:
    found = (
        Industry.objects.filter(code=lookup_code(code))
        .select_related("lead_department")
        .prefetch_related(
            Prefetch(
                "replaced_items",
                queryset=ServiceItem.objects.select_related("department", "published_version"),
            )
        )
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def industry_versions(industry, *, published=None) -> list[tuple[ServiceItem, ItemVersion]]:
    """(item, published version) for each item the industry's licence replaces, by code."""
    items = sorted(industry.replaced_items.all(), key=lambda item: item.code)
    if published is None:
        published = _published_versions([item.pk for item in items])
    return [(item, published[item.pk]) for item in items if item.pk in published]


def industry_materials(industry, versions=None) -> list[MergedMaterial]:
    """一业一证's one set of materials: the replaced items' materials, each type once."""
    return _merge(industry_versions(industry) if versions is None else versions)


def managed_industries(user) -> QuerySet[Industry]:
    if user is None or not permissions.can_manage_collections(user):
        return Industry.objects.none()
    return industries()


# -- management helpers -----------------------------------------------------------------


def manage_items(user, *, q: str = "") -> QuerySet[ServiceItem]:
    """The user's editable items, searched by code or name, with their versions' states."""
    qs = editable_items(user)
    q = (q or "").replace("\x00", "").strip()[:50]  # PostgreSQL refuses NUL in text
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(name__icontains=q))
    return qs.prefetch_related(
        Prefetch(
            "versions",
            queryset=ItemVersion.objects.only("id", "item_id", "number", "status").order_by(
                "-number"
            ),
        )
    )


def creatable_departments(user):
    """Departments this user may create items for: their own, or every one for the bureau."""
    from onewindow.org.models import Department

    qs = Department.objects.filter(is_active=True).order_by("sort_order", "code")
    if permissions.is_bureau_publisher(user):
        return qs
    if permissions.is_department_editor(user):
        return qs.filter(pk=user.department_id)
    return qs.none()


def active_departments():
    from onewindow.org.models import Department

    return Department.objects.filter(is_active=True).order_by("sort_order", "code")


def item_list_entries(item) -> QuerySet[ListEntry]:
    return ListEntry.objects.filter(item=item).order_by("list_code")


def managed_list_entry(user, entry_id) -> ListEntry:
    if not permissions.is_bureau_publisher(user):
        raise NotFound()
    entry = ListEntry.objects.filter(pk=entry_id).select_related("item", "bundle").first()
    if entry is None:
        raise NotFound()
    return entry


def managed_industry(user, code) -> Industry:
    found = (
        managed_industries(user)
        .filter(code=lookup_code(code))
        .prefetch_related("replaced_items")
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def bundles_with_savings(bundles) -> list[tuple[Bundle, dict]]:
    """Each bundle with its savings; the items' versions of the whole page load at once."""
    bundles = list(bundles)
    prefetch_related_objects(bundles, _bundle_prefetch(), "steps")
    published = _published_versions(
        {link.item_id for bundle in bundles for link in bundle.bundle_items.all()}
    )
    return [
        (bundle, bundle_savings(bundle, bundle_versions(bundle, published=published)))
        for bundle in bundles
    ]
