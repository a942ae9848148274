"""The progress report's structure as data (整改进展情况的通报), built from the ledger.

``compose(inspection, narrative, title=..., signed_on=...)`` returns a JSON-safe dict: what the Word
document, the HTML preview and the published snapshot all render. The structure follows
the seed report:

  title        "<被巡察单位>关于<轮次>巡察整改进展情况的通报"
  opening      the inspection's facts (group, period, feedback date) and the counts
               "N个方面M个问题，已完成X个，正在推进Y个" (plus people held to account)
  一、          the work done (leaders' narrative)
  二、          each category as (一)(二)…, each problem 1. 2. … in the feedback's order: the
               problem as the lead sentence, then what was done (each measure's latest
               progress, or the leaders' own words for that problem), the rules it produced,
               and whether it is done or still in progress
  三、          next steps (narrative), then the closing line, the contact lines, the
               signature and the date

Every number comes from the ledger's ``ledger.selectors.ledger_counts`` (one
implementation). Narrative text may carry placeholders (``PLACEHOLDERS``) that are
replaced with the ledger's numbers when the report is composed, so a leader's sentence
such as "目前，{已销号措施数}项整改措施已完成销号" stays true.

Exemptions (涉密, 正在办理的案件): the ledger has no flag for them. A leader replaces the
problem's details with their own words in ``narrative["problem_texts"]``; the problem's lead
sentence and the counts stay, so the report still agrees with the ledger.
"""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from ..constants import InspectionKind, MeasureStatus, OutputKind, ProblemStatus
from ..ledger.selectors import ledger_counts
from ..models import Category, Measure, MeasureOutput, Problem, ProgressUpdate

STRUCTURE_VERSION = 1
CN_DIGITS = "零一二三四五六七八九"
# Narrative keys leaders edit (the free-text ones); problem_texts and category_notes are
# dicts keyed by the problem's / category's id.
TEXT_KEYS = (
    "work_done",
    "next_steps",
    "closing",
    "contact_phone",
    "contact_mailbox",
    "contact_email",
    "signature",
)
PLACEHOLDERS = {
    "{方面数}": "categories",
    "{问题数}": "problems",
    "{已完成问题数}": "problems_closed",
    "{正在推进问题数}": "problems_open",
    "{措施数}": "measures",
    "{已销号措施数}": "measures_closed",
    "{问责人数}": "people_held_to_account",
}
RULES_PLACEHOLDER = "{制度}"
_ORDINAL_START = re.compile(r"^[一二三四五六七八九十]+是")
_INLINE_HEADING = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]")
_GROUP_ORDINAL = re.compile(r"第[一二三四五六七八九十\d]+")
_DEPLOYERS = ("中央", "省委", "市委", "州委", "区委", "县委", "旗委")
_SENTENCE_END = ("。", "！", "？", "；", ".", "!", "?")
_CLOSING_QUOTES = ("”", "」", "’", "）")

DEFAULT_WORK_DONE = (
    "一是统一思想认识，提高政治站位。巡察反馈会后，召开专题会议，传达学习巡察反馈意见，"
    "切实把思想认识统一到巡察整改部署要求上来，主动认领反馈问题，深挖问题根源，制定整改措施。\n"
    "二是加强组织领导，压实整改责任。成立巡察整改落实工作领导小组，研究制定整改工作方案，"
    "明确整改任务、具体整改措施、责任领导、责任股室和完成时限，确保整改责任落实到位。\n"
    "三是强化跟踪督导，扎实推进工作。定期听取各责任股室整改进展情况汇报，协调解决具体问题。"
    "建立台账，实时跟进，完成一件，“销号”一件，目前，{已销号措施数}项整改措施已完成销号，"
    "其他整改措施将严格按照工作时限落实到位。\n"
    "四是注重建章立制，巩固整改成效。坚持立足长远、举一反三，制定出台了{制度}，"
    "坚持用制度管人、管权、管事，实现管理制度化、程序规范化。"
)
DEFAULT_NEXT_STEPS = (
    "虽然巡察整改工作取得了阶段性成果，但整改成效距离巡察工作要求和群众期待还有一定差距。"
    "下一步，我们将坚持问题导向，巩固整改成果，建立长效工作机制，推动整改工作持续深入开展。\n"
    "（一）严格落实主体责任，全面推进从严治党。坚决扛起管党治党主体责任，提升党建工作水平，"
    "加强党风廉政和纪律建设，营造良好的政治生态。\n"
    "（二）抓好问题整改落实，确保工作落实到位。持续抓好后续整改任务落实，不放过每一个问题。"
    "对已完成的事项，及时组织开展“回头看”，防止问题反弹；对需要长期坚持的事项，持续加大整改力度。\n"
    "（三）强化巡察结果运用，着力构建长效机制。坚持边整改、边总结、边提升，建立健全有关制度规范，"
    "把巡察整改激发的正能量转化为推动政务服务工作高质量发展的强大动力。"
)
DEFAULT_CLOSING = "欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请及时向我们反映。"


