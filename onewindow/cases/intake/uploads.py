"""Checks on an applicant's uploaded material, from its CONTENT, before anything is stored.

Accepted: PDF, JPEG, PNG, OFD (GB/T 33190, a ZIP with a root ``OFD.xml``), DOCX and
XLSX. The kind is judged from the bytes (magic numbers, and for a ZIP the parts it
holds); the file name's extension must then agree with it, so a PDF renamed ``.jpg`` is
refused ("文件内容与扩展名不符"). SVG, HTML, executables and anything unrecognised are
refused. A DOCX/XLSX/OFD is a ZIP of XML parts and gets the same treatment as the
catalogue's Excel import (``core.zipsafety``): the ZIP directory's declared sizes are
checked against bomb limits before anything is inflated, macros, ActiveX, embedded OLE
packages and external links (remote templates, data connections) are refused, and no XML
part, whatever its name, may carry a DTD.

Nothing here writes; ``documents.store`` takes a :class:`CheckedUpload`.

Limits are settings with defaults in constants.py: CASES_UPLOAD_MAX_BYTES (per file),
CASES_UPLOAD_MAX_FILES (per case), CASES_UPLOAD_MAX_UNCOMPRESSED_BYTES,
CASES_UPLOAD_MAX_RATIO and CASES_UPLOAD_MAX_ENTRIES (per ZIP-based file).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.core import zipsafety
from onewindow.core.errors import InvalidInput
from onewindow.core.pii.masking import mask_text
from onewindow.core.zipsafety import MB, OLE_MAGIC, ZIP_ERRORS, ZIP_MAGIC, megabytes

from .. import constants


@dataclass(frozen=True)
class Kind:
    code: str
    extensions: tuple[str, ...]
    content_type: str
    label: str


KINDS = {
    k.code: k
    for k in (
        Kind("pdf", ("pdf",), "application/pdf", "PDF"),
        Kind("jpeg", ("jpg", "jpeg"), "image/jpeg", "JPG"),
        Kind("png", ("png",), "image/png", "PNG"),
        Kind("ofd", ("ofd",), "application/ofd", "OFD"),
        Kind(
            "docx",
            ("docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "DOCX",
        ),
        Kind(
            "xlsx",
            ("xlsx",),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "XLSX",
        ),
    )
}
ALLOWED_EXTENSIONS = frozenset(ext for kind in KINDS.values() for ext in kind.extensions)
# For <input type="file" accept=...>: a hint for the browser only; the server decides.
ACCEPT_ATTRIBUTE = ",".join(f".{ext}" for ext in sorted(ALLOWED_EXTENSIONS))

PDF_MAGIC = b"%PDF-"
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE (.exe, .dll, .scr)
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",  # Mach-O, both byte orders, 32 and 64 bits
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal, Java class
    b"#!",  # scripts
)
OTHER_ARCHIVE_MAGIC = (
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
    b"\x1f\x8b",  # gzip
    b"BZh",
    b"\xfd7zXZ\x00",
)

_RELS_MAX = 1 * MB
_RELATIONSHIP = re.compile(r"<(?:\w+:)?Relationship\b[^>]*>", re.IGNORECASE)
_EXTERNAL = re.compile(r"""\bTargetMode\s*=\s*["']External["']""", re.IGNORECASE)
_TYPE = re.compile(r"""\bType\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_MARKUP_HINTS = (b"<html", b"<!doctype html", b"<script", b"<body", b"<head", b"<iframe")


def _setting(name: str) -> int:
    return int(getattr(settings, name, getattr(constants, name)))


def max_bytes() -> int:
    return _setting("CASES_UPLOAD_MAX_BYTES")


def max_files() -> int:
    return _setting("CASES_UPLOAD_MAX_FILES")


def accepted_kinds_text() -> str:
    return "、".join(dict.fromkeys(kind.label for kind in KINDS.values()))


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed every check: its bytes, digest and the kind found in them."""

    name: str
    data: bytes
    kind: str
    content_type: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


# -- names ---------------------------------------------------------------------------


def clean_name(name) -> str:
    """The file's own name for display: no folders, no control characters, no full ID
    number or phone, 200 characters at most."""
    text = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C").strip().strip(".")
    text = mask_text(text)  # "身份证370502….pdf": the name is shown on staff pages too
    if not text:
        return "file"
    if len(text) > 200:
        stem, dot, ext = text.rpartition(".")
        text = (stem[: 199 - len(ext)] + dot + ext) if dot and len(ext) <= 10 else text[:200]
    return text


def extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


# -- checks --------------------------------------------------------------------------


def check_size(size: int) -> None:
    """Refuse an empty or oversized file; called before the file is read."""
    if size <= 0:
        raise InvalidInput(_("上传的文件是空的，请重新选择。"))
    if size > max_bytes():
        raise InvalidInput(
            _("文件过大（%(size)s MB），每个文件不能超过 %(limit)s MB。")
            % {"size": megabytes(size), "limit": megabytes(max_bytes())}
        )


def check_count(count: int) -> None:
    """Refuse more files on one case than the limit allows."""
    if count > max_files():
        raise InvalidInput(_("每个办件最多上传 %(n)s 个文件。") % {"n": max_files()})


def check_file(uploaded) -> CheckedUpload:
    """Check a Django ``UploadedFile``: size first, then the content."""
    size = getattr(uploaded, "size", None)
    if size is not None:
        check_size(size)
    chunks = uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]
    data = b"".join(chunks)
    return check(getattr(uploaded, "name", ""), data)


def check(name, data: bytes) -> CheckedUpload:
    """Raise InvalidInput (Chinese) unless ``data`` is an accepted kind matching its name."""
    name = clean_name(name)
    check_size(len(data))
    kind = sniff(data)  # refuses SVG, HTML, executables and unsafe Office files outright
    ext = extension(name)
    if ext not in ALLOWED_EXTENSIONS:
        raise _unsupported(ext)
    if kind is None:
        raise InvalidInput(
            _("无法识别该文件的内容，文件可能已损坏。请上传 %(kinds)s 文件。")
            % {"kinds": accepted_kinds_text()}
        )
    if ext not in KINDS[kind].extensions:
        raise InvalidInput(
            _("文件内容与扩展名不符：文件名为 .%(ext)s，内容却是 %(actual)s 文件。")
            % {"ext": ext, "actual": KINDS[kind].label}
        )
    return CheckedUpload(
        name=name,
        data=data,
        kind=kind,
        content_type=KINDS[kind].content_type,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _unsupported(ext: str) -> InvalidInput:
    if ext in ("svg", "svgz"):
        return _svg()
    if ext in ("htm", "html", "xhtml", "shtml", "mht", "mhtml"):
        return _html()
    shown = f".{ext}" if ext else _("（无扩展名）")
    return InvalidInput(
        _("不支持的文件类型“%(ext)s”，请上传 %(kinds)s 文件。")
        % {"ext": shown, "kinds": accepted_kinds_text()}
    )


def _svg() -> InvalidInput:
    return InvalidInput(_("不接受 SVG 图片（可能含有脚本），请转换为 JPG、PNG 或 PDF 后上传。"))


def _html() -> InvalidInput:
    return InvalidInput(_("不接受网页（HTML）或 XML 文件，请上传 PDF、图片或 Office 文档。"))


def sniff(data: bytes) -> str | None:
    """The accepted kind ``data`` is (a key of KINDS), None if unrecognised.

    Raises InvalidInput for what is recognised and refused: executables, SVG and HTML,
    old or encrypted Office files, other archives, and unsafe ZIP-based documents.
    """
    head = data[:1024]
    if head.startswith(PDF_MAGIC):
        return "pdf"
    if head.startswith(JPEG_MAGIC):
        return "jpeg"
    if head.startswith(PNG_MAGIC) and head[12:16] == b"IHDR":
        return "png"
    if head.startswith(ZIP_MAGIC):
        return _inspect_zip(data)
    if head.startswith(OLE_MAGIC):
        raise InvalidInput(
            _(
                "不接受旧版 Office 文件（.doc、.xls）或加密的文件，请另存为 DOCX、XLSX 或 PDF "
                "后上传。"
            )
        )
    if any(head.startswith(magic) for magic in EXECUTABLE_MAGIC):
        raise InvalidInput(_("不接受可执行程序或脚本文件。"))
    if any(head.startswith(magic) for magic in OTHER_ARCHIVE_MAGIC):
        raise _archive()
    _refuse_markup(head)
    return None


def _refuse_markup(head: bytes) -> None:
    """SVG and HTML in any common encoding: a browser would run their scripts."""
    for encoding in ("utf-8", "utf-16"):
        try:
            text = head.decode(encoding, errors="ignore")
        except LookupError:  # pragma: no cover - both codecs always exist
            continue
        lowered = text.lstrip("\ufeff \t\r\n").lower().encode("ascii", errors="ignore")
        if b"<svg" in lowered:
            raise _svg()
        if lowered.startswith(b"<") or any(hint in lowered for hint in _MARKUP_HINTS):
            raise _html()


def _archive() -> InvalidInput:
    return InvalidInput(_("不接受压缩包，请解压后分别上传其中的文件。"))


WORDING = zipsafety.Wording(
    unreadable=gettext_lazy("文件已损坏，无法读取，请重新生成后上传。"),
    too_many_parts=gettext_lazy("文件包含的部件过多，疑似恶意构造的文件，已拒绝。"),
    encrypted=gettext_lazy("文件已加密，请去掉密码后再上传。"),
    too_large=gettext_lazy(
        "文件解压后过大（疑似压缩炸弹），已拒绝。解压后的内容不能超过 %(limit)s MB。"
    ),
    doctype=gettext_lazy("文件含有不允许的 XML 文档类型定义，已拒绝。"),
)


def _unreadable() -> InvalidInput:
    return InvalidInput(WORDING.unreadable)


def _inspect_zip(data: bytes) -> str:
    archive, entries = zipsafety.open_archive(data, WORDING)
    with archive:
        limits = zipsafety.Limits(
            entries=_setting("CASES_UPLOAD_MAX_ENTRIES"),
            uncompressed_bytes=_setting("CASES_UPLOAD_MAX_UNCOMPRESSED_BYTES"),
            ratio=_setting("CASES_UPLOAD_MAX_RATIO"),
        )
        zipsafety.check_directory(entries, limits, WORDING)
        names = {entry.filename.lower() for entry in entries}
        kind = _zip_kind(names)
        _check_active_content(archive, names)
        zipsafety.check_no_doctypes(archive, entries, WORDING)
        for entry in entries:
            if entry.filename.lower().endswith(".rels"):  # OPC finds these by name
                _check_relationships(archive, entry)
    return kind


def _zip_kind(names: set[str]) -> str:
    if "ofd.xml" in names:
        return "ofd"
    if "[content_types].xml" in names:
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "ppt/presentation.xml" in names:
            raise InvalidInput(_("不接受 PowerPoint 演示文稿，请另存为 PDF 后上传。"))
    raise _archive()


def _macros() -> InvalidInput:
    return InvalidInput(
        _("不接受含有宏或控件的 Office 文件，请另存为普通的 DOCX 或 XLSX 后再上传。")
    )


def _check_active_content(archive: zipfile.ZipFile, names: set[str]) -> None:
    if zipsafety.has_macro_parts(names):
        raise _macros()
    if any("/embeddings/" in name and name.endswith(".bin") for name in names):
        raise InvalidInput(_("不接受嵌入了程序包或 OLE 对象的文档，请删除嵌入对象后再上传。"))
    if zipsafety.has_external_data(names):
        raise _external()
    if "[content_types].xml" in names:
        entry = next(i for i in archive.infolist() if i.filename.lower() == "[content_types].xml")
        if zipsafety.declares_macros(_read(archive, entry, _RELS_MAX)):
            raise _macros()


def _external() -> InvalidInput:
    return InvalidInput(_("文件含有外部链接或数据连接（如远程模板），请删除后再上传。"))


def _read(archive: zipfile.ZipFile, entry, limit: int) -> bytes:
    if entry.file_size > limit:
        raise InvalidInput(_("文件中的部件异常庞大，疑似恶意构造的文件，已拒绝。"))
    try:
        with archive.open(entry) as stream:
            return stream.read(limit + 1)[:limit]
    except ZIP_ERRORS as exc:
        raise _unreadable() from exc


def _check_relationships(archive: zipfile.ZipFile, entry) -> None:
    """Only hyperlinks may point outside the file (no remote templates, frames, OLE)."""
    text = _read(archive, entry, _RELS_MAX).decode("utf-8", errors="replace")
    for tag in _RELATIONSHIP.findall(text):
        if not _EXTERNAL.search(tag):
            continue
        kind = _TYPE.search(tag)
        if kind is None or not kind.group(1).lower().endswith("/hyperlink"):
            raise _external()
