"""Ledger workbooks built in the tests with openpyxl, the way an office would type them."""

import io
from datetime import date

from openpyxl import Workbook

from onewindow.accounts.constants import Role
from tests.accounts.factories import DepartmentFactory, UserFactory

LEDGER_HEADERS = [
    "序号",
    "问题类别",
    "子类别",
    "问题序号",
    "问题",
    "问题表现",
    "整改措施",
    "整改类型",
    "责任领导",
    "责任股室",
    "完成时限",
    "整改进展",
    "完成情况",
    "整改成果",
    "备注",
]
ACCOUNTABILITY_HEADERS = ["问题序号", "被问责人", "职务", "问责方式", "问责日期", "说明"]
INFO = [
    ("名称", "区委第九巡察组对测试局党组的巡察"),
    ("巡察轮次", "区委第九轮巡察"),
    ("巡察组", "区委第九巡察组"),
    ("被巡察单位", "中共测试局党组"),
    ("巡察开始日期", date(2021, 3, 1)),
    ("巡察结束日期", "2021年5月28日"),
    ("反馈日期", "2021-07-12"),
]


def units():
    """The bureau's units the workbooks name (by full name or short name)."""
    return {
        "office": DepartmentFactory(code="BU-OFFICE", name="办公室", short_name="办公室"),
        "general": DepartmentFactory(code="BU-GEN", name="综合受理股", short_name="综合窗口"),
        "construction": DepartmentFactory(
            code="BU-CONS", name="工程建设项目审批股", short_name="工程建设"
        ),
        "hall": DepartmentFactory(code="BU-HALL", name="政务服务大厅管理股", short_name="大厅督查"),
        "party": DepartmentFactory(code="BU-PARTY", name="党建室", short_name="党建室"),
    }


def leader():
    return UserFactory(role=Role.LEADER, display_name="陈建国")


def row(category="", subcategory="", number=None, title="", measure="", **more):
    """One 台账 row as a dict keyed by header; unnamed cells stay blank."""
    values = {
        "问题类别": category,
        "子类别": subcategory,
        "问题序号": number,
        "问题": title,
        "整改措施": measure,
    }
    defaults = {"整改类型": "限期整改", "责任领导": "陈建国", "责任股室": "办公室"}
    if measure:
        values.update(defaults)
        values["完成时限"] = more.pop("due", "2021-09-30")
    values.update(more)
    return values


def build(
    rows,
    *,
    accountability=(),
    info=INFO,
    headers=LEDGER_HEADERS,
    title_row=True,
    sheets=("台账", "问责情况", "巡察信息"),
) -> bytes:
    book = Workbook()
    book.remove(book.active)
    if "台账" in sheets:
        ws = book.create_sheet("台账")
        if title_row:
            ws.append(["测试局巡察反馈问题整改落实台账"])
        ws.append(list(headers))
        for values in rows:
            ws.append([values.get(h) if values.get(h) != "" else None for h in headers])
    if "问责情况" in sheets:
        ws = book.create_sheet("问责情况")
        ws.append(ACCOUNTABILITY_HEADERS)
        for values in accountability:
            ws.append(list(values))
    if "巡察信息" in sheets:
        ws = book.create_sheet("巡察信息")
        ws.append(["项目", "内容"])
        for label, value in info:
            ws.append([label, value])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