# --- words ------------------------------------------------------------------------------


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 35 -> 三十五 (up to 99)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_DIGITS[tens]
    return f"{head}十{CN_DIGITS[ones] if ones else ''}"


def cn_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _xun(day: datetime.date) -> str:
    return "上旬" if day.day <= 10 else ("中旬" if day.day <= 20 else "下旬")


def cn_period(start: datetime.date, end: datetime.date) -> str:
    """2019-09-23 .. 2019-12-25 -> 2019年9月下旬至12月下旬."""
    first = f"{start.year}年{start.month}月{_xun(start)}"
    if (start.year, start.month, _xun(start)) == (end.year, end.month, _xun(end)):
        return first
    last = f"{end.month}月{_xun(end)}"
    if end.year != start.year:
        last = f"{end.year}年{last}"
    return f"{first}至{last}"


def short_group(group: str) -> str:
    """区委第三巡察组 -> 区委巡察组 (the seed's second mention)."""
    return _GROUP_ORDINAL.sub("", group) or group


def deployer(group: str) -> str:
    for prefix in _DEPLOYERS:
        if group.startswith(prefix):
            return prefix
    return "上级党组织"


def xun(inspection) -> str:
    """巡视 or 巡察: the word of the inspection's kind (a 巡视 by a provincial committee is
    never called 巡察 in its report)."""
    return "巡视" if getattr(inspection, "kind", "") == InspectionKind.XUNSHI else "巡察"


def in_kind(text: str, inspection) -> str:
    """The default wording (written for a 巡察) in the inspection's word."""
    return text.replace("巡察", "巡视") if xun(inspection) == "巡视" else text


def issuing_body(inspection) -> str:
    """The body that issues the report: the installing bureau's setting, else the
    inspected unit as the ledger records it (never the demo's name)."""
    return (settings.RECTIFICATION_REPORT_ISSUING_BODY or "").strip() or inspection.inspected_unit


def default_title(inspection) -> str:
    word = xun(inspection)
    round_part = (inspection.round_name or "").strip()
    if not round_part:
        round_part = word
    elif not round_part.endswith(word):
        round_part += word
    return f"{issuing_body(inspection)}关于{round_part}整改进展情况的通报"


def problem_core(title: str) -> str:
    """The problem's words without 关于…问题整改落实情况 around them."""
    core = (title or "").strip().rstrip("。.")
    if core.startswith("关于"):
        core = core[2:]
    for tail in ("问题整改落实情况", "问题整改情况", "问题"):
        if core.endswith(tail) and len(core) > len(tail):
            core = core[: -len(tail)]
            break
    return core


def _sentence(text: str) -> str:
    """The text ending as a sentence: 。 added unless it ends with one (inside quotes too)."""
    text = text.strip()
    bare = text.rstrip("".join(_CLOSING_QUOTES))
    if text and not bare.endswith(_SENTENCE_END):
        text += "。"
    return text


