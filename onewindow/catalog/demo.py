"""Load the demo catalogue of 东营区 (demo_data/) through the catalogue services.

Everything goes through the same services and validation as staff edits and imports,
with actor=None (the system). Loading is idempotent: items, bundles and industries are
found by code and list entries by (list, item or bundle); what exists is left alone, so
a second run creates nothing, changes nothing and records no audit events. (An item the
staff have revised keeps their versions; the demo never overwrites them.)
"""

import re
from collections import Counter
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.audit import record
from onewindow.core.errors import InvalidInput
from onewindow.org import demo_data as org_data
from onewindow.org.models import Department

from . import services
from .constants import DelegationLevel, ReformList
from .demo_data import DEPARTMENTS, REGION
from .demo_data.bundles import BUNDLES
from .demo_data.industries import INDUSTRIES
from .demo_data.spec import (
    FIELDS,
    KIND_BY_PREFIX,
    MATERIALS,
    ORG_FIELDS,
    PERSON_FIELDS,
    STEP_TEXT,
    STEPS,
)
from .models import Bundle, Industry, ListEntry, ServiceItem

ONLINE_URL = "https://dyq.sd.gov.cn/item/{code}"
COMPLAINT_PHONE = "12345"  # 东营市政务服务便民热线
APPLICANT = {"p": "person", "o": "organisation", "b": "both"}
SCOPE = {
    "p": "具有完全民事行为能力的自然人，可由本人或委托代理人办理",
    "o": "在东营区依法登记的企业、事业单位、社会组织等法人或其他组织",
    "b": "符合条件的自然人、法人或其他组织",
}
LIST_TAGS = {
    "C": (ReformList.CONDITIONAL, ""),
    "H": (ReformList.HIGH_FREQUENCY, ""),
    "I": (ReformList.INSTANT, ""),
    "T": (ReformList.DELEGATED, DelegationLevel.TOWN),
    "M": (ReformList.DELEGATED, DelegationLevel.COMMUNITY),
    "V": (ReformList.DELEGATED, DelegationLevel.VILLAGE),
}
# Where a delegated (下沉) item can also be done.
NEARBY = {
    "T": "各镇街便民服务中心",
    "M": "各镇街、社区便民服务中心",
    "V": "各镇街、社区便民服务中心和村级便民服务站",
}
DEFAULT_MATERIAL = ("original", 1, "applicant", "")
# Optional form fields: everything else an applicant must fill in.
OPTIONAL_FIELDS = {"address", "contact_name", "reason", "staff_count", "area", "spouse_name"}


# --- places and phones ---------------------------------------------------------------
def _places() -> dict[str, str]:
    """Department code -> where in the hall its items are handled."""
    hall = "东营区政务服务中心"
    by_dept: dict[str, tuple[str, list[str]]] = {}
    for number, _name, _kind, dept, zone, _party in org_data.HALL_WINDOWS:
        by_dept.setdefault(dept, (zone, []))[1].append(number)
    places = {}
    for dept, (zone, numbers) in by_dept.items():
        span = numbers[0] if len(numbers) == 1 else f"{numbers[0]}—{numbers[-1]}"
        places[dept] = f"{hall}{zone} {span}窗口"
    general = places["BU-GEN"]
    construction = f"{hall}{org_data.ZONE_CONSTRUCTION} B01—B06综合窗口"
    for code, *_rest, builds in org_data.STATIONED_DEPARTMENTS:
        if builds and code not in places:
            places[code] = construction
    places["BU-CONS"] = construction
    places["BU-STARTUP"] = f"{hall}{org_data.ZONE_STARTUP} C01—C03综合窗口"
    places["BU-MARKET"] = general
    places["ST-JTJ"] = general
    return places


def _phones() -> dict[str, str]:
    """Made-up enquiry numbers in 东营's 0546 area, one per department."""
    codes = [d[0] for d in org_data.BUREAU_UNITS + org_data.STATIONED_DEPARTMENTS]
    return {code: f"0546-83{n * 137 % 100:02d}{600 + n:03d}" for n, code in enumerate(codes, 1)}


