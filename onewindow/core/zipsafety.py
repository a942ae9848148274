"""Checks on an uploaded ZIP of XML parts (XLSX, DOCX, OFD) before any XML is parsed.

Shared by the applicants' materials (cases/uploads.py) and the Excel imports
(catalog/excel/workbook_safety.py). Everything here reads the ZIP directory and at most
the prologue of an XML part. Python's ``zipfile`` never inflates an entry past the size its
directory declares (a lie ends in a CRC error), so the declared sizes checked here bound
what any later reader can inflate.

Each caller words the refusals for its own kind of document (a :class:`Wording`): the
catalogue speaks of a 工作簿, an applicant's upload of a 文件.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from onewindow.core.errors import InvalidInput

MB = 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, and encrypted Office files
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError)
XML_PART_SUFFIXES = (".xml", ".rels", ".vml")

# A ratio this high is not seen in real documents; entries below the floor are too small
# to matter (a tiny part can have a high ratio and still inflate to nothing).
_RATIO_FLOOR_BYTES = 1 * MB
_PROLOGUE = re.compile(r"\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*)*", re.DOTALL)
_CHUNK = 16 * 1024
_PROLOGUE_MAX = 256 * 1024


@dataclass(frozen=True)
class Limits:
    entries: int
    uncompressed_bytes: int
    ratio: int


@dataclass(frozen=True)
class Wording:
    """One kind of document's refusals, lazy (translated when raised)."""

    unreadable: str
    too_many_parts: str
    encrypted: str
    too_large: str  # takes %(limit)s, in MB
    doctype: str


def megabytes(size: int) -> str:
    return f"{size / MB:.1f}".rstrip("0").rstrip(".")


def open_archive(data: bytes, wording: Wording) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The archive and its directory; InvalidInput ``unreadable`` if it is not a ZIP."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        return archive, archive.infolist()
    except (*ZIP_ERRORS, ValueError) as exc:
        raise InvalidInput(wording.unreadable) from exc


def check_directory(entries, limits: Limits, wording: Wording) -> None:
    """Refuse too many parts, encryption, and a ZIP bomb (by total size and by ratio)."""
    if len(entries) > limits.entries:
        raise InvalidInput(wording.too_many_parts)
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise InvalidInput(wording.encrypted)
        total += entry.file_size
        ratio_suspect = entry.file_size > _RATIO_FLOOR_BYTES and entry.file_size > (
            limits.ratio * max(entry.compress_size, 1)
        )
        if ratio_suspect or total > limits.uncompressed_bytes:
            raise InvalidInput(wording.too_large % {"limit": megabytes(limits.uncompressed_bytes)})


def has_macro_parts(lowered_names) -> bool:
    return any(name.endswith("vbaproject.bin") or "/activex/" in name for name in lowered_names)


def has_external_data(lowered_names) -> bool:
    """Links to other workbooks or data connections (Excel's parts for them)."""
    return any(
        name.startswith("xl/externallinks/") or name == "xl/connections.xml"
        for name in lowered_names
    )


def declares_macros(content_types: bytes) -> bool:
    """``[Content_Types].xml`` naming a macro-enabled document or a VBA project."""
    text = content_types.decode("utf-8", errors="replace").lower()
    return "macroenabled" in text or "vbaproject" in text


def check_no_doctype(archive: zipfile.ZipFile, entry, wording: Wording) -> None:
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
                    raise InvalidInput(wording.doctype)
                if len(rest) > 1 and rest[0] == "<" and rest[1] not in "!?":
                    return  # reached the root element: no DTD
                if rest and not rest.startswith("<"):
                    raise InvalidInput(wording.unreadable)
                if not chunk:
                    return  # an empty or prologue-only part: the reader will judge it
    except ZIP_ERRORS as exc:
        raise InvalidInput(wording.unreadable) from exc
    raise InvalidInput(wording.unreadable)  # a prologue this long is not what editors write
