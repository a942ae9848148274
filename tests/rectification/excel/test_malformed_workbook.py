"""A bad workbook is refused whole: Chinese errors by sheet, row and column, nothing saved."""

import io
import zipfile

import pytest

from onewindow.core.errors import InvalidInput
from onewindow.rectification.excel.import_ import ImportRefused, import_ledger, validate_only
from onewindow.rectification.models import (
    Accountability,
    Category,
    Inspection,
    LedgerEvent,
    Measure,
    Problem,
)

from .workbooks import LEDGER_HEADERS, build, leader, row, units

pytestmark = pytest.mark.django_db


def _nothing_saved():
    for model in (Inspection, Category, Problem, Measure, Accountability, LedgerEvent):
        assert model.objects.count() == 0, model


def _refused(data) -> list:
    units()
    with pytest.raises(ImportRefused) as refused:
        import_ledger(data, leader())
    _nothing_saved()
    assert "未导入任何内容" in refused.value.message
    return refused.value.row_errors


def _good(*more):
    return [
        row("政治建设方面", "", 1, "学习不深入问题", "建立第一议题制度"),
        row("", "", 2, "党建工作偏少问题", "制定党建工作要点"),
        *more,
    ]


def test_a_file_that_is_not_an_xlsx_is_refused_by_its_content():
    units()
    for data in (b"\xef\xbb\xbf\xe5\xba\x8f\xe5\x8f\xb7,\xe9\x97\xae\xe9\xa2\x98\n", b"%PDF-1.7\n"):
        with pytest.raises(InvalidInput) as refused:
            import_ledger(data, leader())
        assert "不是 Excel 工作簿" in refused.value.message
    _nothing_saved()


def test_a_word_document_renamed_to_xlsx_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    units()
    with pytest.raises(InvalidInput) as refused:
        import_ledger(buffer.getvalue(), leader())
    assert "Word 文档" in refused.value.message
    _nothing_saved()


def test_wrong_headers_are_named():
    headers = [h if h != "完成时限" else "截止日期" for h in LEDGER_HEADERS if h != "责任领导"]
    errors = _refused(build(_good(), headers=headers))

    messages = [e.message for e in errors]
    assert any("截止日期" in m and "不是台账模板中的列" in m for m in messages)
    assert any("缺少列「责任领导」" in m for m in messages)
    assert any("缺少列「完成时限」" in m for m in messages)
    assert {e.sheet for e in errors} == {"台账"} and {e.row for e in errors} == {2}


def test_a_missing_sheet_is_named():
    errors = _refused(build(_good(), sheets=("台账", "问责情况")))
    assert [e.message for e in errors] == ["缺少工作表「巡察信息」"]


def test_every_bad_row_is_reported_with_its_row_and_column():
    errors = _refused(
        build(
            _good(
                row("", "", 3, "大额支出问题", "规范报账流程", due="2020年13月1日"),
                row("", "", 4, "合同执行问题", "落实内控制度", 责任股室="财务股"),
                row("", "", 5, "资产管理问题", "补计固定资产", 整改类型="尽快整改"),
                row("", "", 1, "重复的问题", "另一项措施"),
                row("", "", 6, "缺少时限问题", "某项措施", due=None),
                row("", "", 7, "缺少股室问题", "某项措施", 责任股室=None),
            )
        )
    )

    found = {(e.row, e.column, e.header): e.message for e in errors}
    assert "应为日期" in found[(5, "K", "完成时限")]
    assert (
        "财务股" in found[(6, "J", "责任股室")]
        and "不是系统中的部门" in found[(6, "J", "责任股室")]
    )
    assert "尽快整改" in found[(7, "H", "整改类型")] and "立行立改" in found[(7, "H", "整改类型")]
    assert (
        "问题序号 1 重复" in found[(8, "D", "问题序号")] and "第3行" in found[(8, "D", "问题序号")]
    )
    assert "请填写完成时限" in found[(9, "K", "完成时限")]
    assert "请填写责任股室" in found[(10, "J", "责任股室")]
    assert all(m.startswith(f"第{r}行") for (r, _c, _h), m in found.items())
    assert len(errors) == 6


def test_a_formula_is_refused():
    errors = _refused(build(_good(row("", "", 3, "问题三", "=1+1"))))
    assert errors[0].row == 5 and errors[0].column == "G"
    assert "不能使用公式" in errors[0].message


def test_bad_inspection_information_is_reported_on_its_row():
    info = [
        ("名称", "某巡察"),
        ("巡察轮次", "第一轮"),
        ("巡察组", "区委第一巡察组"),
        ("被巡察单位", "测试局"),
        ("巡察开始日期", "2021-05-01"),
        ("巡察结束日期", "2021-04-01"),
        ("反馈日期", "下个月"),
    ]
    errors = _refused(build(_good(row("", "", 3, "问题三", "某项措施", 责任领导=None)), info=info))

    assert [(e.sheet, e.row, e.header) for e in errors if e.sheet == "台账"] == [
        ("台账", 5, "责任领导")  # the ledger's rows are still checked
    ]
    errors = [e for e in errors if e.sheet == "巡察信息"]
    messages = [(e.row, e.column, e.message) for e in errors]
    assert messages == [
        (7, "B", "巡察结束日期不能早于开始日期"),
        (8, "B", "第8行「反馈日期」应为日期，如 2020-05-31 或 2020年5月31日"),
    ]


def test_validation_alone_saves_nothing_even_for_a_good_workbook():
    units()
    assert validate_only(build(_good()), leader()) == []
    _nothing_saved()