# --- items ---------------------------------------------------------------------------
def _material(token: str, item_name: str) -> dict:
    conditional = token.endswith("*")
    optional = token.endswith("?")
    token = token.rstrip("*?")
    name, _, type_name = token.partition("|")
    type_name = type_name or name
    if name == "申请表":
        name = f"{item_name}申请表"
    form, copies, source, note = MATERIALS.get(type_name, DEFAULT_MATERIAL)
    return {
        "name": name,
        "material_type": type_name,
        "form": form,
        "copies": copies,
        "source": source,
        "required": not optional,
        "conditional_eligible": conditional,
        "note": note,
    }


def _form_fields(spec: dict) -> list[dict]:
    extra = (spec.get("fields") or "").split()
    # Founders of a company have no credit code yet: they fill in their own identity.
    organisation = spec["who"] == "o" and "proposed_name" not in extra
    base = ORG_FIELDS if organisation else PERSON_FIELDS
    keys = list(dict.fromkeys([*base, *extra]))
    fields = []
    for key in keys:
        label, field_type, max_length, choices = FIELDS[key]
        fields.append(
            {
                "key": key,
                "label": label,
                "field_type": field_type,
                "required": key not in OPTIONAL_FIELDS,
                "choices": list(choices),
                "max_length": max_length,
            }
        )
    return fields


def _conditions(spec: dict) -> str:
    if spec.get("cond"):
        return spec["cond"]
    law = re.search(r"《[^》]+》", spec["law"])
    basis = law.group(0) if law else "有关法律法规"
    return f"符合{basis}规定的条件，申请材料齐全、符合法定形式"


def _item_payload(dept: str, abbr: str, spec: dict, places, phones) -> dict:
    code = f"{REGION}{abbr}-{spec['code']}"
    kind = KIND_BY_PREFIX[spec["code"].split("-")[0]]
    tags = spec.get("L", "")
    statutory, promised = spec["days"]
    fee, fee_basis = spec.get("fee") or ("0", "不收费")
    place = places.get(dept, places["BU-GEN"])
    for tag in set(tags) & set(NEARBY):
        place += f"；{NEARBY[tag]}可就近办理"
    guide = {
        "name": spec["name"],
        "kind": kind,
        "applicant_type": APPLICANT[spec["who"]],
        "legal_basis": spec["law"],
        "applicant_scope": spec.get("scope") or SCOPE[spec["who"]],
        "conditions": _conditions(spec),
        "statutory_limit_days": statutory,
        "promised_limit_days": promised,
        "fee": Decimal(fee),
        "fee_basis": fee_basis,
        "place": place,
        "hours": org_data.HALL["hours"],
        "enquiry_phone": phones[dept],
        "complaint_phone": COMPLAINT_PHONE,
        "online_url": ONLINE_URL.format(code=code),
        "visits_needed": spec.get("visits", 0 if "I" in tags else 1),
        "life_events": (spec.get("ev") or "").split(),
    }
    step_names = spec.get("steps") or STEPS["instant" if "I" in tags else kind]
    materials = [_material(t, spec["name"]) for t in spec["mats"].split()]
    payload = {
        "code": code,
        "department": dept,
        "guide": guide,
        "materials": materials,
        "form_fields": _form_fields(spec),
        "steps": [{"name": s, "description": STEP_TEXT.get(s, "")} for s in step_names],
        "lists": [LIST_TAGS[t] for t in tags],
    }
    _check_item(payload)
    return payload


