"""Checks on an uploaded ZIP of XML parts (XLSX, DOCX, OFD) before any XML is parsed.

Shared by the applicants' materials (cases/uploads.py) and the Excel imports
(catalog/excel/workbook_safety.py). Everything here reads the ZIP directory and at most
the prologue of each part (every part that is XML, whatever its name). Python's
``zipfile`` never inflates an entry past the size its directory declares (a lie ends in a
CRC error), so the declared sizes checked here bound what any later reader can inflate.

Each caller words the refusals for its own kind of document (a :class:`Wording`): the
catalogue speaks of a 工作簿, an applicant's upload of a 文件.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass

from onewindow.core.errors import InvalidInput

MB = 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, and encrypted Office files
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError)

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


def check_no_doctypes(archive: zipfile.ZipFile, entries, wording: Wording) -> None:
    """Refuse a DTD in EVERY XML part, whatever it is named.

    A reader finds its parts through relationships and content types, not through file
    names, so a part called ``xl/styles.bin`` or ``customXml/item1`` is parsed as XML all
    the same; the content decides here too.
    """
    for entry in entries:
        check_no_doctype(archive, entry, wording)


def check_no_doctype(archive: zipfile.ZipFile, entry, wording: Wording) -> None:
    """Refuse a DTD (entity bombs, external entities) if the part is XML; pass anything else.

    The part is decoded as an XML parser would (byte order mark, NUL bytes of UTF-16 and
    UTF-32, EBCDIC, the declared encoding) so that ``<!DOCTYPE`` cannot hide in another
    encoding, and read only up to the root element.
    """
    buffer = ""
    decoder = None
    try:
        with archive.open(entry) as stream:
            while len(buffer) <= _PROLOGUE_MAX:
                chunk = stream.read(_CHUNK)
                if decoder is None:
                    decoder, chunk = _xml_decoder(chunk, wording)
                    if decoder is None:
                        return  # not XML: an image, a font, a binary part
                buffer += decoder.decode(chunk, final=not chunk)
                rest = buffer[_PROLOGUE.match(buffer).end() :]
                if rest[:9].upper() == "<!DOCTYPE":
                    raise InvalidInput(wording.doctype)
                if len(rest) > 1 and rest[0] == "<" and rest[1] not in "!?":
                    return  # reached the root element: no DTD
                if rest.startswith("<!") and len(rest) >= 9 and not rest.startswith("<!--"):
                    return  # neither a comment nor a DTD: no parser reads this as XML
                if rest and not rest.startswith("<"):
                    raise InvalidInput(wording.unreadable)
                if not chunk:
                    return  # an empty or prologue-only part: the reader will judge it
    except ZIP_ERRORS as exc:
        raise InvalidInput(wording.unreadable) from exc
    raise InvalidInput(wording.unreadable)  # a prologue this long is not what editors write


# Byte order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_EBCDIC_XML = b"\x4c\x6f\xa7\x94"  # "<?xm" in EBCDIC (XML 1.0, appendix F)
_DECLARED_ENCODING = re.compile(
    r"""<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']{1,40})["']""", re.IGNORECASE
)


def _detected_encoding(head: bytes) -> tuple[str, int]:
    """(codec, length of its mark): how expat and libxml2 guess before any declaration."""
    for mark, codec in _BOMS:
        if head.startswith(mark):
            return codec, len(mark)
    if head.startswith(b"\0\0\0") or head[1:4] == b"\0\0\0":
        return ("utf-32-be" if head.startswith(b"\0") else "utf-32-le"), 0
    if head.startswith(b"\0"):
        return "utf-16-be", 0
    if head[1:2] == b"\0":
        return "utf-16-le", 0
    if head.startswith(_EBCDIC_XML):
        return "cp500", 0
    return "utf-8", 0


def _xml_decoder(head: bytes, wording: Wording):
    """(incremental decoder, the first chunk without its mark), or (None, head) if not XML.

    Without a byte order mark or NUL bytes the declared encoding is the parser's, so it is
    ours too: ``encoding="UTF-7"`` turns ``+ADw-!DOCTYPE`` into ``<!DOCTYPE``. An encoding
    Python does not know is refused (a parser might know it).
    """
    codec, mark = _detected_encoding(head)
    head = head[mark:]
    text = head.decode(codec, errors="replace")
    start = text.lstrip(" \t\r\n")
    if start and not start.startswith("<"):
        return None, head
    declared = _DECLARED_ENCODING.match(text) if text.startswith("<?xml") else None
    if declared and not mark and codec in ("utf-8", "cp500"):
        try:
            codec = codecs.lookup(declared.group(1)).name
        except LookupError as exc:
            raise InvalidInput(wording.unreadable) from exc
    return codecs.getincrementaldecoder(codec)(errors="replace"), head
