"""Writes of the staff pages: a performance review (绩效考核) scored on the configured
indicators, kept as a draft the supervisor edits, then finalised (no change after that).

Each indicator's points must lie between 0 and its full marks; the total is computed here,
never taken from the form. The staff member sees their own review once it is final.
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import User
from onewindow.core.audit import record
from onewindow.core.errors import Conflict, InvalidInput, NotFound

from ..constants import ReviewStatus
from ..models import PerformanceIndicator, PerformanceReview
from ..supervision import common

POINTS_STEP = Decimal("0.5")


def _staff(user) -> User:
    if not isinstance(user, User):
        user = User.objects.filter(pk=user).first() if str(user or "").isdigit() else None
    if user is None or not user.is_active or not user.has_role(*common.WINDOW_STAFF):
        raise InvalidInput(_("请选择窗口工作人员"), field="user")
    return user


def _period(year, quarter) -> tuple[int, int]:
    try:
        year, quarter = int(year), int(quarter)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(_("请填写考核年度和季度"), field="year") from exc
    if not 2000 <= year <= 2100:
        raise InvalidInput(_("考核年度不正确"), field="year")
    if not 1 <= quarter <= 4:
        raise InvalidInput(_("季度应为1至4"), field="quarter")
    return year, quarter


def clean_scores(scores: dict) -> tuple[dict, Decimal]:
    """Every active indicator's points (0 to its full marks, in half points) and the total."""
    clean = {}
    for indicator in PerformanceIndicator.objects.filter(is_active=True):
        value = scores.get(indicator.pk, scores.get(str(indicator.pk)))
        try:
            value = Decimal(str(value).strip())
            if not value.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError) as exc:
            raise InvalidInput(
                _("请为“%(name)s”打分") % {"name": indicator.name}, field=str(indicator.pk)
            ) from exc
        if not 0 <= value <= indicator.max_points or value % POINTS_STEP:
            raise InvalidInput(
                _("“%(name)s”的得分应在0至%(max)s之间（可到0.5分）")
                % {"name": indicator.name, "max": indicator.max_points},
                field=str(indicator.pk),
            )
        clean[str(indicator.pk)] = str(value.normalize() if value % 1 else value.quantize(1))
    if not clean:
        raise InvalidInput(_("尚未配置绩效考核指标"))
    return clean, sum((Decimal(v) for v in clean.values()), Decimal(0))


@transaction.atomic
def save(
    actor, user, year, quarter, scores: dict, *, comment="", finalise=False, request=None
) -> PerformanceReview:
    """Create or edit the draft review of ``user`` for the quarter; ``finalise`` closes it."""
    common.require_supervisor(actor)
    user = _staff(user)
    year, quarter = _period(year, quarter)
    clean, total = clean_scores(scores)
    existing = (
        PerformanceReview.objects.select_for_update()
        .filter(user=user, year=year, quarter=quarter)
        .first()
    )
    if existing is not None and existing.status == ReviewStatus.FINAL:
        raise Conflict(_("该季度的绩效考核已定稿，不能修改"))
    values = {
        "scores": clean,
        "total": total,
        "reviewer": actor,
        "comment": (comment or "").strip(),
        "status": ReviewStatus.FINAL if finalise else ReviewStatus.DRAFT,
        "finalised_at": timezone.now() if finalise else None,
    }
    if existing is None:
        row = PerformanceReview.objects.create(user=user, year=year, quarter=quarter, **values)
    else:
        for field, value in values.items():
            setattr(existing, field, value)
        existing.save()
        row = existing
    record(
        "hall.performance",
        actor=actor,
        obj=row,
        after={"total": str(total), "status": row.status},
        request=request,
        summary=_("%(name)s %(year)s年第%(quarter)s季度绩效考核")
        % {"name": user, "year": year, "quarter": quarter},
    )
    return row


@transaction.atomic
def finalise(actor, review, *, request=None) -> PerformanceReview:
    common.require_supervisor(actor)
    pk = getattr(review, "pk", review)
    if not PerformanceReview.objects.filter(pk=pk).exists():
        raise NotFound(_("该绩效考核不存在"))
    updated = PerformanceReview.objects.filter(pk=pk, status=ReviewStatus.DRAFT).update(
        status=ReviewStatus.FINAL, finalised_at=timezone.now()
    )
    if not updated:
        raise Conflict(_("该绩效考核已定稿"))
    row = PerformanceReview.objects.get(pk=pk)
    record("hall.performance_final", actor=actor, obj=row, request=request)
    return row


def review(actor, user, year: int, quarter: int, scores: dict) -> PerformanceReview:
    """Score and finalise in one step (kept for callers from before drafts)."""
    return save(actor, user, year, quarter, scores, finalise=True)
