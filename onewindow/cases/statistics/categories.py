"""The bureau's report categories (统计类别): decided cases of a set of items, as the seed's
progress report counts them ("投资项目备案509件 … 竣工验收备案228栋单体").

A case counts in a category when its item, or one of its bundle's items, is in the category.
A category whose unit is not 件 (竣工验收备案: 栋) sums the units each case's form states
(``CASES_REPORT_UNIT_FIELDS``: 栋 -> building_count; a case without it counts as one).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F

from ..constants import CASES_REPORT_UNIT_FIELDS
from ..models import Case, ReportCategory

UNIT_MAX = 9999  # a form's unit count above this is treated as a typing error (1)


@dataclass
class CategoryRow:
    code: str
    name: str
    unit: str
    cases: int = 0
    units: int = 0
    items: list[str] = field(default_factory=list)


def unit_field(unit: str) -> str | None:
    fields = getattr(settings, "CASES_REPORT_UNIT_FIELDS", CASES_REPORT_UNIT_FIELDS)
    return fields.get(unit)


def units_of(form_data, key: str) -> int:
    """The number of units a case's form states (1 when missing or not a sensible number)."""
    value = form_data.get(key) if isinstance(form_data, dict) else None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= UNIT_MAX:
        return 1
    return value


def _category_cases(decided, category_id: int | None = None):
    """(cases counted through their item, through their bundle's items) querysets."""
    own = "item_version__item__report_categories"
    bundled = "bundle__bundle_items__item__report_categories"
    if category_id is None:
        return decided.filter(**{f"{own}__isnull": False}), decided.filter(
            **{f"{bundled}__isnull": False}
        )
    return decided.filter(**{own: category_id}), decided.filter(**{bundled: category_id})


def categories(qs, filters) -> list[CategoryRow]:
    """Decided cases per category: a case counts when its item, or one of its bundle's
    items, is in the category; a category with a unit other than 件 sums the units."""
    categories = list(ReportCategory.objects.prefetch_related("items").order_by("order", "pk"))
    if not categories:
        return []
    decided = qs.filter(filters.within("decided_at"))
    own, bundled = _category_cases(decided)
    counts: dict[int, int] = defaultdict(int)
    for source, path in (
        (own, "item_version__item__report_categories"),
        (bundled, "bundle__bundle_items__item__report_categories"),
    ):
        for r in source.values(k_cat=F(path)).annotate(n=Count("pk", distinct=True)):
            counts[r["k_cat"]] += r["n"]
    rows = []
    for category in categories:
        row = CategoryRow(
            code=category.code,
            name=category.name,
            unit=category.unit,
            cases=counts.get(category.pk, 0),
            items=[i.name for i in category.items.all()],
        )
        key = unit_field(category.unit)
        if key and row.cases:
            own_c, bundled_c = _category_cases(decided, category.pk)
            ids = set(own_c.values_list("pk", flat=True)) | set(
                bundled_c.values_list("pk", flat=True)
            )
            forms = Case.objects.filter(pk__in=ids).values_list("form_data", flat=True)
            row.units = sum(units_of(f, key) for f in forms.iterator(chunk_size=2000))
        else:
            row.units = row.cases
        rows.append(row)
    return rows
