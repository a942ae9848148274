"""Meeting minutes (会议纪要) and the pre-appointment notice (任前公示) as Word documents in
the 公文 layout, through the renderer the rectification report uses."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.documents import gongwen

from .constants import Outcome

CN_NUMBERS = "一二三四五六七八九十"


def issuing_body() -> str:
    return str(getattr(settings, "GOVERNANCE_ISSUING_BODY", "")) or _("局党组")


def _cn(n: int) -> str:
    return CN_NUMBERS[n - 1] if 1 <= n <= 10 else str(n)


def minutes(meeting) -> bytes:
    present = [a.person.display_name for a in meeting.attendance.all() if a.present]
    absent = [a.person.display_name for a in meeting.attendance.all() if not a.present]
    blocks = [
        {"style": "doc_number", "text": f"{meeting.held_on:%Y年%-m月%-d日}"},
        {
            "style": "body",
            "text": _("%(date)s，%(body)s召开%(kind)s，应到 %(m)s 人，实到 %(p)s 人。")
            % {
                "date": f"{meeting.held_on:%Y年%-m月%-d日}",
                "body": issuing_body(),
                "kind": meeting.get_kind_display(),
                "m": len(present) + len(absent),
                "p": len(present),
            },
        },
        {"style": "body", "lead": _("出席："), "text": "、".join(present) or "—"},
    ]
    if absent:
        blocks.append({"style": "body", "lead": _("缺席："), "text": "、".join(absent)})
    if str(meeting.minutes):
        blocks.append({"style": "body", "text": str(meeting.minutes)})
    blocks.append({"style": "h1", "text": _("一、会议议题及决定事项")})
    for item in meeting.items.all():
        blocks.append({"style": "h2", "text": f"（{_cn(item.order)}）{item.title}"})
        if item.is_sanzhong:
            filed = (
                _("已于 %(d)s 向派驻纪检监察组报备。") % {"d": item.filed_on}
                if item.filed_on
                else _("未向派驻纪检监察组报备。")
            )
            blocks.append({"style": "body", "text": _("本议题属“三重一大”事项，") + filed})
        if item.outcome != Outcome.PENDING:
            blocks.append(
                {
                    "style": "body",
                    "text": _(
                        "表决：赞成 %(f)s 票，反对 %(a)s 票，弃权 %(b)s 票，%(o)s。决定：%(d)s"
                    )
                    % {
                        "f": item.votes_for,
                        "a": item.votes_against,
                        "b": item.votes_abstain,
                        "o": item.get_outcome_display(),
                        "d": item.decision,
                    },
                }
            )
    return gongwen.render(
        title=_("%(title)s纪要") % {"title": meeting.title},
        signature=issuing_body(),
        signed_on=meeting.held_on,
        blocks=blocks,
    )


def notice(selection) -> bytes:
    names = "、".join(c.person.display_name for c in selection.candidates.filter(chosen=True))
    ends = selection.notice_ends_on
    blocks = [
        {
            "style": "body",
            "text": _(
                "根据《党政领导干部选拔任用工作条例》有关规定，经局党组会议研究，拟任用%(names)s"
                "同志为%(post)s。现予以公示，公示期为 %(start)s 至 %(end)s（%(n)s 个工作日）。"
            )
            % {
                "names": names,
                "post": selection.post_name,
                "start": selection.notice_starts_on,
                "end": ends,
                "n": selection.notice_workdays,
            },
        },
        {
            "style": "body",
            "text": _(
                "公示期间，如对拟任人选有意见，可通过来信、来电、来访等方式向局党组反映。"
                "反映问题要实事求是，以真实姓名反映的优先核查。"
            ),
        },
    ]
    return gongwen.render(
        title=_("干部任前公示"),
        signature=issuing_body(),
        signed_on=selection.notice_starts_on or timezone.localdate(),
        blocks=blocks,
    )
