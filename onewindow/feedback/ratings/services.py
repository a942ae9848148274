"""Writes of ratings (好差评): issuing the QR codes' tokens and taking ratings.

- ``issue_token`` makes one visit's right to rate (a ``RatingToken`` row bound to the case,
  the window, the staff member and the department) and returns it with the signed string
  the QR code carries. It expires ``FEEDBACK_RATING_WINDOW_WORKDAYS`` working days after the
  visit (RULES.md: 5 in Shandong).
- ``visits.start_visit`` (the clerk's "new visit" at a window) and ``visits.receipt_token``
  (the 收件凭证's code) call ``issue_token``.
- ``submit_rating`` takes a rating by token: a forged, unknown, expired, used or other-case
  token is refused. Single use is a conditional UPDATE (``used_at IS NULL``): of two
  submissions at the same moment exactly one succeeds, the other gets ``Conflict``.
- ``submit_direct_rating`` takes the ratings without a token: online (the applicant, once per
  case, after the case has an outcome), public comment and the supervisors' spot check.

Every rating is validated (``validation.py``: a level 1..5, the channel's questions, a
comment of at most 500 characters) before anything is written, and written atomically with
its audit event.
A bad rating (level <= 2) opens its remedy order (work orders) in the same transaction; after
commit the rating is handed to the provincial platform's push.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.constants import AccountKind, Role
from onewindow.core.audit import record
from onewindow.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from onewindow.core.public_url import public_url
from onewindow.core.workdays.calendar import add_workdays

from ..constants import (
    BAD_RATING_MAX_LEVEL,
    RaterKind,
    RatingChannel,
)
from ..models import Rating, RatingToken
from . import tokens
from .validation import clean_rating

# Cases whose outcome is known: the applicant may rate them online.
RATEABLE_CASE_STATUSES = ("decided", "concluded", "refused", "terminated")
DIRECT_CHANNELS = (RatingChannel.ONLINE, RatingChannel.PUBLIC_COMMENT, RatingChannel.SPOT_CHECK)


def window_workdays() -> int:
    return int(getattr(settings, "FEEDBACK_RATING_WINDOW_WORKDAYS", 5))


def expiry_for(visited_at) -> date:
    """The last day a visit at ``visited_at`` may be rated (working days after the visit)."""
    return add_workdays(timezone.localdate(visited_at), window_workdays())


def case_department(case):
    """The department that answers for ``case``: its item's, bundle's or industry's lead."""
    if case is None:
        return None
    if case.item_version_id is not None:
        return case.item_version.item.department
    if case.bundle_id is not None:
        return case.bundle.lead_department
    if case.industry_id is not None:
        return case.industry.lead_department
    return None


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


# -- tokens -----------------------------------------------------------------------------


def issue_token(
    *,
    case=None,
    window=None,
    staff=None,
    department=None,
    channel=RatingChannel.ON_SITE,
    visited_at=None,
    actor=None,
    request=None,
) -> tuple[RatingToken, str]:
    """A new single-use token for one visit and the signed string for its QR code."""
    if channel not in (RatingChannel.ON_SITE, RatingChannel.ONLINE):
        raise InvalidInput(_("评价码只用于现场评价或网上评价"), field="channel")
    if case is None and window is None and staff is None and department is None:
        raise InvalidInput(_("评价码须绑定办件、窗口、工作人员或部门"))
    visited_at = visited_at or timezone.now()
    if department is None:
        department = (window.department if window is not None else None) or case_department(case)
    with transaction.atomic():
        token = RatingToken.objects.create(
            key=tokens.new_key(),
            channel=channel,
            case=case,
            window=window,
            staff=staff,
            department=department,
            visited_at=visited_at,
            expires_on=expiry_for(visited_at),
        )
        record(
            "feedback.token_issue",
            actor=actor or staff,
            obj=token,
            after={
                "case": case.number if case is not None else None,
                "window": window.pk if window is not None else None,
                "staff": staff.pk if staff is not None else None,
                "channel": str(channel),
                "expires_on": token.expires_on,
            },
            request=request,
            summary=_("生成评价码"),
        )
    return token, tokens.sign(token.key)


def signed_for(token: RatingToken) -> str:
    """The QR code's string of an existing token (signing is deterministic)."""
    return tokens.sign(token.key)


def rating_url(signed: str) -> str:
    """The absolute path of the mobile rating page for a token."""
    return reverse("feedback:rate", kwargs={"token": signed})


def rating_link(signed: str) -> str:
    """The full address a QR code encodes: the bureau's public address + ``rating_url``."""
    return public_url(rating_url(signed))


def _rater_kind(rater, channel) -> str:
    if channel == RatingChannel.SPOT_CHECK:
        return RaterKind.SUPERVISOR
    if not _signed_in(rater):
        return RaterKind.ANONYMOUS
    if rater.kind == AccountKind.ENTERPRISE:
        return RaterKind.ENTERPRISE
    return RaterKind.CITIZEN


# -- taking a rating --------------------------------------------------------------------


def _after_rating(rating: Rating) -> None:
    """A bad rating opens its remedy order now; after commit the rating goes to the province."""
    if rating.is_bad:
        from onewindow.feedback.orders.services import open_remedy_order

        open_remedy_order(rating)

    def push():
        from onewindow.feedback import provincial

        provincial.schedule_push(rating)

    transaction.on_commit(push)


