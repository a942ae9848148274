"""Writes of the staff pages: a performance review scored on the configured indicators."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from onewindow.core.audit import record
from onewindow.core.errors import InvalidInput

from ..models import PerformanceIndicator, PerformanceReview
from ..supervision import common


@transaction.atomic
def review(actor, user, year: int, quarter: int, scores: dict) -> PerformanceReview:
    """Score ``user`` on every active indicator (0 to its full marks)."""
    common.require_supervisor(actor)
    if not 1 <= int(quarter) <= 4:
        raise InvalidInput(_("季度应为1至4"), field="quarter")
    clean = {}
    for indicator in PerformanceIndicator.objects.filter(is_active=True):
        value = scores.get(indicator.pk, scores.get(str(indicator.pk)))
        try:
            value = Decimal(str(value))
        except Exception as exc:  # noqa: BLE001  (any unparsable value is the same message)
            raise InvalidInput(_("请为每项指标打分"), field=str(indicator.pk)) from exc
        if not 0 <= value <= indicator.max_points:
            raise InvalidInput(
                _("%(name)s的得分应在0至%(max)s之间")
                % {"name": indicator.name, "max": indicator.max_points},
                field=str(indicator.pk),
            )
        clean[str(indicator.pk)] = str(value)
    total = sum(Decimal(v) for v in clean.values())
    row, _created = PerformanceReview.objects.update_or_create(
        user=user,
        year=year,
        quarter=quarter,
        defaults={"scores": clean, "total": total, "reviewer": actor},
    )
    record("hall.performance", actor=actor, obj=row, after={"total": str(total)})
    return row
