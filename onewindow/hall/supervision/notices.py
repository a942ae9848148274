"""通报: the monthly notice of the hall (numbered by year and issue, 2020年第11期) and the
half-monthly attendance list. Drafted from the period's records (frozen in ``content``),
edited and published by a supervisor; the Word file is in the 公文 layout."""

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.audit import record
from onewindow.core.documents import gongwen
from onewindow.core.errors import Conflict, InvalidInput
from onewindow.feedback.models import Rating

from ..constants import NoticeKind, NoticeStatus
from ..models import AttendanceRecord, Finding, Notice
from . import common

ISSUER = "区行政审批服务局"
TITLE_MAX = Notice._meta.get_field("title").max_length
NARRATIVE_MAX = 20_000


def _local(value) -> str:
    return timezone.localtime(value).strftime("%m-%d %H:%M")


def compose(start: date, end: date) -> dict:
    """The period's findings, attendance exceptions and ratings per window, as plain data."""
    findings = [
        {
            "at": _local(f.found_at),
            "window": f"{f.window.number} {f.window.name}",
            "staff": str(f.staff) if f.staff else "",
            "kind": str(f.get_kind_display()),
            "source": str(f.get_source_display()),
            "note": str(f.note),
        }
        for f in Finding.objects.filter(found_at__date__range=(start, end))
        .select_related("window", "staff")
        .order_by("found_at", "pk")
    ]
    per_person = defaultdict(lambda: {"late": 0, "left_early": 0, "absent": 0})
    names = {}
    exceptions = AttendanceRecord.objects.filter(day__range=(start, end)).filter(
        Q(late=True) | Q(left_early=True) | Q(absent=True)
    )
    for row in exceptions.select_related("user", "window").order_by("user_id", "day"):
        counts = per_person[row.user_id]
        counts["late"] += row.late
        counts["left_early"] += row.left_early
        counts["absent"] += row.absent
        names[row.user_id] = (str(row.user), row.window.number if row.window else "")
    attendance = [
        {"name": names[uid][0], "window": names[uid][1], **counts}
        for uid, counts in per_person.items()
    ]
    ratings = [
        {
            "window": f"{r['window__number']} {r['window__name']}",
            "total": r["total"],
            "bad": r["bad"],
            "rate": round(100 * (r["total"] - r["bad"]) / r["total"], 1) if r["total"] else None,
        }
        for r in Rating.objects.filter(created_at__date__range=(start, end), window__isnull=False)
        .values("window__number", "window__name")
        .annotate(total=Count("pk"), bad=Count("pk", filter=Q(is_bad=True)))
        .order_by("window__number")
    ]
    return {"findings": findings, "attendance": attendance, "ratings": ratings}


def _next_issue(kind: str, year: int) -> int:
    top = Notice.objects.filter(kind=kind, year=year).aggregate(m=Max("issue"))["m"]
    return (top or 0) + 1


def _default_narrative(kind, start, end, content) -> str:
    what = _("明察暗访") if kind == NoticeKind.MONTHLY else _("考勤")
    return _(
        "%(start)s至%(end)s，政务服务大厅督查组按照大厅管理制度开展%(what)s，"
        "共发现问题%(findings)s个，考勤异常%(people)s人次。现将有关情况通报如下。"
    ) % {
        "start": start.strftime("%Y年%m月%d日"),
        "end": end.strftime("%Y年%m月%d日"),
        "what": what,
        "findings": len(content["findings"]),
        "people": len(content["attendance"]),
    }


def _draft(actor, kind, start, end, title, request) -> Notice:
    common.require_supervisor(actor)
    content = compose(start, end)
    notice = Notice.objects.create(
        kind=kind,
        year=start.year,
        issue=_next_issue(kind, start.year),
        period_start=start,
        period_end=end,
        title=title,
        narrative=_default_narrative(kind, start, end, content),
        content=content,
        created_by=actor,
    )
    record(
        "hall.notice_draft",
        actor=actor,
        obj=notice,
        after={"kind": kind, "number": str(notice.number_label)},
        request=request,
    )
    return notice


@transaction.atomic
def draft_monthly(actor, year: int, month: int, *, request=None) -> Notice:
    if not 1 <= int(month) <= 12:
        raise InvalidInput(_("月份应为1至12"), field="month")
    start, end = common.month_bounds(int(year), int(month))
    title = _("关于%(year)s年%(month)s月份政务服务大厅督查情况的通报") % {
        "year": year,
        "month": month,
    }
    return _draft(actor, NoticeKind.MONTHLY, start, end, title, request)