def _audit(rating: Rating, rater, request) -> None:
    record(
        "feedback.rating_submit",
        actor=rater if _signed_in(rater) else None,
        obj=rating,
        after={
            "level": rating.level,
            "channel": rating.channel,
            "is_bad": rating.is_bad,
            "case": rating.case.number if rating.case_id else None,
            "window": rating.window_id,
            "staff": rating.staff_id,
            "department": rating.department_id,
            "token": rating.token_id,
        },
        request=request,
        summary=_("收到评价：%(level)s") % {"level": rating.get_level_display()},
    )


def token_for(signed) -> RatingToken:
    """The token a signed string names, with its targets; InvalidInput if forged or unknown."""
    key = tokens.unsign(signed)
    token = (
        RatingToken.objects.select_related(
            "case",
            "case__item_version",
            "case__item_version__item",
            "case__bundle",
            "case__industry",
            "window",
            "window__site",
            "staff",
            "department",
        )
        .filter(key=key)
        .first()
    )
    if token is None:
        raise tokens.invalid()
    return token


def check_token(token: RatingToken, *, case_number: str | None = None) -> None:
    """Refuse a token for another case, an expired one or a used one (before any write)."""
    if case_number is not None and (
        token.case_id is None or token.case.number != str(case_number).strip()
    ):
        raise InvalidInput(_("该评价码不属于此办件，请扫描本次办事的二维码"), field="token")
    if timezone.localdate() > token.expires_on:
        raise InvalidInput(
            _("该评价码已过期：须在办事后%(days)d个工作日内（%(date)s前）评价")
            % {"days": window_workdays(), "date": token.expires_on.isoformat()},
            field="token",
        )
    if token.used_at is not None:
        raise Conflict(_("该评价码已使用，每次办事只能评价一次"))


def submit_rating(
    signed: str,
    *,
    level,
    scores: dict,
    comment: str,
    rater=None,
    case_number: str | None = None,
    request=None,
) -> Rating:
    """A rating by a QR code's token; see the module's docstring for what is refused."""
    token = token_for(signed)
    check_token(token, case_number=case_number)
    level, scores, comment = clean_rating(token.channel, level, scores, comment)
    rater = rater if _signed_in(rater) else None
    if rater is not None and token.staff_id is not None and rater.pk == token.staff_id:
        raise PermissionDenied(_("不能评价自己经办的服务"))
    try:
        with transaction.atomic():
            used = RatingToken.objects.filter(pk=token.pk, used_at__isnull=True).update(
                used_at=timezone.now()
            )
            if used == 0:
                raise Conflict(_("该评价码已使用，每次办事只能评价一次"))
            rating = Rating.objects.create(
                level=level,
                channel=token.channel,
                scores=scores,
                comment=comment,
                is_bad=level <= BAD_RATING_MAX_LEVEL,
                token=token,
                case=token.case,
                window=token.window,
                staff=token.staff,
                department=token.department or case_department(token.case),
                rater=rater,
                rater_kind=_rater_kind(rater, token.channel),
                # Real name when the rater signed in, or when the code is bound to a case:
                # the case's applicant is who the visit served, and a callback reaches them.
                is_real_name=rater is not None or token.case_id is not None,
            )
            _audit(rating, rater, request)
            _after_rating(rating)
    except IntegrityError:
        # The token's rating (one-to-one) or the case's online rating exists already.
        raise Conflict(_("该评价码已使用，每次办事只能评价一次")) from None
    return rating


def submit_direct_rating(
    *,
    channel,
    level,
    scores,
    comment,
    rater,
    case=None,
    window=None,
    staff=None,
    department=None,
    request=None,
) -> Rating:
    """A rating without a token: online (once per case), public comment, spot check."""
    if channel not in DIRECT_CHANNELS:
        if channel == RatingChannel.ON_SITE:
            raise InvalidInput(_("现场评价请扫描窗口或收件凭证上的评价二维码"), field="channel")
        raise InvalidInput(_("评价渠道无效"), field="channel")
    rater = rater if _signed_in(rater) else None
    if channel == RatingChannel.ONLINE:
        if rater is None:
            raise PermissionDenied(_("请登录后评价自己的办件"))
        if case is None or case.applicant_id != rater.pk:
            raise NotFound(_("未找到该办件，或您无权评价"))
        if case.status not in RATEABLE_CASE_STATUSES:
            raise InvalidInput(_("办件办理完毕后才能进行网上评价"))
        if Rating.objects.filter(case=case, channel=RatingChannel.ONLINE).exists():
            raise Conflict(_("该办件已评价，每件只能网上评价一次"))
    elif channel == RatingChannel.SPOT_CHECK and (
        rater is None or not rater.has_role(Role.SUPERVISOR)
    ):
        raise PermissionDenied(_("仅大厅督查人员可以进行督查抽评"))
    if case is None and window is None and staff is None and department is None:
        raise InvalidInput(_("请选择被评价的办件、窗口、工作人员或部门"), field="window")
    level, scores, comment = clean_rating(channel, level, scores, comment)
    if department is None:
        department = (window.department if window is not None else None) or case_department(case)
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                level=level,
                channel=channel,
                scores=scores,
                comment=comment,
                is_bad=level <= BAD_RATING_MAX_LEVEL,
                case=case,
                window=window,
                staff=staff,
                department=department,
                rater=rater,
                rater_kind=_rater_kind(rater, channel),
                is_real_name=rater is not None,
            )
            _audit(rating, rater, request)
            _after_rating(rating)
    except IntegrityError:
        raise Conflict(_("该办件已评价，每件只能网上评价一次")) from None
    return rating
