"""The printable notices of a case: what each one says, built from the case's history.

Kinds (the window prints them and the applicant can print them again):
- ``receipt``     收件凭证: the materials the window received;
- ``acceptance``  受理通知书 (also after 容缺受理, with the materials still owed);
- ``refusal``     不予受理决定书 with the reason and the right to 行政复议 / 行政诉讼;
- ``deficiency``  补正材料通知书（一次性告知书）: every missing material at once;
- ``promise``     容缺受理承诺书: the missing materials, the date and the signer.

A kind that the case's history does not hold raises NotFound (the page answers 404).
Personal data appears only masked (the model hands ID numbers and phones back masked).
The number of a notice reads like a 文号: prefix + kind + 〔year〕 + the case number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.accounts.constants import AccountKind
from onewindow.core.errors import NotFound

from .. import moves, selectors
from ..constants import CASES_NOTICE_PREFIX, CASES_REVIEW_AUTHORITY, CaseStatus, MaterialStatus

# 行政复议法 (2023) Art. 20: 60 days to apply for administrative reconsideration.
REVIEW_APPLICATION_DAYS = 60

KINDS = {
    "receipt": gettext_lazy("收件凭证"),
    "acceptance": gettext_lazy("受理通知书"),
    "refusal": gettext_lazy("不予受理决定书"),
    "deficiency": gettext_lazy("补正材料通知书（一次性告知书）"),
    "promise": gettext_lazy("容缺受理承诺书"),
}
# The character of each kind in the notice number (东审受字〔2026〕…号).
_NUMBER_CODES = {
    "receipt": gettext_lazy("收"),
    "acceptance": gettext_lazy("受"),
    "refusal": gettext_lazy("不受"),
    "deficiency": gettext_lazy("补"),
    "promise": gettext_lazy("容"),
}


@dataclass
class Notice:
    kind: str
    title: str
    number: str
    issued_on: date
    addressee: str
    parties: list = field(default_factory=list)  # [(label, value)]: applicant, case
    paragraphs: list = field(default_factory=list)
    items_title: str = ""
    items: list = field(default_factory=list)
    closing: list = field(default_factory=list)
    signatures: list = field(default_factory=list)  # [(label, value)] to sign or signed
    # The bureau signs (and seals) every notice except the applicant's own promise.
    sealed: bool = True


def _prefix() -> str:
    return str(getattr(settings, "CASES_NOTICE_PREFIX", CASES_NOTICE_PREFIX))


def _authority() -> str:
    return str(getattr(settings, "CASES_REVIEW_AUTHORITY", CASES_REVIEW_AUTHORITY))


def _day(value) -> date:
    if value is None:
        return timezone.localdate()
    return timezone.localdate(value) if hasattr(value, "tzinfo") and value.tzinfo else value


def _cn_date(value) -> str:
    d = _day(value)
    return _("%(y)d年%(m)d月%(d)d日") % {"y": d.year, "m": d.month, "d": d.day}


def _number(case, kind: str, issued_on: date, serial: int = 0) -> str:
    suffix = f"-{serial}" if serial > 1 else ""
    return _("%(prefix)s%(code)s字〔%(year)d〕%(number)s%(suffix)s号") % {
        "prefix": _prefix(),
        "code": _NUMBER_CODES[kind],
        "year": issued_on.year,
        "number": case.number,
        "suffix": suffix,
    }


def subject_name(case) -> str:
    if case.item_version_id is not None:
        return case.item_version.name
    if case.bundle_id is not None:
        return case.bundle.name
    if case.industry_id is not None:
        return case.industry.name
    return ""


def applicant_lines(applicant) -> list[tuple[str, str]]:
    """Who applied, masked: name, ID number (or credit code and contact), phone."""
    lines = [(_("申请人"), applicant.display_name)]
    if applicant.kind == AccountKind.ENTERPRISE:
        lines.append((_("统一社会信用代码"), applicant.uscc or "—"))
        if applicant.contact_name:
            lines.append((_("联系人"), applicant.contact_name))
    elif applicant.id_number:
        lines.append((_("身份证号码"), str(applicant.id_number)))
    if applicant.phone:
        lines.append((_("联系电话"), str(applicant.phone)))
    return lines


def _parties(case) -> list[tuple[str, str]]:
    return [
        *applicant_lines(case.applicant),
        (_("申请事项"), subject_name(case)),
        (_("办件编号"), case.number),
        (_("申请渠道"), str(case.get_channel_display())),
    ]


def _submitted_phrase(case) -> str:
    return _("你（单位）于%(date)s提出的“%(subject)s”申请") % {
        "date": _cn_date(case.submitted_at or case.created_at),
        "subject": subject_name(case),
    }


def _deficiency_notices(case):
    return selectors.deficiency_notices(case)


def available_kinds(case) -> list[str]:
    """The notices the case's history holds, in the order they arise."""
    kinds = []
    if case.submitted_at is not None:
        kinds.append("receipt")
    if _deficiency_notices(case):
        kinds.append("deficiency")
    if case.status == CaseStatus.REFUSED:
        kinds.append("refusal")
    if selectors.promise_of(case) is not None:
        kinds.append("promise")
    if case.accepted_at is not None:
        kinds.append("acceptance")
    return kinds


