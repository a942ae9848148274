"""The workbook layout of the rectification ledger (整改台账), shared by export and import.

Three sheets, in the form district offices already keep them:
- 台账: a title row, a header row, then one row per measure; the problem's cells (序号 of the
  problem, 问题类别, 子类别, 问题序号, 问题, 问题表现) are merged over its measure rows.
- 问责情况: one row per person held to account, keyed by 问题序号.
- 巡察信息: the inspection's fields, one per row (项目 | 内容).

The import reads exactly what the export writes (merged cells read as blank, so a blank
problem cell continues the problem above), and also what people type by hand.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Like the catalogue's workbook: always written and read in Chinese, whatever the page's
# language, so that any export can be imported again.
WORKBOOK_LANGUAGE = "zh-hans"

TEXT = "text"
INT = "int"
DATE = "date"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int = 14
    kind: str = TEXT
    # Columns that belong to the problem: merged over its measure rows in the export.
    problem_cell: bool = False
    aliases: tuple[str, ...] = ()

    def names(self) -> set[str]:
        return {str(self.header), *self.aliases}


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    columns: tuple[Column, ...]

    def headers(self) -> list[str]:
        return [str(c.header) for c in self.columns]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


LEDGER = Sheet(
    "ledger",
    _("台账"),
    (
        Column("row_number", _("序号"), 6, INT, problem_cell=True),
        Column(
            "category", _("问题类别"), 16, problem_cell=True, aliases=("方面", "问题类别（方面）")
        ),
        Column("subcategory", _("子类别"), 14, problem_cell=True, aliases=("类", "子类别（类）")),
        Column("number", _("问题序号"), 8, INT, problem_cell=True),
        Column("title", _("问题"), 28, problem_cell=True, aliases=("问题名称",)),
        Column("description", _("问题表现"), 36, problem_cell=True),
        Column("content", _("整改措施"), 44),
        Column("kind", _("整改类型"), 10),
        Column("responsible_leader", _("责任领导"), 12),
        Column("responsible_unit", _("责任股室"), 14),
        Column("due_date", _("完成时限"), 13, DATE),
        Column("progress", _("整改进展"), 36),
        Column("status", _("完成情况"), 10, aliases=("状态", "完成情况（状态）")),
        Column("outputs", _("整改成果"), 30, aliases=("整改成果（制度）", "制度")),
        Column("note", _("备注"), 22),
    ),
)

ACCOUNTABILITY = Sheet(
    "accountability",
    _("问责情况"),
    (
        Column("number", _("问题序号"), 10, INT),
        Column("person_name", _("被问责人"), 14),
        Column("position", _("职务"), 20),
        Column("kind", _("问责方式"), 14),
        Column("decided_on", _("问责日期"), 13, DATE),
        Column("note", _("说明"), 50),
    ),
)

# 巡察信息: (key, label, kind, required)
INFO_TITLE = _("巡察信息")
INFO_HEADERS = (_("项目"), _("内容"))
INFO_FIELDS = (
    ("title", _("名称"), TEXT, True),
    ("round_name", _("巡察轮次"), TEXT, True),
    ("inspection_group", _("巡察组"), TEXT, True),
    ("inspected_unit", _("被巡察单位"), TEXT, True),
    ("period_start", _("巡察开始日期"), DATE, True),
    ("period_end", _("巡察结束日期"), DATE, True),
    ("feedback_on", _("反馈日期"), DATE, True),
    ("report_due_on", _("整改报告期限"), DATE, False),
)

SHEET_TITLES = (LEDGER.title, ACCOUNTABILITY.title, INFO_TITLE)

# The 台账's title row: "<巡察名称>反馈问题整改落实台账".
LEDGER_TITLE_SUFFIX = _("反馈问题整改落实台账")
ACCOUNTABILITY_TITLE_SUFFIX = _("问责情况")

# In 整改成果 one output per line: "《名称》", "文件：《名称》（文号，2020-04-15）", "其他成果：…".
OUTPUT_SEPARATOR = "\n"
# 整改进展: one progress update per line.
PROGRESS_SEPARATOR = "\n"
# 备注 may carry a target bound to a live figure: "考核指标：<名称>（<code>）不低于 90".
TARGET_PREFIX = _("考核指标")
# Extra labels people use in 完成情况 for the two plain states.
STATUS_ALIASES = {
    "已完成": "closed",
    "已整改": "closed",
    "完成": "closed",
    "已整改到位": "closed",
    "推进中": "in_progress",
    "正在整改": "in_progress",
    "整改中": "in_progress",
}
