"""Public API of the service network: departments, sites and the summary counts."""

from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from . import selectors
from .constants import SiteKind
from .schemas import DepartmentOut, SiteDetailOut, SiteOut, SummaryOut

router = Router(tags=["机构与服务网络"])


class BoundedPagination(PageNumberPagination):
    """Page numbers with an upper bound, so that a huge page never reaches the database."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000)
        page_size: int | None = Field(None, ge=1, le=100)


class SiteFilter(Schema):
    kind: SiteKind | None = Field(None, description="站点类别")
    parent: int | None = Field(None, ge=1, le=2**62, description="上级站点 id")
    q: str | None = Field(None, max_length=50, description="按名称搜索")


@router.get("/departments", response=list[DepartmentOut], auth=None, summary="部门列表")
def list_departments(request):
    return selectors.departments()


@router.get("/sites", response=list[SiteOut], auth=None, summary="服务站点列表")
@paginate(BoundedPagination)
def list_sites(request, filters: Query[SiteFilter]):
    return selectors.sites(kind=filters.kind, parent=filters.parent, q=filters.q)


@router.get("/sites/{site_id}", response=SiteDetailOut, auth=None, summary="服务站点详情")
def get_site(request, site_id: int):
    site = selectors.site(site_id)
    return {
        **SiteOut.from_orm(site).model_dump(),
        "site_standard": {key: met for key, _label, met in selectors.site_standard_items(site)},
        "windows": list(selectors.windows(site)),
        "terminals": list(selectors.terminals(site)),
        "children": list(selectors.sites(parent=site)),
    }


@router.get("/summary", response=SummaryOut, auth=None, summary="服务网络概况")
def summary(request):
    return selectors.network_summary()
