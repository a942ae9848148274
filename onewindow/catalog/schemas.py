"""API schemas of the catalogue: items and guides, lists, bundles, industries."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from .constants import (
    ApplicantType,
    DelegationLevel,
    FieldType,
    ItemKind,
    LifeEvent,
    MaterialForm,
    MaterialSource,
    ReformList,
    VersionStatus,
)

_CODE = {"max_length": 64, "description": "编码（最长64个字符）"}
_DAYS = {"ge": 0, "le": 32767}


class Message(Schema):
    detail: str
    errors: dict = {}


class DepartmentRef(Schema):
    code: str
    name: str


class ItemRef(Schema):
    code: str
    name: str


class MaterialOut(Schema):
    name: str
    material_type: str
    form: MaterialForm
    copies: int
    source: MaterialSource
    required: bool
    conditional_eligible: bool = Field(description="可容缺")
    note: str

    @staticmethod
    def resolve_material_type(obj):
        return obj.material_type.name


class FormFieldOut(Schema):
    key: str
    label: str
    field_type: FieldType
    required: bool
    choices: list[str]
    max_length: int


class StepOut(Schema):
    name: str
    description: str


class ItemOut(Schema):
    code: str
    name: str
    department: DepartmentRef
    kind: ItemKind | None = None
    statutory_limit_days: int | None = None
    promised_limit_days: int | None = None
    version: int | None = Field(None, description="现行版本号")

    @staticmethod
    def resolve_kind(obj):
        return obj.published_version.kind if obj.published_version_id else None

    @staticmethod
    def resolve_statutory_limit_days(obj):
        v = obj.published_version
        return v.statutory_limit_days if v else None

    @staticmethod
    def resolve_promised_limit_days(obj):
        v = obj.published_version
        return v.promised_limit_days if v else None

    @staticmethod
    def resolve_version(obj):
        v = obj.published_version
        return v.number if v else None


class GuideOut(Schema):
    code: str
    department: DepartmentRef
    number: int = Field(description="版本号")
    status: VersionStatus
    name: str
    kind: ItemKind
    applicant_type: ApplicantType
    legal_basis: str
    applicant_scope: str
    conditions: str
    statutory_limit_days: int
    promised_limit_days: int
    fee: Decimal
    fee_basis: str
    place: str
    hours: str
    enquiry_phone: str
    complaint_phone: str
    online_url: str
    visits_needed: int
    life_events: list[str]
    valid_from: date | None
    valid_to: date | None
    materials: list[MaterialOut]
    form_fields: list[FormFieldOut]
    steps: list[StepOut]
    lists: list[str] = Field(description="所在清单")

    @staticmethod
    def resolve_code(obj):
        return obj.item.code

    @staticmethod
    def resolve_department(obj):
        return obj.item.department

    @staticmethod
    def resolve_materials(obj):
        return list(obj.materials.all())

    @staticmethod
    def resolve_form_fields(obj):
        return list(obj.form_fields.all())

    @staticmethod
    def resolve_steps(obj):
        return list(obj.steps.all())

    @staticmethod
    def resolve_lists(obj):
        return sorted(obj.item.list_entries.values_list("list_code", flat=True))


class VersionOut(Schema):
    id: int
    code: str
    number: int
    status: VersionStatus
    name: str
    change_note: str
    review_note: str
    valid_from: date | None
    valid_to: date | None
    created_by: str | None = None
    created_at: datetime
    published_by: str | None = None
    published_at: datetime | None

    @staticmethod
    def resolve_code(obj):
        return obj.item.code

    @staticmethod
    def resolve_created_by(obj):
        return obj.created_by.display_name if obj.created_by_id else None

    @staticmethod
    def resolve_published_by(obj):
        return obj.published_by.display_name if obj.published_by_id else None


class ListOut(Schema):
    code: ReformList
    name: str
    count: int


class ListEntryOut(Schema):
    item: ItemRef | None = None
    bundle: ItemRef | None = None
    level: DelegationLevel | None = None

    @staticmethod
    def resolve_level(obj):
        return obj.level or None


class ListDetailOut(ListOut):
    entries: list[ListEntryOut]


class BundleOut(Schema):
    code: str
    name: str
    lead_department: DepartmentRef
    at_general_window: bool
    promised_limit_days: int
    life_events: list[str]


class MergedMaterialOut(Schema):
    name: str
    required: bool
    conditional_eligible: bool
    copies: int
    items: list[ItemRef] = Field(description="需要该材料的事项")


class SavingsOut(Schema):
    items: int
    materials_separately: int
    materials_merged: int
    material_reduction: Decimal = Field(description="材料精简比例 0–1")
    steps_separately: int
    steps_merged: int
    steps_saved: int
    meets_target: bool


class BundleDetailOut(BundleOut):
    description: str
    items: list[ItemRef]
    steps: list[StepOut]
    materials: list[MergedMaterialOut]
    form_fields: list[FormFieldOut]
    savings: SavingsOut


class IndustryOut(Schema):
    code: str
    name: str
    lead_department: DepartmentRef
    promised_limit_days: int
    is_pilot: bool


class IndustryDetailOut(IndustryOut):
    notice: str
    replaced_items: list[ItemRef]

    @staticmethod
    def resolve_replaced_items(obj):
        return list(obj.replaced_items.all())


# -- input ----------------------------------------------------------------------------


class GuideIn(Schema):
    name: str = Field(..., max_length=200)
    kind: ItemKind
    applicant_type: ApplicantType = ApplicantType.BOTH
    legal_basis: str = Field("", max_length=5000)
    applicant_scope: str = Field("", max_length=5000)
    conditions: str = Field("", max_length=5000)
    statutory_limit_days: int = Field(..., **_DAYS)
    promised_limit_days: int = Field(..., **_DAYS)
    fee: Decimal = Field(Decimal("0"), ge=0, max_digits=12, decimal_places=2)
    fee_basis: str = Field("", max_length=5000)
    place: str = Field("", max_length=200)
    hours: str = Field("", max_length=200)
    enquiry_phone: str = Field("", max_length=50)
    complaint_phone: str = Field("", max_length=50)
    online_url: str = Field("", max_length=200)
    visits_needed: int = Field(0, **_DAYS)
    life_events: list[LifeEvent] = Field(default_factory=list, max_length=20)
    change_note: str = Field("", max_length=200)


class MaterialIn(Schema):
    name: str = Field(..., max_length=200)
    material_type: str = Field("", max_length=200, description="标准材料名称，默认同材料名称")
    form: MaterialForm = MaterialForm.ORIGINAL
    copies: int = Field(1, ge=1, le=32767)
    source: MaterialSource = MaterialSource.APPLICANT
    required: bool = True
    conditional_eligible: bool = False
    note: str = Field("", max_length=300)


class FormFieldIn(Schema):
    key: str = Field(..., max_length=50)
    label: str = Field(..., max_length=100)
    field_type: FieldType = FieldType.TEXT
    required: bool = True
    choices: list[str] = Field(default_factory=list, max_length=100)
    max_length: int = Field(200, ge=1, le=32767)


class StepIn(Schema):
    name: str = Field(..., max_length=100)
    description: str = Field("", max_length=300)


class ItemIn(Schema):
    code: str = Field(..., **_CODE)
    department: str = Field(..., max_length=32, description="实施部门编码")
    guide: GuideIn
    materials: list[MaterialIn] = Field(default_factory=list, max_length=200)
    form_fields: list[FormFieldIn] = Field(default_factory=list, max_length=200)
    steps: list[StepIn] = Field(default_factory=list, max_length=50)


class RejectIn(Schema):
    reason: str = Field(..., max_length=500)


class BundleIn(Schema):
    code: str = Field(..., **_CODE)
    name: str = Field(..., max_length=200)
    lead_department: str = Field(..., max_length=32, description="牵头部门编码")
    items: list[str] = Field(..., max_length=50, description="事项编码，至少两个")
    steps: list[StepIn] = Field(..., max_length=50)
    at_general_window: bool = False
    promised_limit_days: int = Field(0, **_DAYS)
    description: str = Field("", max_length=5000)
    life_events: list[LifeEvent] = Field(default_factory=list, max_length=20)


class IndustryIn(Schema):
    code: str = Field(..., **_CODE)
    name: str = Field(..., max_length=100)
    lead_department: str = Field(..., max_length=32, description="牵头部门编码")
    replaced_items: list[str] = Field(..., max_length=50, description="整合的许可事项编码")
    notice: str = Field("", max_length=5000)
    promised_limit_days: int = Field(0, **_DAYS)
