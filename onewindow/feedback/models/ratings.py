"""Ratings (好差评): the single-use tokens behind the dynamic QR codes, and the ratings.

A token is a random id stored here; the QR code carries it signed (django.core.signing with
its own salt), so a forged or altered code is refused before the database is read, and a
used, expired or other-case code is refused by the row.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onewindow.core.pii.freetext import PersonalTextField

from ..constants import (
    BAD_RATING_MAX_LEVEL,
    COMMENT_MAX_LENGTH,
    AppealStatus,
    PushStatus,
    RaterKind,
    RatingChannel,
    RatingLevel,
)


class RatingToken(models.Model):
    """One visit's right to rate: bound to a case (and the window and staff who served it)."""

    key = models.CharField(_("令牌"), max_length=40, unique=True)
    channel = models.CharField(
        _("评价渠道"), max_length=20, choices=RatingChannel.choices, default=RatingChannel.ON_SITE
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("办件"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rating_tokens",
    )
    window = models.ForeignKey(
        "org.Window",
        verbose_name=_("窗口"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rating_tokens",
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    visited_at = models.DateTimeField(_("办事时间"))
    expires_on = models.DateField(_("评价截止日期"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评价码")
        verbose_name_plural = _("评价码")
        ordering = ["-visited_at", "-id"]
        indexes = [models.Index(fields=["window", "-visited_at"], name="fb_token_window_recent")]

    def __str__(self):
        return self.key


class Rating(models.Model):
    """One rating of a case, a window, a staff member or a department (any that apply)."""

    level = models.PositiveSmallIntegerField(_("评价等级"), choices=RatingLevel.choices)
    channel = models.CharField(_("评价渠道"), max_length=20, choices=RatingChannel.choices)
    # {question code: level} for the channel's questions (constants.CHANNEL_QUESTIONS).
    scores = models.JSONField(_("分项评价"), default=dict, blank=True)
    comment = PersonalTextField(_("评价内容"), max_length=COMMENT_MAX_LENGTH, blank=True)
    is_bad = models.BooleanField(_("差评"), default=False, db_index=True)
    token = models.OneToOneField(
        RatingToken,
        verbose_name=_("评价码"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rating",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("办件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    window = models.ForeignKey(
        "org.Window",
        verbose_name=_("窗口"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("被评价人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ratings_received",
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("被评价部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评价人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ratings_given",
    )
    rater_kind = models.CharField(
        _("评价人类型"), max_length=20, choices=RaterKind.choices, default=RaterKind.ANONYMOUS
    )
    is_real_name = models.BooleanField(_("实名评价"), default=False)
    created_at = models.DateTimeField(_("评价时间"), auto_now_add=True, db_index=True)
    # A supervisor's ruling on the unit's appeal; an upheld appeal leaves the rating out
    # of the published figures but never deletes it.
    appeal_status = models.CharField(
        _("申诉状态"), max_length=20, choices=AppealStatus.choices, default=AppealStatus.NONE
    )
    appeal_reason = PersonalTextField(_("申诉理由"), blank=True)
    appeal_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申诉审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    appeal_decided_at = models.DateTimeField(_("申诉审核时间"), null=True, blank=True)
    appeal_ruling = PersonalTextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("评价")
        verbose_name_plural = _("评价")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["department", "created_at"], name="fb_rating_dept_time"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="fb_rating_level"),
            models.CheckConstraint(
                condition=Q(is_bad=True, level__lte=BAD_RATING_MAX_LEVEL)
                | Q(is_bad=False, level__gt=BAD_RATING_MAX_LEVEL),
                name="fb_rating_is_bad_matches_level",
            ),
            # Online: one rating per case (RULES.md), also when two are sent at once.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(channel=RatingChannel.ONLINE),
                name="fb_rating_online_once_per_case",
            ),
        ]

    def __str__(self):
        return f"{self.get_level_display()} #{self.pk}"


class RatingPush(models.Model):
    """One rating's record for the provincial rating platform, retried until sent."""

    rating = models.OneToOneField(
        Rating, verbose_name=_("评价"), on_delete=models.CASCADE, related_name="push"
    )
    backend = models.CharField(_("推送方式"), max_length=40)
    payload = models.JSONField(_("推送内容"), default=dict)
    status = models.CharField(
        _("推送状态"), max_length=10, choices=PushStatus.choices, default=PushStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("推送次数"), default=0)
    error = models.CharField(_("错误信息"), max_length=500, blank=True)
    pushed_at = models.DateTimeField(_("推送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评价推送记录")
        verbose_name_plural = _("评价推送记录")

    def __str__(self):
        return f"{self.rating_id} {self.status}"
