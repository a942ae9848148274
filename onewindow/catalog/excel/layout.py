"""The workbook layout shared by the export, the empty template and the import.

The import reads exactly what the export writes, so a catalogue can be exported, edited
in Excel and imported again. Each sheet is a list of columns; ``key`` is the name the
catalogue's services use (``ItemVersion`` field, material / form-field / step key).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..constants import ApplicantType, FieldType, ItemKind, LifeEvent, MaterialForm, MaterialSource

# Column kinds: how a cell is written and how strictly it is read back.
TEXT = "text"
INT = "int"
MONEY = "money"
DATE = "date"
BOOL = "bool"
CHOICE = "choice"
MULTI = "multi"  # several choices joined by "、"
LIST = "list"  # free values joined by "；"

# The workbook is a data format: always written and read in the platform's source language
# (Chinese), whatever language the page is shown in, so that any export can be imported.
WORKBOOK_LANGUAGE = "zh-hans"

YES, NO = _("是"), _("否")
MULTI_SEPARATOR = "、"
LIST_SEPARATOR = "；"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int = 16
    kind: str = TEXT
    required: bool = False
    choices: type | None = None  # a TextChoices class for CHOICE and MULTI


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    columns: tuple[Column, ...]

    def headers(self) -> list[str]:
        return [str(c.header) for c in self.columns]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)


ITEM_CODE = Column("item_code", _("事项编码"), 24, required=True)
ORDER = Column("order", _("序号"), 8, INT, required=True)

ITEMS = Sheet(
    "items",
    _("事项"),
    (
        Column("code", _("事项编码"), 24, required=True),
        Column("name", _("事项名称"), 36, required=True),
        Column("department", _("实施部门"), 24, required=True),
        Column("kind", _("事项类型"), 14, CHOICE, required=True, choices=ItemKind),
        Column("applicant_type", _("服务对象"), 22, CHOICE, choices=ApplicantType),
        Column("legal_basis", _("设定依据"), 40),
        Column("applicant_scope", _("申请人范围"), 30),
        Column("conditions", _("受理条件"), 40),
        Column("statutory_limit_days", _("法定办结时限（工作日）"), 14, INT, required=True),
        Column("promised_limit_days", _("承诺办结时限（工作日）"), 14, INT, required=True),
        Column("fee", _("收费标准（元）"), 12, MONEY),
        Column("fee_basis", _("收费依据"), 24),
        Column("place", _("办理地点"), 30),
        Column("hours", _("办理时间"), 24),
        Column("enquiry_phone", _("咨询电话"), 16),
        Column("complaint_phone", _("投诉电话"), 16),
        Column("online_url", _("网上办理地址"), 30),
        Column("visits_needed", _("到现场次数"), 10, INT),
        Column("life_events", _("主题分类"), 20, MULTI, choices=LifeEvent),
        Column("valid_from", _("生效日期"), 12, DATE),
        Column("valid_to", _("失效日期"), 12, DATE),
    ),
)

MATERIALS = Sheet(
    "materials",
    _("申请材料"),
    (
        ITEM_CODE,
        ORDER,
        Column("name", _("材料名称"), 30, required=True),
        Column("material_type", _("标准材料"), 24),
        Column("form", _("形式"), 14, CHOICE, choices=MaterialForm),
        Column("copies", _("份数"), 8, INT),
        Column("source", _("来源"), 16, CHOICE, choices=MaterialSource),
        Column("required", _("必要"), 8, BOOL),
        Column("conditional_eligible", _("可容缺"), 8, BOOL),
        Column("note", _("说明"), 30),
    ),
)

STEPS = Sheet(
    "steps",
    _("办理环节"),
    (
        ITEM_CODE,
        ORDER,
        Column("name", _("环节名称"), 20, required=True),
        Column("description", _("说明"), 40),
    ),
)

FORM_FIELDS = Sheet(
    "form_fields",
    _("表单字段"),
    (
        ITEM_CODE,
        ORDER,
        Column("key", _("字段标识"), 20, required=True),
        Column("label", _("字段名称"), 20, required=True),
        Column("field_type", _("类型"), 16, CHOICE, choices=FieldType),
        Column("required", _("必填"), 8, BOOL),
        Column("choices", _("可选值"), 30, LIST),
        Column("max_length", _("最大长度"), 10, INT),
    ),
)

# The sheets the import reads, in the order errors are reported.
DATA_SHEETS = (ITEMS, MATERIALS, STEPS, FORM_FIELDS)
CHILD_SHEETS = (MATERIALS, STEPS, FORM_FIELDS)

# Sheets the export adds for people to read; the import skips them.
BUNDLES = Sheet(
    "bundles",
    _("一件事"),
    (
        Column("code", _("一件事编码"), 20),
        Column("name", _("一件事名称"), 36),
        Column("lead_department", _("牵头部门"), 24),
        Column("at_general_window", _("在综合窗口办理"), 14, BOOL),
        Column("promised_limit_days", _("承诺办结时限（工作日）"), 14, INT),
        Column("items", _("包含事项编码"), 40, LIST),
        Column("steps", _("办理环节"), 40, LIST),
        Column("materials_separately", _("分别办理材料数"), 14, INT),
        Column("materials_merged", _("合并后材料数"), 14, INT),
        Column("material_reduction", _("材料精简率"), 12),
    ),
)
LIST_ENTRIES = Sheet(
    "list_entries",
    _("清单"),
    (
        Column("list", _("清单"), 12),
        Column("code", _("编码"), 24),
        Column("name", _("名称"), 36),
        Column("department", _("实施部门"), 24),
        Column("level", _("下沉层级"), 10),
        Column("added_on", _("列入日期"), 12, DATE),
    ),
)
README_TITLE = _("填写说明")
INFO_SHEET_TITLES = (BUNDLES.title, LIST_ENTRIES.title, README_TITLE)


def choice_labels(choices) -> list[str]:
    return [str(label) for _value, label in choices.choices]