def _fill(text: str, counts: dict, rules: list[str]) -> str:
    for token, key in PLACEHOLDERS.items():
        text = text.replace(token, str(counts[key]))
    if RULES_PLACEHOLDER in text:
        named = "、".join(f"《{r}》" for r in rules) + "等制度" if rules else "相关制度"
        text = text.replace(RULES_PLACEHOLDER, named)
    return text


def paragraphs(text: str, counts: dict, rules: list[str]) -> list[dict]:
    """Narrative text -> paragraphs; a line opening with （一） gets its heading as ``lead``."""
    out = []
    for line in (text or "").splitlines():
        line = _fill(line.strip(), counts, rules)
        if not line:
            continue
        match = _INLINE_HEADING.match(line)
        if match:
            rest = line[match.end() :]
            cut = rest.find("。")
            label = f"（{match.group(1)}）"
            if cut >= 0:
                out.append({"lead": label + rest[: cut + 1], "text": rest[cut + 1 :]})
            else:
                out.append({"lead": label + rest, "text": ""})
        else:
            out.append({"lead": "", "text": line})
    return out


def default_narrative(inspection) -> dict:
    return {
        "work_done": in_kind(DEFAULT_WORK_DONE, inspection),
        "next_steps": in_kind(DEFAULT_NEXT_STEPS, inspection),
        "closing": in_kind(DEFAULT_CLOSING, inspection),
        "contact_phone": settings.RECTIFICATION_REPORT_CONTACT_PHONE,
        "contact_mailbox": settings.RECTIFICATION_REPORT_CONTACT_MAILBOX,
        "contact_email": settings.RECTIFICATION_REPORT_CONTACT_EMAIL,
        # The report states the measures (total and closed) unless the office turns it off.
        "state_measures": True,
        "signature": issuing_body(inspection),
        "problem_texts": {},
        "category_notes": {},
    }


# --- the ledger, read once ---------------------------------------------------------------


def _load(inspection):
    categories = list(Category.objects.filter(inspection=inspection).order_by("sort_order", "id"))
    problems = list(
        Problem.objects.filter(inspection=inspection)
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "measures",
                queryset=Measure.objects.order_by("sort_order", "id").prefetch_related(
                    Prefetch("updates", queryset=ProgressUpdate.objects.order_by("created_at")),
                    Prefetch("outputs", queryset=MeasureOutput.objects.order_by("issued_on")),
                ),
            )
        )
    )
    return categories, problems


def _measure_text(measure) -> str:
    updates = list(measure.updates.all())
    return (updates[-1].text if updates else measure.content).strip()


def _problem_entry(problem, label: str, narrative: dict, counts: dict, rules: list[str]) -> dict:
    measures = list(problem.measures.all())
    override = (narrative.get("problem_texts") or {}).get(str(problem.pk), "")
    outputs = [o for m in measures for o in m.outputs.all()]
    if override.strip():
        paras = paragraphs(override, counts, rules)
    else:
        texts = [_sentence(_measure_text(m)) for m in measures if _measure_text(m)]
        if len(texts) > 1:
            texts = [
                t if _ORDINAL_START.match(t) else f"{cn_number(i)}是{t}"
                for i, t in enumerate(texts, 1)
            ]
        paras = [{"lead": "", "text": t} for t in texts]
        said = "".join(t for t in texts)
        unsaid = [o.title for o in outputs if o.title not in said]
        if unsaid:
            paras.append(
                {"lead": "", "text": "制定出台了" + "、".join(f"《{t}》" for t in unsaid) + "。"}
            )
    closed = sum(1 for m in measures if m.status == MeasureStatus.CLOSED)
    if problem.status == ProblemStatus.CLOSED:
        status_text = "目前，该问题已整改完成。"
    elif closed:
        status_text = f"目前，该问题{len(measures)}项整改措施已完成{closed}项，其余正在推进。"
    else:
        status_text = "目前，该问题正在推进整改。"
    if paras and not paras[-1]["lead"]:
        paras[-1]["text"] = _sentence(paras[-1]["text"]) + status_text
    else:
        paras.append({"lead": "", "text": status_text})
    return {
        "id": problem.pk,
        "number": problem.number,
        "label": label,
        "title": problem.title,
        "lead": f"{label}关于{problem_core(problem.title)}问题整改落实情况。",
        "status": "closed" if problem.status == ProblemStatus.CLOSED else "open",
        "measures": len(measures),
        "measures_closed": closed,
        "outputs": [o.title for o in outputs],
        "paragraphs": paras,
    }


