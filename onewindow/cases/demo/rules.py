"""Instant-approval (秒批) rules for the demo catalogue's items on the 秒批秒办 list.

Every listed item gets the four checks any instant approval needs — the applicant's
identity is valid, no open case of the same item, no broken 容缺 promise, every required
material in — and a few items one more rule over their form or the applicant's age.
Rules are written through ``instant.set_rules`` as the system. Idempotent: an item that
already has rules (the demo's or staff's) is left alone.
"""

from django.db import transaction

from onewindow.catalog.constants import ReformList
from onewindow.catalog.models import ListEntry

from ..constants import InstantRuleKind as K
from ..instant import approval as instant
from ..models import InstantRule

REGION = "37050200"

BASE_RULES = (
    {"kind": K.APPLICANT_VERIFIED},
    {"kind": K.NO_OPEN_CASE},
    {"kind": K.NO_BROKEN_PROMISE},
    {"kind": K.MATERIALS_COMPLETE},
)

# Item code (without the region) -> the rules it adds to BASE_RULES.
EXTRA_RULES = {
    "FGJ-QT-0001": (  # 企业投资项目备案
        {
            "kind": K.NUMBER_AT_MOST,
            "params": {"field": "investment", "value": 10000},
            "message": "总投资超过1亿元的项目，由窗口人工核对备案信息",
        },
    ),
    "STHJ-QT-0001": (  # 建设项目环境影响登记表备案
        {
            "kind": K.NUMBER_AT_MOST,
            "params": {"field": "investment", "value": 5000},
            "message": "总投资超过5000万元的项目，由窗口人工核对是否属于登记表范围",
        },
    ),
    "QYKB-XK-0005": (  # 个体工商户设立登记: 具有完全民事行为能力
        {"kind": K.AGE_BETWEEN, "params": {"min": 18}},
    ),
    "SWJ-GG-0004": (  # 灵活就业人员社会保险费缴纳
        {"kind": K.FIELD_EQUALS, "params": {"field": "insured_type", "value": "灵活就业人员"}},
    ),
    "RSJ-GG-0009": (  # 灵活就业人员参保登记
        {"kind": K.FIELD_EQUALS, "params": {"field": "insured_type", "value": "灵活就业人员"}},
    ),
    "RSJ-GG-0005": (  # 城乡居民基本养老保险参保登记: 年满16周岁
        {"kind": K.AGE_BETWEEN, "params": {"min": 16}},
    ),
    "MZJ-GG-0001": (  # 老年人优待证办理: 60周岁以上
        {"kind": K.AGE_BETWEEN, "params": {"min": 60}},
    ),
}


def rules_for(code: str) -> list[dict]:
    short = code[len(REGION) :] if code.startswith(REGION) else code
    return [dict(rule) for rule in (*BASE_RULES, *EXTRA_RULES.get(short, ()))]


@transaction.atomic
def load_instant_rules() -> dict:
    """Give each item on the 秒批秒办 list without rules its demo rules; returns the counts."""
    entries = (
        ListEntry.objects.filter(list_code=ReformList.INSTANT, item__isnull=False)
        .select_related("item")
        .order_by("item__code")
    )
    items = [entry.item for entry in entries]
    with_rules = set(
        InstantRule.objects.filter(item__in=items).values_list("item_id", flat=True).distinct()
    )
    created = 0
    for item in items:
        if item.pk in with_rules:
            continue
        created += len(instant.set_rules(None, item, rules_for(item.code)))
    return {
        "items": len(items),
        "rules": InstantRule.objects.filter(item__in=items).count(),
        "created": created,
    }
