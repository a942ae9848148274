"""API schemas of the org app (public reference data: no personal data here)."""

from ninja import Field, Schema

from .constants import DepartmentKind, SiteKind, WindowKind


class DepartmentOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: DepartmentKind
    approves_construction: bool = Field(description="是否为工程建设项目审批部门")


class SiteOut(Schema):
    id: int
    code: str
    name: str
    kind: SiteKind
    parent_id: int | None
    address: str
    phone: str
    hours: str
    online_url: str
    is_standardisation_pilot: bool


class WindowOut(Schema):
    number: str
    name: str
    kind: WindowKind
    department: str | None = None
    zone: str
    is_party_member_post: bool

    @staticmethod
    def resolve_department(obj) -> str | None:
        return obj.department.name if obj.department_id else None


class TerminalOut(Schema):
    code: str
    location: str
    installed_on: str | None = None

    @staticmethod
    def resolve_installed_on(obj) -> str | None:
        return obj.installed_on.isoformat() if obj.installed_on else None


class SiteDetailOut(SiteOut):
    site_standard: dict[str, bool] = Field(description="六有一能达标情况")
    windows: list[WindowOut]
    terminals: list[TerminalOut]
    children: list[SiteOut]


class WindowCountsOut(Schema):
    total: int
    general: int
    specialised: int
    party_member_posts: int


class DepartmentCountsOut(Schema):
    total: int
    bureau_unit: int
    stationed: int
    construction: int


class SummaryOut(Schema):
    sites: dict[SiteKind, int] = Field(description="各类服务站点数量")
    pilots: int = Field(description="便民服务标准化建设试点数量")
    terminals: int = Field(description="智能化自助服务终端数量")
    terminals_by_kind: dict[SiteKind, int] = Field(description="各类站点布设的终端数量")
    windows: WindowCountsOut
    departments: DepartmentCountsOut