def _check_item(payload: dict) -> None:
    """Mistakes in the demo data itself (the services validate everything else)."""
    code, materials = payload["code"], payload["materials"]
    types = [m["material_type"] for m in materials]
    if len(types) != len(set(types)):
        raise ValueError(f"{code}: a material type appears twice")
    lists = [name for name, _level in payload["lists"]]
    if len(lists) != len(set(lists)):
        raise ValueError(f"{code}: listed twice on one list")
    if ReformList.CONDITIONAL in lists and not any(m["conditional_eligible"] for m in materials):
        raise ValueError(f"{code}: on 容缺受理 without a material eligible for it")


def item_payloads() -> list[dict]:
    """Every demo item as the keyword arguments of services.create_item, plus its lists."""
    places, phones = _places(), _phones()
    payloads = [
        _item_payload(dept, abbr, spec, places, phones)
        for dept, abbr, specs in DEPARTMENTS
        for spec in specs
    ]
    for key in ("code", "name"):
        seen = [p["code"] if key == "code" else p["guide"]["name"] for p in payloads]
        if len(seen) != len(set(seen)):
            raise ValueError(f"duplicate item {key} in the demo data")
    return payloads


# --- bundles and industries -----------------------------------------------------------
def bundle_payloads(items: list[dict]) -> list[dict]:
    """Every demo bundle, its items given by code."""
    by_name = {p["guide"]["name"]: p for p in items}
    payloads = []
    for spec in BUNDLES:
        members = [by_name[name] for name in spec["items"]]
        days = spec["promised_limit_days"]
        if days is None:  # parallel approval: as long as the slowest item
            days = max(m["guide"]["promised_limit_days"] for m in members)
        payloads.append(
            {
                "code": spec["code"],
                "name": spec["name"],
                "lead_department": spec["lead"],
                "items": [m["code"] for m in members],
                "steps": [{"name": n, "description": d} for n, d in spec["steps"]],
                "at_general_window": spec["at_general_window"],
                "promised_limit_days": days,
                "description": spec["description"],
                "life_events": spec["life_events"],
            }
        )
    return payloads


def _notice(industry: str, members: list[dict]) -> str:
    materials = []  # each standard material once; the combined form replaces the 申请表
    for member in members:
        for material in member["materials"]:
            name = material["material_type"]
            if name != "申请表" and name not in materials and material["required"]:
                materials.append(name)
    names = "、".join(f"“{m['guide']['name']}”" for m in members)
    return (
        f"在东营区开办{industry}实行“一业一证”改革：将{names}等{len(members)}项许可整合为"
        f"一张行业综合许可证，一次告知、一表申请、一窗受理、一并审查、一证准营。"
        f"申请人填写《{industry}行业综合许可申请表》，一次提交以下材料："
        f"{'；'.join(materials)}。综合许可证载明各项许可信息，与原许可证具有同等效力。"
    )


def industry_payloads(items: list[dict]) -> list[dict]:
    by_name = {p["guide"]["name"]: p for p in items}
    payloads = []
    for code, name, lead, replaced, days in INDUSTRIES:
        members = [by_name[n] for n in replaced]
        payloads.append(
            {
                "code": code,
                "name": name,
                "lead_department": lead,
                "replaced_items": [m["code"] for m in members],
                "notice": _notice(name, members),
                "promised_limit_days": days,
            }
        )
    return payloads


