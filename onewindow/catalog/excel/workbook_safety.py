"""Checks on an uploaded workbook BEFORE any XML is parsed, and the one way to open it.

An .xlsx file is a ZIP of XML parts, so an upload can be a ZIP bomb (a few hundred KB
that inflate to gigabytes), a macro workbook, a workbook that pulls data from other
files, an XML entity bomb, or not a workbook at all under an .xlsx name. The checks read
the ZIP directory and at most the prologue of each XML part (``core.zipsafety``, shared
with the applicants' uploads); the type is judged from the content, never from the name.
"""

import io
from contextlib import contextmanager

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from onewindow.core import zipsafety
from onewindow.core.errors import DomainError, InvalidInput
from onewindow.core.zipsafety import MB, OLE_MAGIC, ZIP_MAGIC, megabytes

REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml")

WORDING = zipsafety.Wording(
    unreadable=gettext_lazy(
        "该文件不是 Excel 工作簿（.xlsx），请下载导入模板，填写后另存为 .xlsx 再上传。"
    ),
    too_many_parts=gettext_lazy("工作簿包含的部件过多，疑似恶意构造的文件，已拒绝。"),
    encrypted=gettext_lazy("工作簿已加密，请去掉密码后再上传。"),
    too_large=gettext_lazy(
        "工作簿解压后过大（压缩炸弹），已拒绝。解压后的内容不能超过 %(limit)s MB。"
    ),
    doctype=gettext_lazy("工作簿含有不允许的 XML 文档类型定义，已拒绝。"),
)


def max_upload_bytes() -> int:
    return getattr(settings, "CATALOG_IMPORT_MAX_BYTES", 5 * MB)


def max_uncompressed_bytes() -> int:
    return getattr(settings, "CATALOG_IMPORT_MAX_UNCOMPRESSED_BYTES", 50 * MB)


def max_ratio() -> int:
    return getattr(settings, "CATALOG_IMPORT_MAX_RATIO", 100)


def max_entries() -> int:
    return getattr(settings, "CATALOG_IMPORT_MAX_ENTRIES", 1000)


def check_size(size: int) -> None:
    """Refuse an empty or oversized upload; called before the file is even read."""
    if size <= 0:
        raise InvalidInput(_("上传的文件是空的，请选择填写好的 Excel 工作簿（.xlsx）。"))
    if size > max_upload_bytes():
        raise InvalidInput(
            _("文件过大（%(size)s MB），导入的工作簿不能超过 %(limit)s MB。")
            % {"size": megabytes(size), "limit": megabytes(max_upload_bytes())}
        )


def _not_a_workbook() -> InvalidInput:
    return InvalidInput(WORDING.unreadable)


def _macros() -> InvalidInput:
    return InvalidInput(_("不接受含有宏或控件的工作簿（.xlsm），请另存为普通的 .xlsx 后再上传。"))


def check_workbook(data: bytes) -> None:
    """Raise InvalidInput with a Chinese message unless ``data`` is a safe plain .xlsx."""
    check_size(len(data))
    if data.startswith(OLE_MAGIC):
        raise InvalidInput(
            _("该文件是旧版 Excel（.xls）或加密的文件，请去掉密码并另存为 .xlsx 后再上传。")
        )
    if not data.startswith(ZIP_MAGIC):
        raise _not_a_workbook()
    archive, entries = zipsafety.open_archive(data, WORDING)
    with archive:
        limits = zipsafety.Limits(max_entries(), max_uncompressed_bytes(), max_ratio())
        zipsafety.check_directory(entries, limits, WORDING)
        names = {entry.filename for entry in entries}
        _check_kind(names)
        # Small by nature; a bloated one was already refused by the size checks.
        if zipsafety.declares_macros(archive.read("[Content_Types].xml")):
            raise _macros()
        zipsafety.check_no_doctypes(archive, entries, WORDING)


def _check_kind(names: set[str]) -> None:
    if "word/document.xml" in names:
        raise InvalidInput(_("该文件是 Word 文档，不是 Excel 工作簿，请上传 .xlsx 文件。"))
    if "ppt/presentation.xml" in names:
        raise InvalidInput(
            _("该文件是 PowerPoint 演示文稿，不是 Excel 工作簿，请上传 .xlsx 文件。")
        )
    if any(part not in names for part in REQUIRED_PARTS):
        raise _not_a_workbook()
    lowered = [name.lower() for name in names]
    if zipsafety.has_macro_parts(lowered):
        raise _macros()
    if zipsafety.has_external_data(lowered):
        raise InvalidInput(_("工作簿含有外部链接或数据连接，请删除后再上传。"))


def _unreadable() -> InvalidInput:
    return InvalidInput(_("无法读取该工作簿：文件已损坏或不是有效的 Excel 工作簿。"))


@contextmanager
def open_workbook(data: bytes):
    """The checked workbook, read-only and without external links, closed afterwards.

    Whatever openpyxl trips over, opening the file or reading its rows inside the block,
    is a bad file (InvalidInput), not a 500; a DomainError raised in the block passes.
    """
    check_workbook(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as exc:
        raise _unreadable() from exc
    try:
        yield book
    except DomainError:
        raise
    except Exception as exc:  # a malformed part found while reading rows
        raise _unreadable() from exc
    finally:
        book.close()
