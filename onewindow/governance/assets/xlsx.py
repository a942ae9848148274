"""A streaming reader of an .xlsx workbook's first worksheet: rows of plain values.

The finance centre's ledger of 50,000 assets took openpyxl 10–40 s to read (its cell
objects, and a pure-Python XML handler under defusedxml); issue 14 wants the whole
reconciliation under 5 s. An .xlsx is a zip of XML parts, and a ledger needs only the
cell values, so this reads the parts directly with lxml's ``iterparse``:

- ``xl/workbook.xml`` and its relationships: which part is the first worksheet, and
  whether dates count from 1904;
- ``xl/sharedStrings.xml``: the strings that cells of type ``s`` point at (rich-text runs
  joined, phonetic guides ``rPh`` left out, as Excel shows them);
- ``xl/styles.xml``: which cell styles are date formats, so a date cell reads as a date;
- the worksheet itself, row by row, each row cleared once read (memory stays flat).

Values: ``None`` for an empty cell, ``str`` for text (shared, inline, formula results),
``Decimal`` for numbers (exactly as written in the file, no float rounding), ``bool``,
``date``/``datetime`` for date-formatted numbers and ISO date cells, and the error text
(``#N/A``) for error cells. Rows keep their sheet row numbers and their cells' columns,
so a caller can report errors by row and column.

Untrusted input: entities are not resolved, no network or DTD is loaded, libxml2's limits
stay on (no ``huge_tree``), and a part larger than ``MAX_PART_BYTES`` unpacked is refused.
Anything unreadable raises ``InvalidInput`` with one Chinese message, never a 500.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.utils.translation import gettext as _
from lxml import etree

from onewindow.core.errors import InvalidInput

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_PART_BYTES = 512 * 1024 * 1024  # unpacked; a 200,000-row ledger is about 40 MB

# Built-in number formats that are dates or times (ECMA-376 18.8.30), plus the CJK ones.
DATE_FORMAT_IDS = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)})
# A custom format is a date when, outside quotes, brackets and escapes, it has y/m/d/h/s.
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
_DATE_TOKENS = re.compile(r"[ymdhsYMDHSeg]|上午|下午|年|月|日")
_DIGITS = "0123456789"


def unreadable() -> InvalidInput:
    return InvalidInput(_("无法读取该文件，请上传 .xlsx 格式的核算中心资产台账"))


def _parse(stream, tag=None):
    return etree.iterparse(
        stream,
        events=("end",),
        tag=tag,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _clear(element):
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def column_index(letters: str) -> int:
    """0-based index of a column's letters: A → 0, Z → 25, AA → 26."""
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


