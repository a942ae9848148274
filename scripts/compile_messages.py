"""Compile gettext .po catalogues to .mo in pure Python (no GNU gettext needed).

Usage: python scripts/compile_messages.py [--check] [file.po ...]
Without files it compiles every onewindow/locale/*/LC_MESSAGES/*.po beside itself.
--check writes nothing and exits 1 if a .mo is missing or out of date (for CI).
The output is deterministic (sorted, no hash table), like CPython's Tools/i18n/msgfmt.py.
"""

import array
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _form_index(key: str) -> int:
    return int(key[len("msgstr[") : -1])


def parse_po(text: str) -> dict[bytes, bytes]:
    """Return {msgid: msgstr} as UTF-8 bytes; fuzzy entries are left out, as msgfmt does."""
    messages: dict[bytes, bytes] = {}
    entry: dict[str, list[str]] = {}
    fuzzy = False
    field = None

    def flush():
        nonlocal entry, fuzzy
        msgid = "".join(entry.get("msgid", ["-"]))
        # The header (msgid "") is kept even when fuzzy: it carries the charset.
        if "msgid" in entry and (not fuzzy or not msgid):
            if "msgctxt" in entry:
                msgid = "".join(entry["msgctxt"]) + "\x04" + msgid
            if "msgid_plural" in entry:
                msgid += "\0" + "".join(entry["msgid_plural"])
                forms = sorted((k for k in entry if k.startswith("msgstr[")), key=_form_index)
                msgstr = "\0".join("".join(entry[k]) for k in forms)
            else:
                msgstr = "".join(entry.get("msgstr", []))
            # Untranslated entries are left out so that gettext falls back to the msgid.
            if msgstr.replace("\0", "") or not msgid:
                messages[msgid.encode()] = msgstr.encode()
        entry, fuzzy = {}, False

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("#"):  # comments (and obsolete "#~" entries) open a new entry
            if field and field.startswith("msgstr"):
                flush()
                field = None
            fuzzy = fuzzy or (line.startswith("#,") and "fuzzy" in line)
            continue
        if not line:
            continue
        if line.startswith('"'):
            if field is None:
                raise SystemExit(f"line {number}: text outside an entry: {raw!r}")
            entry[field].append(ast.literal_eval(line))
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and field and field.startswith("msgstr"):
            flush()
        if not rest.startswith('"'):
            raise SystemExit(f"line {number}: cannot parse {raw!r}")
        field = keyword
        entry[field] = [ast.literal_eval(rest)]
    flush()
    return messages


def mo_bytes(messages: dict[bytes, bytes]) -> bytes:
    """The GNU .mo layout: header, table of originals, table of translations, strings."""
    keys = sorted(messages)
    ids = b"".join(k + b"\0" for k in keys)
    strs = b"".join(messages[k] + b"\0" for k in keys)
    offsets, id_at, str_at = [], 0, 0
    for key in keys:
        offsets.append((id_at, len(key), str_at, len(messages[key])))
        id_at += len(key) + 1
        str_at += len(messages[key]) + 1
    header_size = 7 * 4
    ids_start = header_size + 16 * len(keys)
    strs_start = ids_start + len(ids)
    table = []
    for id_off, id_len, _, _ in offsets:
        table += [id_len, ids_start + id_off]
    for _, _, str_off, str_len in offsets:
        table += [str_len, strs_start + str_off]
    header = [0x950412DE, 0, len(keys), header_size, header_size + 8 * len(keys), 0, 0]
    return array.array("I", header + table).tobytes() + ids + strs


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [Path(a) for a in argv if a != "--check"] or sorted(
        (ROOT / "onewindow" / "locale").glob("*/LC_MESSAGES/*.po")
    )
    stale = []
    for po in paths:
        data = mo_bytes(parse_po(po.read_text(encoding="utf-8")))
        mo = po.with_suffix(".mo")
        if check:
            if not mo.exists() or mo.read_bytes() != data:
                stale.append(mo)
        else:
            mo.write_bytes(data)
            print(f"compiled {mo.relative_to(ROOT) if mo.is_relative_to(ROOT) else mo}")
    for mo in stale:
        print(f"out of date: {mo} (run python scripts/compile_messages.py)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