def build(case, kind: str, *, serial: int | None = None) -> Notice:
    """The notice ``kind`` of ``case``; NotFound when the case's history has none."""
    if kind not in KINDS or kind not in available_kinds(case):
        raise NotFound(_("该办件没有这份文书"))
    return _BUILDERS[kind](case, serial)


def _receipt(case, _serial) -> Notice:
    issued = _day(case.submitted_at)
    rows = selectors.material_rows(case)
    received = [m.name for m in rows if m.status == MaterialStatus.SUPPLIED]
    owed = [m.name for m in rows if m.status != MaterialStatus.SUPPLIED]
    statutory, promised = moves.limits(case)
    paragraphs = [
        _("本机关已收到%(phrase)s的申请材料，收件时间：%(time)s。")
        % {
            "phrase": _submitted_phrase(case),
            "time": timezone.localtime(case.submitted_at).strftime("%Y-%m-%d %H:%M"),
        },
        _(
            "本凭证仅证明已收到以下材料，不代表已经受理。本机关将在%(days)s个工作日内"
            "作出受理、不予受理或一次性告知补正的答复；逾期不告知的，自收到材料之日起即为受理。"
        )
        % {"days": selectors.notice_days()},
    ]
    if promised:
        paragraphs.append(
            _(
                "该事项承诺办结时限为%(promised)s个工作日（法定办结时限%(statutory)s个工作日），自受理之日起计算。"
            )
            % {"promised": promised, "statutory": statutory}
        )
    closing = [
        _("凭办件编号 %(number)s 可在网上办事大厅或窗口查询办理进度。") % {"number": case.number}
    ]
    if owed:
        closing.insert(0, _("尚未收到的材料：%(names)s。") % {"names": "、".join(owed)})
    return Notice(
        kind="receipt",
        title=str(KINDS["receipt"]),
        number=_number(case, "receipt", issued),
        issued_on=issued,
        addressee=case.applicant.display_name,
        parties=_parties(case),
        paragraphs=paragraphs,
        items_title=_("已收取的申请材料"),
        items=received,
        closing=closing,
        signatures=[(_("收件人"), _("（窗口工作人员签字）")), (_("申请人"), _("（签字）"))],
    )


def _acceptance(case, _serial) -> Notice:
    issued = _day(case.accepted_at)
    statutory, promised = moves.limits(case)
    promise = selectors.promise_of(case)
    paragraphs = [
        _(
            "%(phrase)s，经审查，申请事项属于本机关职权范围，申请材料符合法定形式，"
            "根据《中华人民共和国行政许可法》第三十二条第一款第（五）项的规定，决定予以受理。"
        )
        % {"phrase": _submitted_phrase(case)}
    ]
    if promise is not None:
        paragraphs[0] = _(
            "%(phrase)s，经审查，核心材料齐全，部分非核心材料暂缺，根据容缺受理制度，"
            "在你（单位）签署容缺受理承诺书后，决定予以容缺受理。"
        ) % {"phrase": _submitted_phrase(case)}
    clock = case.promised_clock if case.promised_clock_id else None
    if clock is not None:
        paragraphs.append(
            _(
                "本机关将在受理之日起%(promised)s个工作日内（即%(due)s前）作出决定"
                "（法定办结时限%(statutory)s个工作日；依法需要听证、检验、检测、鉴定和专家评审的，"
                "所需时间不计算在内）。"
            )
            % {"promised": promised, "due": _cn_date(clock.due_date), "statutory": statutory}
        )
    items_title, items = "", []
    if promise is not None:
        items_title = _("容缺材料（请于%(date)s前补齐）") % {"date": _cn_date(promise.promise_date)}
        items = [i.get("name", "") for i in promise.items]
    return Notice(
        kind="acceptance",
        title=str(KINDS["acceptance"]),
        number=_number(case, "acceptance", issued),
        issued_on=issued,
        addressee=case.applicant.display_name,
        parties=_parties(case),
        paragraphs=paragraphs,
        items_title=items_title,
        items=items,
        closing=[_("请凭办件编号 %(number)s 查询办理进度。") % {"number": case.number}],
        signatures=[(_("受理人"), str(case.accepted_by or ""))],
    )


