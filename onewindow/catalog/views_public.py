"""The public catalogue under /services/: browse, search and the printable guides.

Thin: selectors and ``search`` do the reading; pages need no login. An unknown code raises
NotFound in the selector, which the DomainErrorMiddleware turns into a 404 page.
"""

from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from onewindow.core.errors import NotFound
from onewindow.org import selectors as org_selectors

from . import search as catalog_search
from . import selectors
from .constants import ApplicantType, DelegationLevel, LifeEvent, ReformList

PER_PAGE = 30
SEARCH_LIMIT = 50
LIVE_SEARCH_LIMIT = 10

# A short line under each list's name on the catalogue home.
LIST_NOTES = {
    ReformList.CHAIN: gettext_lazy("多个事项一次告知、一表申请、一窗受理、一链办结"),
    ReformList.CONDITIONAL: gettext_lazy("非核心材料暂缺，签署承诺后先行受理"),
    ReformList.HIGH_FREQUENCY: gettext_lazy("群众和企业办理最多的事项"),
    ReformList.DELEGATED: gettext_lazy("在镇街、社区、村就近办理"),
    ReformList.INSTANT: gettext_lazy("系统自动核验，即报即批"),
}
LIST_ICONS = {
    ReformList.CHAIN: "link-45deg",
    ReformList.CONDITIONAL: "clipboard-check",
    ReformList.HIGH_FREQUENCY: "fire",
    ReformList.DELEGATED: "house-heart",
    ReformList.INSTANT: "lightning-charge",
}
EVENT_ICONS = {
    LifeEvent.BIRTH: "balloon-heart",
    LifeEvent.EDUCATION: "mortarboard",
    LifeEvent.EMPLOYMENT: "briefcase",
    LifeEvent.MARRIAGE: "heart",
    LifeEvent.HOUSING: "house",
    LifeEvent.MEDICAL: "hospital",
    LifeEvent.SOCIAL_SECURITY: "shield-check",
    LifeEvent.ELDERLY: "person-hearts",
    LifeEvent.RESIDENCE: "person-vcard",
    LifeEvent.TRANSPORT: "car-front",
    LifeEvent.AGRICULTURE: "flower1",
    LifeEvent.STARTUP: "shop",
    LifeEvent.OPERATION: "patch-check",
    LifeEvent.CONSTRUCTION: "building",
    LifeEvent.TAX: "receipt",
    LifeEvent.CLOSURE: "door-closed",
}


def _home_crumb() -> dict:
    return {"label": _("办事指南"), "url": reverse("catalog:browse")}


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def _choice(value, choices) -> str:
    """``value`` if it is one of ``choices`` (a TextChoices), else ""."""
    return value if value in choices.values else ""


@require_GET
def browse(request):
    counts = selectors.list_counts()
    lists = [
        {
            "code": code,
            "label": label,
            "count": counts.get(code, 0),
            "note": LIST_NOTES.get(code, ""),
            "icon": LIST_ICONS.get(code, "list-ul"),
        }
        for code, label in ReformList.choices
    ]
    # Departments with published items, and how many: one grouped query.
    per_department = {
        row["department_id"]: row["n"]
        for row in selectors.published_items()
        .order_by()
        .values("department_id")
        .annotate(n=Count("pk"))
    }
    departments = [
        (department, per_department[department.pk])
        for department in selectors.active_departments()
        if department.pk in per_department
    ]
    events = [
        {"code": code, "label": label, "icon": EVENT_ICONS.get(code, "grid")}
        for code, label in LifeEvent.choices
    ]
    context = {
        "lists": lists,
        "total_items": sum(per_department.values()),
        "departments": departments,
        "events": events,
        "list_choices": ReformList.choices,
    }
    return render(request, "catalog/public/browse.html", context)


@require_GET
@vary_on_headers("HX-Request")
def search(request):
    q = catalog_search.clean_query(request.GET.get("q", ""))
    list_code = _choice(request.GET.get("list", ""), ReformList)
    who = request.GET.get("who", "")
    who = who if who in (ApplicantType.PERSON, ApplicantType.ORGANISATION) else ""
    departments = list(selectors.active_departments())
    dept = str(request.GET.get("dept", ""))[:40]
    dept = dept if any(d.code == dept for d in departments) else ""
    online = request.GET.get("online", "") == "1"
    live = bool(getattr(request, "htmx", False))
    hits = catalog_search.search(
        q,
        limit=LIVE_SEARCH_LIMIT if live else SEARCH_LIMIT,
        list_code=list_code or None,
        department=dept or None,
        applicant_type=who or None,
        online_only=online,
    )
    context = {
        "q": q,
        "list_code": list_code,
        "who": who,
        "dept": dept,
        "online": online,
        "departments": departments,
        "who_choices": [
            (ApplicantType.PERSON, _("个人办事")),
            (ApplicantType.ORGANISATION, _("法人办事")),
        ],
        "filtered": bool(list_code or who or dept or online),
        # No words but a filter (个人办事 / 法人办事 from the home page): the items it keeps.
        "page_obj": (
            _page(
                request,
                selectors.published_items(
                    list_code=list_code or None,
                    department=dept or None,
                    applicant_type=who or None,
                    online_only=online,
                ),
            )
            if not q and not live and (list_code or who or dept or online)
            else None
        ),
        "topics": catalog_search.topics(q),
        "hits": hits,
        "live": live,
        "list_choices": ReformList.choices,
        "crumbs": [_home_crumb(), {"label": _("搜索")}],
    }
    if live:
        return render(request, "catalog/public/_search_results.html", context)
    return render(request, "catalog/public/search.html", context)


