"""Reads across the registers: the warnings each role sees, and the figures (指标) the
rectification ledger binds to (governance/metrics.py)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Exists, Func, IntegerField, OuterRef
from django.utils.translation import gettext as _

from . import permissions
from .constants import (
    SANZHONG_KINDS,
    ExpenditureStatus,
    MeetingKind,
    TalkKind,
    asset_entry_days,
    filing_days,
    party_life_months,
    talks_per_year,
)
from .models import AgendaItem, Asset, Expenditure, KeyPost, PartyLifeMeeting, Reconciliation, Talk


def filing_breaches(since: date | None = None):
    """三重一大 items not filed in time (or not at all) for meetings held since ``since``."""
    qs = AgendaItem.objects.filter(kind__in=SANZHONG_KINDS).select_related("meeting")
    if since:
        qs = qs.filter(meeting__held_on__gte=since)
    return [i for i in qs.order_by("-meeting__held_on") if not i.filed_in_time]


def late_asset_purchases(today: date, limit: int | None = None):
    """Approved asset purchases older than N days with no asset entered from them (the
    oldest ``limit`` of them: a page shows a bounded list, with ``late_asset_count``)."""
    qs = _late_asset_purchases(today).order_by("approved_on", "pk")
    return list(qs[:limit] if limit is not None else qs)


def late_asset_count(today: date) -> int:
    return _late_asset_purchases(today).count()


def _late_asset_purchases(today: date):
    limit = today - timedelta(days=asset_entry_days())
    return (
        Expenditure.objects.filter(
            is_asset_purchase=True, status=ExpenditureStatus.APPROVED, approved_on__lt=limit
        )
        .annotate(entered=Exists(Asset.objects.filter(expenditure=OuterRef("pk"))))
        .filter(entered=False)
    )


class JSONArrayLength(Func):
    """The length of a JSON array column, computed by the database (no decoding here)."""

    function = "JSON_ARRAY_LENGTH"
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="JSONB_ARRAY_LENGTH", **extra)


def recent_reconciliations(limit: int = 10):
    """The latest reconciliations with their number of differences, without loading the
    differences themselves (one of 50,000 assets can hold thousands)."""
    return list(
        Reconciliation.objects.defer("differences")
        .annotate(difference_count=JSONArrayLength("differences"))
        .order_by("-done_on", "-pk")[:limit]
    )


def talk_shortfalls(year: int):
    """Key-post people with fewer than the yearly integrity talks: [(keypost, count)]."""
    counts = dict(
        Talk.objects.filter(kind=TalkKind.INTEGRITY, held_on__year=year)
        .values_list("subject_id")
        .annotate(n=Count("pk"))
    )
    need = talks_per_year()
    return [
        (kp, counts.get(kp.person_id, 0))
        for kp in KeyPost.objects.select_related("person").order_by("post_name")
        if counts.get(kp.person_id, 0) < need
    ]


def reconciliation_due(today: date) -> bool:
    from .assets.services import half_year_start

    return not Reconciliation.objects.filter(done_on__gte=half_year_start(today)).exists()


def party_life_due(today: date) -> list[tuple[str, date | None]]:
    """三会一课 kinds whose last meeting is older than their frequency: [(label, last)]."""
    from .constants import PartyLifeKind

    due = []
    for kind, months in party_life_months().items():
        last = (
            PartyLifeMeeting.objects.filter(kind=kind)
            .order_by("-held_on")
            .values_list("held_on", flat=True)
            .first()
        )
        if last is None or (today - last).days > 31 * months:
            due.append((str(PartyLifeKind(kind).label), last))
    return due


def warnings_for(user, today: date) -> list[str]:
    """The warnings a governance user sees on the home page and the governance page."""
    from .spending.selectors import contract_warnings

    out = []
    if permissions.sees_meetings(user):
        for item in filing_breaches(today - timedelta(days=365))[:20]:
            out.append(
                _("“三重一大”事项未按时报备：%(m)s · %(t)s") % {"m": item.meeting, "t": item.title}
            )
    if permissions.sees_all_spending(user):
        for row in contract_warnings(today)[:20]:
            m = row["milestone"]
            out.append(
                _("合同履约节点已到期未履行：%(c)s · %(m)s（约定 %(d)s）")
                % {"c": m.contract, "m": m.title, "d": m.due_on}
            )
    if permissions.sees_assets(user):
        for e in late_asset_purchases(today)[:20]:
            out.append(_("购置资产超过 %(n)s 天未入账：%(e)s") % {"n": asset_entry_days(), "e": e})
        if reconciliation_due(today):
            out.append(_("本半年尚未与核算中心进行固定资产对账"))
    if permissions.sees_talks(user):
        flagged = Talk.objects.filter(similar_to__isnull=False, held_on__year=today.year).count()
        if flagged:
            out.append(_("本年有 %(n)s 份谈话记录内容与其他记录雷同") % {"n": flagged})
        if today.month >= 11:
            short = talk_shortfalls(today.year)
            if short:
                out.append(
                    _("年底前仍有 %(n)s 名重点岗位人员廉政谈话不足 %(k)s 次")
                    % {"n": len(short), "k": talks_per_year()}
                )
    if permissions.sees_study(user):
        for label, last in party_life_due(today):
            out.append(
                _("“三会一课”：%(k)s已到期（上次 %(d)s）") % {"k": label, "d": last or _("无")}
            )
    return out


def meetings_with_first_topic(since: date, until: date) -> tuple[int, int]:
    """(party-group meetings held in the window, those whose first item is a study item)."""
    from .models import Meeting

    meetings = Meeting.objects.filter(
        kind=MeetingKind.PARTY_GROUP, held_on__gte=since, held_on__lte=until
    )
    first = AgendaItem.objects.filter(meeting=OuterRef("pk")).order_by("order").values("kind")[:1]
    rows = meetings.annotate(first_kind=first.values("kind")).values_list("first_kind", flat=True)
    rows = list(rows)
    return len(rows), sum(1 for k in rows if k == "study")


def sanzhong_filed(since: date, until: date) -> tuple[int, int]:
    items = AgendaItem.objects.filter(
        kind__in=SANZHONG_KINDS, meeting__held_on__gte=since, meeting__held_on__lte=until
    ).select_related("meeting")
    total = on_time = 0
    for held_on, filed_on in items.values_list("meeting__held_on", "filed_on"):
        total += 1
        on_time += filed_on is not None and filed_on <= held_on - timedelta(days=filing_days())
    return total, on_time


def key_posts_with_talks(year: int) -> tuple[int, int]:
    posts = KeyPost.objects.count()
    return posts, posts - len(talk_shortfalls(year))