@transaction.atomic
def draft_attendance(actor, year: int, month: int, half: int, *, request=None) -> Notice:
    if not 1 <= int(month) <= 12 or half not in (1, 2):
        raise InvalidInput(_("请选择月份和上、下半月"), field="month")
    first, last = common.month_bounds(int(year), int(month))
    start, end = (first, first.replace(day=15)) if half == 1 else (first.replace(day=16), last)
    title = _("%(year)s年%(month)s月%(half)s考勤情况通报") % {
        "year": year,
        "month": month,
        "half": _("上半月") if half == 1 else _("下半月"),
    }
    return _draft(actor, NoticeKind.ATTENDANCE, start, end, title, request)


@transaction.atomic
def edit(actor, notice, *, title, narrative, request=None) -> Notice:
    common.require_supervisor(actor)
    title, narrative = (title or "").strip(), (narrative or "").strip()
    if not title:
        raise InvalidInput(_("请填写标题"), field="title")
    if len(title) > TITLE_MAX or len(narrative) > NARRATIVE_MAX:
        raise InvalidInput(_("内容过长"), field="narrative")
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.status != NoticeStatus.DRAFT:
        raise Conflict(_("通报已发布，不能再修改"))
    notice.title, notice.narrative = title, narrative
    notice.save(update_fields=["title", "title_sealed", "narrative", "narrative_sealed"])
    record("hall.notice_edit", actor=actor, obj=notice, request=request)
    return notice


@transaction.atomic
def publish(actor, notice, *, request=None) -> Notice:
    common.require_supervisor(actor)
    updated = Notice.objects.filter(pk=notice.pk, status=NoticeStatus.DRAFT).update(
        status=NoticeStatus.PUBLISHED, published_at=timezone.now()
    )
    if not updated:
        raise Conflict(_("通报已发布"))
    notice.refresh_from_db()
    record(
        "hall.notice_publish",
        actor=actor,
        obj=notice,
        after={"number": str(notice.number_label)},
        request=request,
    )
    return notice


def blocks(notice) -> list[dict]:
    content = notice.content
    out = [
        {"style": "title", "text": str(notice.title)},
        {"style": "doc_number", "text": str(notice.number_label)},
        {"style": "body", "text": str(notice.narrative)},
    ]
    if notice.kind == NoticeKind.MONTHLY:
        out.append({"style": "h1", "text": _("一、巡查发现的问题")})
        if content["findings"]:
            out.append(
                {
                    "style": "table",
                    "header": [_("时间"), _("窗口"), _("人员"), _("问题"), _("说明")],
                    "rows": [
                        [f["at"], f["window"], f["staff"], f["kind"], f["note"]]
                        for f in content["findings"]
                    ],
                }
            )
        else:
            out.append({"style": "body", "text": _("本期巡查未发现问题。")})
    out.append(
        {
            "style": "h1",
            "text": _("二、考勤情况") if notice.kind == NoticeKind.MONTHLY else _("一、考勤情况"),
        }
    )
    if content["attendance"]:
        out.append(
            {
                "style": "table",
                "header": [_("姓名"), _("窗口"), _("迟到"), _("早退"), _("缺勤")],
                "rows": [
                    [a["name"], a["window"], a["late"], a["left_early"], a["absent"]]
                    for a in content["attendance"]
                ],
            }
        )
    else:
        out.append({"style": "body", "text": _("本期考勤无异常。")})
    if notice.kind == NoticeKind.MONTHLY:
        out.append({"style": "h1", "text": _("三、好差评情况")})
        if content["ratings"]:
            out.append(
                {
                    "style": "table",
                    "header": [_("窗口"), _("评价数"), _("差评数"), _("满意率")],
                    "rows": [
                        [
                            r["window"],
                            r["total"],
                            r["bad"],
                            "" if r["rate"] is None else f"{r['rate']}%",
                        ]
                        for r in content["ratings"]
                    ],
                }
            )
        else:
            out.append({"style": "body", "text": _("本期无窗口评价。")})
    out.append({"style": "signature", "text": ISSUER})
    signed = (notice.published_at and timezone.localdate(notice.published_at)) or notice.period_end
    out.append({"style": "date", "text": signed.strftime("%Y年%-m月%-d日")})
    return out


def word(notice) -> bytes:
    signed = (notice.published_at and timezone.localdate(notice.published_at)) or notice.period_end
    return gongwen.render(
        title=str(notice.title), signature=ISSUER, signed_on=signed, blocks=blocks(notice)
    )