def _refusal(case, _serial) -> Notice:
    issued = _day(case.concluded_at)
    paragraphs = [
        _(
            "%(phrase)s，经审查，%(reason)s。根据《中华人民共和国行政许可法》第三十二条第一款的规定，"
            "本机关决定不予受理。"
        )
        % {
            "phrase": _submitted_phrase(case),
            "reason": (case.decision_reason or "").rstrip("。"),
        },
        _(
            "如不服本决定，可以自收到本决定书之日起%(days)s日内向%(authority)s申请行政复议，"
            "也可以自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。"
        )
        % {"days": REVIEW_APPLICATION_DAYS, "authority": _authority()},
    ]
    return Notice(
        kind="refusal",
        title=str(KINDS["refusal"]),
        number=_number(case, "refusal", issued),
        issued_on=issued,
        addressee=case.applicant.display_name,
        parties=_parties(case),
        paragraphs=paragraphs,
        items_title=_("不予受理的理由"),
        items=[case.decision_reason] if case.decision_reason else [],
    )


def _deficiency(case, serial) -> Notice:
    notices = _deficiency_notices(case)
    index = len(notices) if serial is None else serial
    if not 1 <= index <= len(notices):
        raise NotFound(_("该办件没有这份文书"))
    notice = notices[index - 1]
    issued = _day(notice.issued_at)
    paragraphs = [
        _(
            "%(phrase)s，经审查，申请材料不齐全或者不符合法定形式。根据《中华人民共和国行政许可法》"
            "第三十二条第一款第（四）项的规定，现一次性告知你（单位）需要补正的全部内容如下。"
        )
        % {"phrase": _submitted_phrase(case)}
    ]
    closing = []
    if notice.note:
        closing.append(_("补正说明：%(note)s") % {"note": notice.note})
    closing.append(
        _(
            "请按上述要求补正全部材料后重新提交；材料补正齐全后，本机关将依法受理。"
            "办件编号：%(number)s。"
        )
        % {"number": case.number}
    )
    return Notice(
        kind="deficiency",
        title=str(KINDS["deficiency"]),
        number=_number(case, "deficiency", issued, index),
        issued_on=issued,
        addressee=case.applicant.display_name,
        parties=_parties(case),
        paragraphs=paragraphs,
        items_title=_("需要补正的材料"),
        items=[i.get("name", "") for i in notice.items],
        closing=closing,
        signatures=[(_("经办人"), str(notice.issued_by))],
    )


def _promise(case, _serial) -> Notice:
    promise = selectors.promise_of(case)
    issued = _day(promise.signed_at)
    paragraphs = [
        _(
            "本人（单位）申请办理“%(subject)s”（办件编号 %(number)s），"
            "因以下非核心材料暂时无法提供，申请容缺受理，并郑重承诺：于%(date)s前补齐下列材料，并对所提交材料的真实性负责。"
        )
        % {
            "subject": subject_name(case),
            "number": case.number,
            "date": _cn_date(promise.promise_date),
        },
    ]
    closing = [
        _(
            "如未能在承诺期限内补齐，同意终止办理本申请，并承担由此产生的相应责任；"
            "未履行承诺的记录将作为今后是否适用容缺受理的依据。"
        )
    ]
    return Notice(
        kind="promise",
        title=str(KINDS["promise"]),
        number=_number(case, "promise", issued),
        issued_on=issued,
        addressee="",
        parties=_parties(case),
        paragraphs=paragraphs,
        items_title=_("容缺材料（承诺于%(date)s前补齐）")
        % {"date": _cn_date(promise.promise_date)},
        items=[i.get("name", "") for i in promise.items],
        closing=closing,
        signatures=[
            (_("承诺人（签字）"), promise.signed_by),
            (_("签署日期"), _cn_date(promise.signed_at)),
            (_("受理人"), str(promise.recorded_by)),
        ],
        sealed=False,
    )


_BUILDERS = {
    "receipt": _receipt,
    "acceptance": _acceptance,
    "refusal": _refusal,
    "deficiency": _deficiency,
    "promise": _promise,
}