@require_GET
def list_detail(request, list_code: str):
    if list_code not in ReformList.values:
        raise NotFound(_("没有这个事项清单"))
    level = _choice(request.GET.get("level", ""), DelegationLevel)
    if list_code != ReformList.DELEGATED:
        level = ""
    entries = selectors.list_entries(list_code, level=level or None)
    context = {
        "list_code": list_code,
        "list_label": ReformList(list_code).label,
        "list_note": LIST_NOTES.get(list_code, ""),
        "is_chain": list_code == ReformList.CHAIN,
        "levels": DelegationLevel.choices if list_code == ReformList.DELEGATED else [],
        "level": level,
        "page_obj": _page(request, entries),
        "crumbs": [_home_crumb(), {"label": ReformList(list_code).label}],
    }
    return render(request, "catalog/public/list.html", context)


@require_GET
def department(request, code: str):
    found = (
        org_selectors.departments().filter(code=selectors.lookup_code(code), is_active=True).first()
    )
    if found is None:
        raise NotFound(_("没有这个部门"))
    context = {
        "department": found,
        "page_obj": _page(request, selectors.published_items(department=found)),
        "crumbs": [_home_crumb(), {"label": found.name}],
    }
    return render(request, "catalog/public/department.html", context)


@require_GET
def life_event(request, life_event: str):
    if life_event not in LifeEvent.values:
        raise NotFound(_("没有这个主题"))
    label = LifeEvent(life_event).label
    context = {
        "event_label": label,
        "event_icon": EVENT_ICONS.get(life_event, "grid"),
        "bundles": selectors.published_bundles(life_event=life_event),
        "page_obj": _page(request, selectors.published_items(life_event=life_event)),
        "crumbs": [_home_crumb(), {"label": label}],
    }
    return render(request, "catalog/public/life_event.html", context)


@require_GET
def item_guide(request, code: str):
    version = selectors.item_guide(code)
    item = version.item
    context = {
        "version": version,
        "item": item,
        "materials": version.materials.all(),
        "form_fields": version.form_fields.all(),
        "steps": version.steps.all(),
        "entries": selectors.item_list_entries(item),
        "guide_url": guide_url(request, "item", item.code),
        "life_events": _life_events(version.life_events),
        "crumbs": [
            _home_crumb(),
            {
                "label": item.department.name,
                "url": reverse("catalog:department", args=[item.department.code]),
            },
            {"label": version.name},
        ],
    }
    return render(request, "catalog/public/item_guide.html", context)


@require_GET
def bundle_guide(request, code: str):
    bundle = selectors.bundle_guide(code)
    versions = selectors.bundle_versions(bundle)  # loaded once for the three parts below
    savings = selectors.bundle_savings(bundle, versions)
    context = {
        "bundle": bundle,
        "bundle_items": bundle.bundle_items.all(),
        "materials": selectors.bundle_materials(bundle, versions),
        "form_fields": selectors.bundle_form_fields(bundle, versions),
        "steps": bundle.steps.all(),
        "savings": savings,
        "reduction_percent": savings["material_reduction"] * 100,
        "chart": savings_chart(savings),
        "guide_url": guide_url(request, "bundle", bundle.code),
        "life_events": _life_events(bundle.life_events),
        "crumbs": [
            _home_crumb(),
            {
                "label": ReformList.CHAIN.label,
                "url": reverse("catalog:list", args=[ReformList.CHAIN]),
            },
            {"label": bundle.name},
        ],
    }
    return render(request, "catalog/public/bundle_guide.html", context)


@require_GET
def industry_list(request):
    context = {
        "industries": selectors.industries(),
        "crumbs": [_home_crumb(), {"label": _("一业一证")}],
    }
    return render(request, "catalog/public/industry_list.html", context)


@require_GET
def industry(request, code: str):
    found = selectors.industry(code)
    context = {
        "industry": found,
        "replaced_items": found.replaced_items.all(),
        "crumbs": [
            _home_crumb(),
            {"label": _("一业一证"), "url": reverse("catalog:industry_list")},
            {"label": found.name},
        ],
    }
    return render(request, "catalog/public/industry.html", context)


def guide_url(request, kind: str, code: str) -> str:
    """The absolute address of a guide's online page: what its printed QR code opens."""
    name = "catalog:item_guide" if kind == "item" else "catalog:bundle_guide"
    return request.build_absolute_uri(reverse(name, args=[code]))


def _life_events(codes) -> list[dict]:
    return [
        {"code": code, "label": LifeEvent(code).label}
        for code in codes or []
        if code in LifeEvent.values
    ]


def savings_chart(savings: dict) -> dict:
    """ECharts option: materials and steps done one by one against the bundle."""
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [_("分别办理"), _("一链办理")]},
        "grid": {"left": 40, "right": 20, "top": 40, "bottom": 30},
        "xAxis": {"type": "category", "data": [_("申请材料（份）"), _("办理环节（个）")]},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {
                "name": _("分别办理"),
                "type": "bar",
                "data": [savings["materials_separately"], savings["steps_separately"]],
                "label": {"show": True, "position": "top"},
            },
            {
                "name": _("一链办理"),
                "type": "bar",
                "data": [savings["materials_merged"], savings["steps_merged"]],
                "label": {"show": True, "position": "top"},
            },
        ],
    }