def _category_entries(categories, problems, narrative, counts, rules) -> list[dict]:
    children: dict = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    by_category: dict = {}
    for problem in problems:
        by_category.setdefault(problem.category_id, []).append(problem)

    def subtree(category) -> list:
        found = list(by_category.get(category.pk, []))
        for child in children.get(category.pk, []):
            found.extend(subtree(child))
        return found

    notes = narrative.get("category_notes") or {}
    running = 0
    entries = []
    for i, top in enumerate(children.get(None, []), 1):
        entry = {
            "id": top.pk,
            "label": f"（{cn_number(i)}）",
            "title": top.title,
            "note": paragraphs(notes.get(str(top.pk), ""), counts, rules),
            "problems": [],
            "children": [],
        }
        subs = children.get(top.pk, [])
        nested = bool(subs)
        for problem in by_category.get(top.pk, []):
            running += 1
            label = f"（{running}）" if nested else f"{running}."
            entry["problems"].append(_problem_entry(problem, label, narrative, counts, rules))
        for j, sub in enumerate(subs, 1):
            child = {
                "id": sub.pk,
                "label": f"{j}.",
                "title": sub.title,
                "note": paragraphs(notes.get(str(sub.pk), ""), counts, rules),
                "problems": [],
            }
            for problem in subtree(sub):
                running += 1
                child["problems"].append(
                    _problem_entry(problem, f"（{running}）", narrative, counts, rules)
                )
            entry["children"].append(child)
        entries.append(entry)
    return entries


# --- the report ---------------------------------------------------------------------------


def counts_sentence(counts: dict) -> str:
    """ "3个方面18个问题，…" and, where the 方面 hold sub-categories, "3个方面9类18个问题"."""
    subs = counts.get("subcategories") or 0
    return (
        f"{counts['categories']}个方面{f'{subs}类' if subs else ''}{counts['problems']}个问题，"
        f"已完成{counts['problems_closed']}个，正在推进{counts['problems_open']}个"
    )


def measures_sentence(counts: dict) -> str:
    if not counts.get("measures"):
        return ""
    return f"；制定整改措施{counts['measures']}项，已完成销号{counts['measures_closed']}项"


def accountability_sentence(counts: dict) -> str:
    """The people held to account and the counts by form, in the office's words."""
    people = counts["people_held_to_account"]
    if not people:
        return ""
    by_form = counts.get("accountability_by_form")
    if by_form is None:  # counts from before the office's list: name the codes now
        from ..models import AccountabilityType

        names = dict(AccountabilityType.objects.values_list("code", "name"))
        by_form = [
            {"name": names.get(code, code), "count": n}
            for code, n in counts["accountability_by_kind"].items()
        ]
    parts = [f"{row['name']}{row['count']}人次" for row in by_form if row["count"]]
    detail = f"（其中{'、'.join(parts)}）" if parts else ""
    return f"；追责问责{people}人{detail}"


def opening(inspection, counts: dict, *, state_measures: bool = True) -> str:
    group = inspection.inspection_group
    unit = inspection.inspected_unit
    word = xun(inspection)
    period = cn_period(inspection.period_start, inspection.period_end)
    measures = measures_sentence(counts) if state_measures else ""
    return (
        f"根据{deployer(group)}统一部署，{period}，"
        f"{group}对{unit}进行了{word}。{cn_date(inspection.feedback_on)}，{short_group(group)}向{unit}"
        f"反馈了{word}意见。截至目前，反馈的{counts_sentence(counts)}{measures}"
        f"{accountability_sentence(counts)}。"
        f"按照党务公开原则和{word}工作有关要求，现将{word}整改进展情况予以公布。"
    )