class Workbook:
    """The parts of one workbook this reader needs; use ``rows()`` for the first sheet."""

    def __init__(self, data: bytes):
        try:
            self.zip = zipfile.ZipFile(BytesIO(data))
            self.names = set(self.zip.namelist())
            self.sheet_part, self.date1904 = self._first_sheet()
            self.strings = self._shared_strings()
            self.date_styles = self._date_styles()
        except InvalidInput:
            raise
        except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, zlib.error, EOFError) as exc:
            raise unreadable() from exc
        except (ValueError, OSError, NotImplementedError, RuntimeError) as exc:
            raise unreadable() from exc

    def _open(self, name: str):
        info = self.zip.getinfo(name)
        if info.file_size > MAX_PART_BYTES:
            raise InvalidInput(_("文件过大，无法读取"))
        return self.zip.open(info)

    def _first_sheet(self) -> tuple[str, bool]:
        with self._open("xl/workbook.xml") as f:
            root = etree.parse(f, _parser()).getroot()
        pr = root.find(f"{MAIN}workbookPr")
        date1904 = pr is not None and pr.get("date1904") in ("1", "true")
        targets = {}
        rels = "xl/_rels/workbook.xml.rels"
        if rels in self.names:
            with self._open(rels) as f:
                for rel in etree.parse(f, _parser()).getroot().iter(f"{PKG_REL}Relationship"):
                    if rel.get("Type", "").endswith("/worksheet"):
                        target = rel.get("Target", "")
                        if target.startswith("/"):
                            target = target[1:]
                        else:
                            target = posixpath.normpath(posixpath.join("xl", target))
                        targets[rel.get("Id")] = target
        sheets = root.find(f"{MAIN}sheets")
        for sheet in sheets if sheets is not None else ():
            target = targets.get(sheet.get(f"{REL}id"))
            if target in self.names:
                return target, date1904
        if "xl/worksheets/sheet1.xml" in self.names:
            return "xl/worksheets/sheet1.xml", date1904
        raise unreadable()

    def _shared_strings(self) -> list[str]:
        name = "xl/sharedStrings.xml"
        if name not in self.names:
            return []
        strings = []
        t, r = f"{MAIN}t", f"{MAIN}r"
        with self._open(name) as f:
            for _event, si in _parse(f, tag=f"{MAIN}si"):
                strings.append(_text_of(si, t, r))
                _clear(si)
        return strings

    def _date_styles(self) -> frozenset[int]:
        """Indexes of the cell styles (cellXfs) whose number format is a date or time."""
        name = "xl/styles.xml"
        if name not in self.names:
            return frozenset()
        with self._open(name) as f:
            root = etree.parse(f, _parser()).getroot()
        custom = {}
        fmts = root.find(f"{MAIN}numFmts")
        for fmt in fmts if fmts is not None else ():
            code = _FORMAT_NOISE.sub("", fmt.get("formatCode", ""))
            custom[_int(fmt.get("numFmtId"))] = bool(_DATE_TOKENS.search(code))
        xfs = root.find(f"{MAIN}cellXfs")
        dates = set()
        for i, xf in enumerate(xfs if xfs is not None else ()):
            fmt_id = _int(xf.get("numFmtId"))
            if custom.get(fmt_id, fmt_id in DATE_FORMAT_IDS):
                dates.add(i)
        return frozenset(dates)

    def rows(self) -> Iterator[tuple[int, dict[int, object]]]:
        """(row number, {0-based column: value}) of the first sheet, empty cells left out."""
        try:
            yield from self._rows()
        except InvalidInput:
            raise
        except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, zlib.error, EOFError) as exc:
            raise unreadable() from exc
        except (ValueError, OSError, IndexError, OverflowError, InvalidOperation) as exc:
            raise unreadable() from exc

    def only(self, columns) -> None:
        """From the next row on, read only these 0-based columns (None: all). A ledger
        with twenty columns needs four; the others are skipped before their values."""
        self.wanted = frozenset(columns) if columns is not None else None

    wanted = None

    def _rows(self):
        C, V, IS, T, R = f"{MAIN}c", f"{MAIN}v", f"{MAIN}is", f"{MAIN}t", f"{MAIN}r"
        strings, date_styles = self.strings, self.date_styles
        epoch = datetime(1904, 1, 1) if self.date1904 else datetime(1899, 12, 31)
        columns: dict[str, int] = {}
        expected = 0
        with self._open(self.sheet_part) as f:
            for _event, row in _parse(f, tag=f"{MAIN}row"):
                number = row.get("r")
                expected = int(number) if number else expected + 1
                wanted = self.wanted
                cells: dict[int, object] = {}
                position = -1
                for c in row.iterchildren(C):
                    ref = c.get("r")
                    if ref:
                        letters = ref.rstrip(_DIGITS)
                        position = columns.get(letters)
                        if position is None:
                            position = columns[letters] = column_index(letters)
                    else:
                        position += 1
                    if wanted is not None and position not in wanted:
                        continue
                    kind = c.get("t")
                    if kind == "inlineStr":
                        # One <t> is the usual case (a path like "is/t" would go through
                        # ElementPath in Python, twice as slow); runs and phonetic guides
                        # (rPh, left out) take the careful way.
                        texts = [t.text for t in c.iter(T)]
                        if len(texts) == 1:
                            cells[position] = texts[0] or ""
                        elif texts:
                            cells[position] = _text_of(c.find(IS), T, R)
                        continue
                    raw = c.findtext(V)
                    if not raw:
                        continue
                    if kind == "s":
                        cells[position] = strings[int(raw)]
                    elif kind is None or kind == "n":
                        value = Decimal(raw)
                        style = c.get("s")
                        if style and int(style) in date_styles and value.is_finite():
                            cells[position] = _serial_date(epoch, value)
                        else:
                            cells[position] = value
                    elif kind in ("str", "e"):
                        cells[position] = raw
                    elif kind == "b":
                        cells[position] = raw.strip() in ("1", "true")
                    elif kind == "d":
                        cells[position] = _iso_date(raw)
                    else:
                        cells[position] = raw
                _clear(row)
                yield expected, cells


def _parser():
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _text_of(node, t, r) -> str:
    """The text of a shared or inline string: its <t>, or its runs' <t>s; no phonetic rPh."""
    parts = []
    for child in node:
        if child.tag == t:
            parts.append(child.text or "")
        elif child.tag == r:
            run = child.find(t)
            if run is not None:
                parts.append(run.text or "")
    return "".join(parts)


def _int(text) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return -1


def _serial_date(epoch: datetime, value: Decimal):
    """An Excel serial day number as a date (or a datetime when it has a time of day).

    In the 1900 system day 1 is 1900-01-01 and day 60 the 1900-02-29 that never was
    (Lotus's leap-year bug, kept by Excel): from day 61 on, one day less.
    """
    try:
        days = int(value)
        seconds = round((value - days) * 86400)
        if epoch.year == 1899 and days >= 61:
            days -= 1
        moment = epoch + timedelta(days=days, seconds=seconds)
    except (OverflowError, InvalidOperation, ValueError):
        return value
    if seconds == 0:
        return moment.date()
    return moment


def _iso_date(text: str):
    text = text.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.rstrip("Z"))
    except ValueError:
        return text


def first_sheet_rows(data: bytes) -> Iterator[tuple[int, dict[int, object]]]:
    """Shortcut: the first worksheet's rows of an .xlsx given as bytes."""
    return Workbook(data).rows()
