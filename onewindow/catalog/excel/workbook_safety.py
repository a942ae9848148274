"""Checks on an uploaded workbook BEFORE any XML is parsed.

An .xlsx file is a ZIP of XML parts, so an upload can be a ZIP bomb (a few hundred KB
that inflate to gigabytes), a macro workbook, a workbook that pulls data from other
files, an XML entity bomb, or not a workbook at all under an .xlsx name. Everything here
reads the ZIP directory and at most the prologue of each XML part; the type is judged
from the content, never from the file name.

Python's ``zipfile`` never inflates an entry past the size its directory declares (a lie
ends in a CRC error), so the declared sizes checked here bound what openpyxl can read.
"""

import io
import re
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

from onewindow.core.errors import InvalidInput

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc, and encrypted Office files
REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
MB = 1024 * 1024

# A ratio this high is not seen in real sheets; entries below the floor are too small to
# matter (a tiny part can have a high ratio and still inflate to nothing).
_RATIO_FLOOR_BYTES = 1 * MB
_PROLOGUE = re.compile(r"\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*)*", re.DOTALL)
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError)
_CHUNK = 16 * 1024
_PROLOGUE_MAX = 256 * 1024


def max_upload_bytes() -> int:
    return getattr(settings, "CATALOG_IMPORT_MAX_BYTES", 5 * MB)


def max_uncompressed_bytes() -> int:
    return getattr(settings, "CATALOG_IMPORT_MAX_UNCOMPRESSED_BYTES", 50 * MB)


def max_ratio() -> int:
    return getattr(settings, "CATALOG_IMPORT_MAX_RATIO", 100)


def max_entries() -> int:
    return getattr(settings, "CATALOG_IMPORT_MAX_ENTRIES", 1000)


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f}".rstrip("0").rstrip(".")


def check_size(size: int) -> None:
    """Refuse an empty or oversized upload; called before the file is even read."""
    if size <= 0:
        raise InvalidInput(_("上传的文件是空的，请选择填写好的 Excel 工作簿（.xlsx）。"))
    if size > max_upload_bytes():
        raise InvalidInput(
            _("文件过大（%(size)s MB），导入的工作簿不能超过 %(limit)s MB。")
            % {"size": _megabytes(size), "limit": _megabytes(max_upload_bytes())}
        )


def _not_a_workbook() -> InvalidInput:
    return InvalidInput(
        _("该文件不是 Excel 工作簿（.xlsx），请下载导入模板，填写后另存为 .xlsx 再上传。")
    )


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
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (*_ZIP_ERRORS, ValueError) as exc:
        raise _not_a_workbook() from exc
    with archive:
        _check_directory(entries)
        names = {entry.filename for entry in entries}
        _check_kind(names)
        _check_content_types(archive)
        for entry in entries:
            if entry.filename.endswith((".xml", ".rels", ".vml")):
                _check_no_doctype(archive, entry)


def _check_directory(entries) -> None:
    if len(entries) > max_entries():
        raise InvalidInput(_("工作簿包含的部件过多，疑似恶意构造的文件，已拒绝。"))
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise InvalidInput(_("工作簿已加密，请去掉密码后再上传。"))
        total += entry.file_size
        ratio_suspect = (
            entry.file_size > _RATIO_FLOOR_BYTES
            and entry.file_size > max_ratio() * max(entry.compress_size, 1)
        )
        if ratio_suspect or total > max_uncompressed_bytes():
            raise InvalidInput(
                _("工作簿解压后过大（压缩炸弹），已拒绝。解压后的内容不能超过 %(limit)s MB。")
                % {"limit": _megabytes(max_uncompressed_bytes())}
            )


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
    if any(name.endswith("vbaproject.bin") or "/activex/" in name for name in lowered):
        raise _macros()
    if any(
        name.startswith("xl/externallinks/") or name == "xl/connections.xml" for name in lowered
    ):
        raise InvalidInput(_("工作簿含有外部链接或数据连接，请删除后再上传。"))


def _check_content_types(archive: zipfile.ZipFile) -> None:
    # Small by nature; a bloated one was already refused by the size checks.
    text = archive.read("[Content_Types].xml").decode("utf-8", errors="replace").lower()
    if "macroenabled" in text or "vbaproject" in text:
        raise _macros()


def _check_no_doctype(archive: zipfile.ZipFile, entry) -> None:
    """Refuse a DTD (entity bombs, external entities): read only up to the root element."""
    buffer = ""
    try:
        with archive.open(entry) as stream:
            while len(buffer) <= _PROLOGUE_MAX:
                chunk = stream.read(_CHUNK)
                buffer += chunk.decode("utf-8", errors="replace")
                text = buffer.lstrip("\ufeff")
                rest = text[_PROLOGUE.match(text).end() :]
                if rest.upper().startswith("<!DOCTYPE"):
                    raise InvalidInput(_("工作簿含有不允许的 XML 文档类型定义，已拒绝。"))
                if len(rest) > 1 and rest[0] == "<" and rest[1] not in "!?":
                    return  # reached the root element: no DTD
                if rest and not rest.startswith("<"):
                    raise _not_a_workbook()
                if not chunk:
                    return  # an empty or prologue-only part: openpyxl will judge it
    except _ZIP_ERRORS as exc:
        raise _not_a_workbook() from exc
    raise _not_a_workbook()  # a prologue this long is not something Excel writes
