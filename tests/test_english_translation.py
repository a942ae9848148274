"""English is complete: every string has a translation, and English pages show no Chinese.

Chinese is the source language (docs/decisions/0001-chinese-source-strings.md), so a
missing English translation does not fail loudly: the page quietly shows Chinese. These
tests make the gap visible: the catalogue has no empty, fuzzy or Chinese msgstr, and the
login and home pages, requested in English in each way a browser can ask for it, carry no
Chinese in their navigation, content and footer.
"""

import ast
import importlib.util
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import get_language_info

ROOT = Path(__file__).resolve().parent.parent
PO_PATH = ROOT / "onewindow" / "locale" / "en" / "LC_MESSAGES" / "django.po"

# CJK ideographs, CJK punctuation (、。「」) and full-width forms (，：（）).
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]")

# The language switcher names each language in that language, so Chinese may appear there.
ALLOWED_CHINESE = {get_language_info(code)["name_local"] for code, _name in settings.LANGUAGES}

PAGES = ["/accounts/login/", "/"]


# --- the catalogue ---------------------------------------------------------------------


def read_po(text):
    """Return the entries of a .po file as dicts: flags, msgctxt, msgid, msgid_plural, msgstr*.

    Small on purpose: it reads what makemessages writes (no obsolete "#~" entries are
    expected; they are reported as entries so that the test can refuse them).
    """
    entries, entry, field = [], {"flags": set()}, None

    def flush():
        nonlocal entry, field
        if "msgid" in entry or entry.get("obsolete"):
            entries.append(entry)
        entry, field = {"flags": set()}, None

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if field and field.startswith("msgstr"):
                flush()
            if line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith('"'):
            assert field, f"django.po line {number}: text outside an entry"
            entry[field] += ast.literal_eval(line)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and field and field.startswith("msgstr"):
            flush()
        field = keyword
        entry[field] = ast.literal_eval(rest)
    flush()
    return entries


def _label(entry):
    context = f"[{entry['msgctxt']}] " if "msgctxt" in entry else ""
    return context + entry.get("msgid", "#~ obsolete entry")


def _translations(entry):
    return {key: value for key, value in entry.items() if key.startswith("msgstr")}


@pytest.fixture(scope="module")
def catalogue():
    entries = read_po(PO_PATH.read_text(encoding="utf-8"))
    # Leave out the header (msgid ""), which carries the charset, not a translation.
    return [e for e in entries if e.get("msgid") != ""]


def test_the_catalogue_has_entries(catalogue):
    assert len(catalogue) > 100


def test_no_obsolete_entries_are_kept(catalogue):
    assert [e for e in catalogue if e.get("obsolete")] == []


def test_every_entry_is_translated(catalogue):
    empty = [_label(e) for e in catalogue if not all(_translations(e).values())]
    assert empty == [], f"{len(empty)} untranslated: {empty[:20]}"


def test_no_entry_is_fuzzy(catalogue):
    fuzzy = [_label(e) for e in catalogue if "fuzzy" in e["flags"]]
    assert fuzzy == [], f"{len(fuzzy)} fuzzy: {fuzzy[:20]}"


def test_no_translation_contains_chinese(catalogue):
    chinese = [
        (_label(e), value)
        for e in catalogue
        for value in _translations(e).values()
        if CJK.search(value)
    ]
    assert chinese == [], f"{len(chinese)} translations contain Chinese: {chinese[:20]}"


def test_translations_keep_every_placeholder(catalogue):
    wrong = []
    for e in catalogue:
        wanted = set(PLACEHOLDER.findall(e["msgid"] + e.get("msgid_plural", "")))
        for key, value in _translations(e).items():
            if set(PLACEHOLDER.findall(value)) != wanted:
                wrong.append((_label(e), key, value))
    assert wrong == []


def test_plural_entries_have_both_english_forms(catalogue):
    plurals = [e for e in catalogue if "msgid_plural" in e]
    for e in plurals:
        assert set(_translations(e)) == {"msgstr[0]", "msgstr[1]"}, _label(e)


def test_the_compiled_catalogue_matches_the_po():
    # The .mo is git-ignored and built by `make messages`; a stale one shows old English.
    spec = importlib.util.spec_from_file_location(
        "compile_messages", ROOT / "scripts" / "compile_messages.py"
    )
    compile_messages = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(compile_messages)
    assert compile_messages.main(["--check", str(PO_PATH)]) == 0, (
        "django.mo is missing or older than django.po: run `make messages`"
    )


# --- pages in English ------------------------------------------------------------------


class VisibleText(HTMLParser):
    """Collect the text a reader meets inside <nav>, <main> and <footer>.

    Text nodes count, and so do the attributes that are read out or shown (aria-label,
    title, placeholder, alt, button values). Script and style bodies do not.
    """

    REGIONS = {"nav", "main", "footer"}
    SHOWN_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # how many open region elements we are inside
        self.hidden = 0  # inside <script> or <style>
        self.stack = []
        self.texts = []
        self.regions_seen = set()

    def handle_starttag(self, tag, attrs):
        if tag in self.REGIONS:
            self.depth += 1
            self.regions_seen.add(tag)
        if self.depth:
            attributes = dict(attrs)
            for name in self.SHOWN_ATTRIBUTES & attributes.keys():
                self.texts.append(attributes[name] or "")
            if tag == "input" and attributes.get("type") in ("submit", "button"):
                self.texts.append(attributes.get("value") or "")
        if tag in ("script", "style"):
            self.hidden += 1
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            if open_tag in self.REGIONS:
                self.depth -= 1
            if open_tag in ("script", "style"):
                self.hidden -= 1
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.depth and not self.hidden:
            self.texts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    assert {"nav", "main"} <= parser.regions_seen, "the page frame lost its <nav> or <main>"
    return " ".join(" ".join(parser.texts).split())


def chinese_in(text):
    for allowed in ALLOWED_CHINESE:
        text = text.replace(allowed, " ")
    return sorted({match.group() for match in re.finditer(rf"\S*{CJK.pattern}\S*", text)})


@pytest.fixture(autouse=True)
def _restore_language():
    # LocaleMiddleware activates English for the request's thread and leaves it active;
    # put the default back so later tests on this worker still see Chinese.
    language = translation.get_language()
    yield
    translation.activate(language)


def _client_by_cookie():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _client_by_header():
    return Client(headers={"accept-language": "en"})


def _client_by_switcher():
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    return client


CLIENTS = {
    "language cookie": _client_by_cookie,
    "Accept-Language header": _client_by_header,
    "language switcher": _client_by_switcher,
}


@pytest.mark.django_db
@pytest.mark.parametrize("how", CLIENTS)
@pytest.mark.parametrize("path", PAGES)
def test_the_page_in_english_shows_no_chinese(path, how):
    response = CLIENTS[how]().get(path)

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    html = response.content.decode()
    assert '<html lang="en">' in html
    text = visible_text(html)
    assert "OneWindow" in text
    assert chinese_in(text) == [], text


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_the_page_is_chinese_by_default(path):
    # The check above can fail: the same page in the default language is full of Chinese.
    response = Client().get(path)

    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "一窗通" in text
    assert chinese_in(text) != []