def contact_lines(narrative: dict) -> list[dict]:
    lines = []
    for key, label in (
        ("contact_phone", "联系方式：电话"),
        ("contact_mailbox", "邮政信箱："),
        ("contact_email", "电子邮箱："),
    ):
        value = (narrative.get(key) or "").strip()
        if value:
            lines.append(label + value)
    return [
        {"lead": "", "text": line + ("。" if i == len(lines) - 1 else "；")}
        for i, line in enumerate(lines)
    ]


def compose(inspection, narrative: dict | None = None, *, title: str = "", signed_on=None) -> dict:
    """The report for ``inspection`` as data; ``narrative`` falls back to the defaults."""
    merged = default_narrative(inspection)
    merged.update({k: v for k, v in (narrative or {}).items() if v is not None})
    counts = ledger_counts(inspection)
    categories, problems = _load(inspection)
    rules = []
    for problem in problems:
        for measure in problem.measures.all():
            for output in measure.outputs.all():
                if output.kind == OutputKind.RULE and output.title not in rules:
                    rules.append(output.title)
    signed_on = signed_on or timezone.localdate()
    group = short_group(inspection.inspection_group)
    return {
        "version": STRUCTURE_VERSION,
        "inspection_id": inspection.pk,
        "title": title or default_title(inspection),
        "opening": opening(
            inspection, counts, state_measures=merged.get("state_measures", True) is not False
        ),
        "counts": counts,
        "counts_sentence": counts_sentence(counts),
        "work_done": {
            "heading": "一、整改工作开展情况",
            "paragraphs": paragraphs(merged["work_done"], counts, rules),
        },
        "feedback": {
            "heading": f"二、{group}反馈意见整改落实情况",
            "categories": _category_entries(categories, problems, merged, counts, rules),
        },
        "next_steps": {
            "heading": "三、下一步努力方向",
            "paragraphs": paragraphs(merged["next_steps"], counts, rules),
        },
        "closing": paragraphs(merged["closing"], counts, rules) + contact_lines(merged),
        "signature": (merged.get("signature") or inspection.inspected_unit).strip(),
        "date": cn_date(signed_on),
        "signed_on": signed_on.isoformat(),
    }


def blocks(report: dict) -> list[dict]:
    """The report as a flat list of paragraphs with their 公文 style, in reading order.

    style: title | body | h1 (一、 黑体) | h2 (（一） 楷体) | h3 (1. body font) | signature | date.
    A body paragraph may open with ``lead``, an inline （一） heading set in 楷体.
    """
    out = [{"style": "title", "lead": "", "text": report["title"]}]
    out.append({"style": "body", "lead": "", "text": report["opening"]})
    out.append({"style": "h1", "lead": "", "text": report["work_done"]["heading"]})
    out += [{"style": "body", **p} for p in report["work_done"]["paragraphs"]]
    out.append({"style": "h1", "lead": "", "text": report["feedback"]["heading"]})
    for category in report["feedback"]["categories"]:
        out.append({"style": "h2", "lead": "", "text": category["label"] + category["title"]})
        out += [{"style": "body", **p} for p in category["note"]]
        for problem in category["problems"]:
            out.append({"style": "h3", "lead": "", "text": problem["lead"]})
            out += [{"style": "body", **p} for p in problem["paragraphs"]]
        for child in category.get("children", []):
            out.append({"style": "h3", "lead": "", "text": child["label"] + child["title"]})
            out += [{"style": "body", **p} for p in child["note"]]
            for problem in child["problems"]:
                out.append({"style": "h3", "lead": "", "text": problem["lead"]})
                out += [{"style": "body", **p} for p in problem["paragraphs"]]
    out.append({"style": "h1", "lead": "", "text": report["next_steps"]["heading"]})
    out += [{"style": "body", **p} for p in report["next_steps"]["paragraphs"]]
    out += [{"style": "body", **p} for p in report["closing"]]
    out.append({"style": "signature", "lead": "", "text": report["signature"]})
    out.append({"style": "date", "lead": "", "text": report["date"]})
    return out
