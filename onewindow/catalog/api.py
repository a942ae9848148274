"""Catalogue API: items, lists, bundles and industries, read by anyone, written by staff.

Reads are public (``auth=None``); writes need a login or a token, and the services decide
whether this user may do it (DomainError → 400/403/404/409 with a Chinese message).
"""

from django.db.models import Q
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from onewindow.core.api_support import AUTH_STAFF
from onewindow.core.errors import NotFound

from . import selectors, services
from .constants import DelegationLevel, LifeEvent, ReformList
from .models import ServiceItem
from .schemas import (
    BundleDetailOut,
    BundleIn,
    BundleOut,
    GuideOut,
    IndustryDetailOut,
    IndustryIn,
    IndustryOut,
    ItemIn,
    ItemOut,
    ListDetailOut,
    ListOut,
    Message,
    RejectIn,
    VersionOut,
)

router = Router(tags=["政务服务事项"])

_ERRORS = {400: Message, 401: Message, 403: Message, 404: Message, 409: Message}


class BoundedPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000)
        page_size: int | None = Field(None, ge=1, le=100)


class ItemFilter(Schema):
    list: ReformList | None = Field(None, description="清单")
    department: str | None = Field(None, max_length=32, description="实施部门编码")
    level: DelegationLevel | None = Field(None, description="下沉层级")
    life_event: LifeEvent | None = Field(None, description="主题分类")
    q: str | None = Field(None, max_length=50, description="事项名称包含")


def _user(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


# -- reads ------------------------------------------------------------------------------


@router.get("/items", response=list[ItemOut], auth=None, summary="事项列表")
@paginate(BoundedPagination)
def catalog_items(request, filters: Query[ItemFilter]):
    qs = selectors.published_items(
        list_code=filters.list,
        department=filters.department,
        level=filters.level,
        life_event=filters.life_event,
    )
    q = (filters.q or "").replace("\x00", "").strip()  # PostgreSQL refuses NUL in text
    if q:
        qs = qs.filter(Q(name__icontains=q))
    return qs


@router.get("/items/{code}", response={200: GuideOut, 404: Message}, auth=None, summary="办事指南")
def catalog_item(request, code: str):
    return selectors.item_guide(code)


@router.get(
    "/items/{code}/versions",
    response={200: list[VersionOut], 404: Message},
    auth=None,
    summary="事项版本历史",
)
def catalog_item_versions(request, code: str):
    item = ServiceItem.objects.filter(code=selectors.lookup_code(code)).first()
    versions = list(selectors.version_history(_user(request), item)) if item else []
    if not versions:
        raise NotFound()
    return versions


@router.get("/lists", response=list[ListOut], auth=None, summary="事项清单及数量")
def catalog_lists(request):
    counts = selectors.list_counts()
    return [{"code": c, "name": str(ReformList(c).label), "count": counts[c]} for c in counts]


@router.get(
    "/lists/{list_code}", response={200: ListDetailOut, 404: Message}, auth=None, summary="清单详情"
)
def catalog_list(request, list_code: str):
    entries = list(selectors.list_entries(list_code))
    return {
        "code": list_code,
        "name": str(ReformList(list_code).label),
        "count": len(entries),
        "entries": entries,
    }


@router.get("/bundles", response=list[BundleOut], auth=None, summary="一件事列表")
@paginate(BoundedPagination)
def catalog_bundles(request):
    return selectors.published_bundles()


@router.get(
    "/bundles/{code}",
    response={200: BundleDetailOut, 404: Message},
    auth=None,
    summary="一件事详情",
)
def catalog_bundle(request, code: str):
    bundle = selectors.bundle_guide(code)
    versions = selectors.bundle_versions(bundle)  # loaded once for the three parts below
    return {
        "code": bundle.code,
        "name": bundle.name,
        "description": bundle.description,
        "lead_department": bundle.lead_department,
        "at_general_window": bundle.at_general_window,
        "promised_limit_days": bundle.promised_limit_days,
        "life_events": bundle.life_events,
        "items": [link.item for link in bundle.bundle_items.all()],
        "steps": list(bundle.steps.all()),
        "materials": selectors.bundle_materials(bundle, versions),
        "form_fields": selectors.bundle_form_fields(bundle, versions),
        "savings": selectors.bundle_savings(bundle, versions),
    }


@router.get("/industries", response=list[IndustryOut], auth=None, summary="一业一证行业")
def catalog_industries(request):
    return list(selectors.industries())


@router.get(
    "/industries/{code}",
    response={200: IndustryDetailOut, 404: Message},
    auth=None,
    summary="一业一证行业详情",
)
def catalog_industry(request, code: str):
    return selectors.industry(code)


# -- writes -----------------------------------------------------------------------------


@router.post(
    "/items", response={201: VersionOut, **_ERRORS}, auth=AUTH_STAFF, summary="新建事项（草稿）"
)
def catalog_create_item(request, payload: ItemIn):
    data = payload.dict()
    item = services.create_item(
        request.user,
        code=data["code"],
        department=data["department"],
        guide=data["guide"],
        materials=data["materials"],
        form_fields=data["form_fields"],
        steps=data["steps"],
        request=request,
    )
    return Status(201, selectors.latest_version(item))


@router.post(
    "/items/{code}/revisions",
    response={201: VersionOut, **_ERRORS},
    auth=AUTH_STAFF,
    summary="新建修订版本",
)
def catalog_start_revision(request, code: str):
    item = selectors.editable_item(request.user, code)
    return Status(201, services.start_revision(request.user, item, request=request))


def _version_action(action: str, summary: str, service):
    """POST /versions/{id}/<action>: a version the user manages (else 404) through ``service``."""

    def endpoint(request, version_id: int):
        version = selectors.editable_version(request.user, version_id)
        return service(request.user, version, request=request)

    # The name gives the OpenAPI operationId that clients already use.
    endpoint.__name__ = f"catalog_{action}_version"
    return router.post(
        f"/versions/{{version_id}}/{action}",
        response={200: VersionOut, **_ERRORS},
        auth=AUTH_STAFF,
        summary=summary,
    )(endpoint)


catalog_submit_version = _version_action("submit", "提交审核", services.submit_for_review)
catalog_publish_version = _version_action("publish", "发布", services.publish)


@router.post(
    "/versions/{version_id}/reject",
    response={200: VersionOut, **_ERRORS},
    auth=AUTH_STAFF,
    summary="退回修改",
)
def catalog_reject_version(request, version_id: int, payload: RejectIn):
    version = selectors.editable_version(request.user, version_id)
    return services.reject(request.user, version, payload.reason, request=request)


@router.post(
    "/bundles", response={201: BundleOut, **_ERRORS}, auth=AUTH_STAFF, summary="新建一件事"
)
def catalog_create_bundle(request, payload: BundleIn):
    data = payload.dict()
    return Status(201, services.create_bundle(request.user, **data, request=request))


@router.post(
    "/industries",
    response={201: IndustryDetailOut, **_ERRORS},
    auth=AUTH_STAFF,
    summary="新建一业一证行业",
)
def catalog_create_industry(request, payload: IndustryIn):
    data = payload.dict()
    return Status(201, services.create_industry(request.user, **data, request=request))