# --- loading ---------------------------------------------------------------------------
@transaction.atomic
def load_catalogue() -> dict:
    """Create what is missing of the demo catalogue; returns the counts."""
    items = item_payloads()
    bundles = bundle_payloads(items)
    industries = industry_payloads(items)
    departments = {d.code: d for d in Department.objects.all()}
    needed = {p["department"] for p in items}
    needed |= {p["lead_department"] for p in bundles + industries}
    if needed - set(departments):
        missing = "、".join(sorted(needed - set(departments)))
        raise InvalidInput(_("请先载入机构与服务网络，缺少部门：%(codes)s") % {"codes": missing})
    created = {"items": 0, "bundles": 0, "industries": 0, "list_entries": 0}

    existing = set(ServiceItem.objects.values_list("code", flat=True))
    for payload in items:
        if payload["code"] in existing:
            continue
        services.create_item(
            None,
            code=payload["code"],
            department=departments[payload["department"]],
            guide=payload["guide"],
            materials=payload["materials"],
            form_fields=payload["form_fields"],
            steps=payload["steps"],
            publish=True,
        )
        created["items"] += 1
    by_code = {i.code: i for i in ServiceItem.objects.filter(code__in=[p["code"] for p in items])}

    existing = set(Bundle.objects.values_list("code", flat=True))
    for payload in bundles:
        if payload["code"] in existing:
            continue
        services.create_bundle(
            None,
            code=payload["code"],
            name=payload["name"],
            lead_department=departments[payload["lead_department"]],
            items=[by_code[c] for c in payload["items"]],
            steps=payload["steps"],
            at_general_window=payload["at_general_window"],
            promised_limit_days=payload["promised_limit_days"],
            description=payload["description"],
            life_events=payload["life_events"],
            publish=True,
        )
        created["bundles"] += 1
    bundle_by_code = {
        b.code: b for b in Bundle.objects.filter(code__in=[p["code"] for p in bundles])
    }

    existing = set(Industry.objects.values_list("code", flat=True))
    for payload in industries:
        if payload["code"] in existing:
            continue
        services.create_industry(
            None,
            code=payload["code"],
            name=payload["name"],
            lead_department=departments[payload["lead_department"]],
            replaced_items=[by_code[c] for c in payload["replaced_items"]],
            notice=payload["notice"],
            promised_limit_days=payload["promised_limit_days"],
        )
        created["industries"] += 1

    created["list_entries"] = _load_list_entries(items, bundles, by_code, bundle_by_code)
    return {
        "items": len(items),
        "bundles": len(bundles),
        "industries": len(industries),
        "list_entries": ListEntry.objects.count(),
        "created": sum(created.values()),
    }


def _load_list_entries(items, bundles, item_by_code, bundle_by_code) -> int:
    """Put the items and bundles on their lists: the missing entries, in one batch.

    add_to_list's one audit event per entry would double the load time, so the entries are
    checked with the same rules (the model's choices and constraints, and the list rules),
    written together and audited as one event, as org.demo does for the network.
    """
    on_lists = set(ListEntry.objects.values_list("list_code", "item__code", "bundle__code"))
    wanted = []
    for payload in items:
        for list_code, level in payload["lists"]:
            if (list_code, payload["code"], None) not in on_lists:
                item = item_by_code[payload["code"]]
                wanted.append(ListEntry(list_code=list_code, item=item, level=level))
    for payload in bundles:
        if (ReformList.CHAIN, None, payload["code"]) not in on_lists:
            bundle = bundle_by_code[payload["code"]]
            wanted.append(ListEntry(list_code=ReformList.CHAIN, bundle=bundle))
    if not wanted:
        return 0
    today = timezone.localdate()
    for entry in wanted:
        entry.added_on = today
        _check_entry(entry)
        entry.full_clean()  # choices, and the item-or-bundle and uniqueness constraints
    ListEntry.objects.bulk_create(wanted)
    counts = Counter(str(ReformList(e.list_code).label) for e in wanted)
    record(
        "catalog.list_add",
        object_type=ListEntry._meta.label_lower,
        object_id="demo",
        after=dict(counts),
        summary=_("载入演示清单：%(counts)s")
        % {"counts": "，".join(f"{label}{n}项" for label, n in counts.items())},
    )
    return len(wanted)


def _check_entry(entry) -> None:
    """services.add_to_list's rules: bundles only on 一链办理, a level only for 下沉."""
    if (entry.list_code == ReformList.CHAIN) != (entry.bundle is not None):
        raise ValueError(f"{entry}: 一链办理 holds bundles, the other lists items")
    if (entry.list_code == ReformList.DELEGATED) != (entry.level in DelegationLevel.values):
        raise ValueError(f"{entry}: a 下沉 entry needs a level, other entries none")
