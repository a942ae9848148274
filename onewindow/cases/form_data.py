"""The item's application form (申请表): cleaning what was typed, and reading it back.

One cleaning for every way a form reaches a case: the online form, the window's form and
the API all hand the raw values to ``services.submit``/``services.apply``, which call
:func:`clean`. So a credit code that is not one, or a phone, is refused or encrypted the
same way whoever sends it.

Values are kept in ``Case.form_data`` by field key. Numbers are JSON numbers, dates ISO
text, choices and text as text. Personal data (SECURITY.md) is stored SM4-GCM encrypted
(``v1:…``, the kind bound in as associated data): ID-number and phone fields always, and a
text answer whenever the detector finds an ID number or a phone typed into it. Pages show
it masked (:func:`rows`); rules read it in full (:func:`plain`), never a page or a log.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from cryptography.exceptions import InvalidTag
from django.utils.translation import gettext as _

from onewindow.catalog import selectors as catalog_selectors
from onewindow.catalog.constants import FieldType
from onewindow.core.errors import InvalidInput
from onewindow.core.pii import crypto, detect, validators
from onewindow.core.pii.masking import Masked

MAX_BYTES = 64 * 1024
_CIPHER_PREFIX = "v1:"
# The kinds a stored value can be sealed with; "text" is free text holding a number.
_KINDS = ("id_number", "phone", "text")


def case_fields(case) -> list:
    """The form fields of the case's own version (or its bundle's or industry's one form)."""
    if case.item_version_id is not None:
        return list(case.item_version.form_fields.all())
    if case.bundle_id is not None:
        return catalog_selectors.bundle_form_fields(case.bundle)
    if case.industry_id is not None:
        versions = catalog_selectors.industry_versions(case.industry)
        return catalog_selectors.bundle_form_fields(None, versions)
    return []


# -- cleaning ----------------------------------------------------------------------------


def _text(raw, label: str, f) -> str:
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float, Decimal)):
        raise InvalidInput(_("%(label)s的格式不正确") % {"label": label})
    text = str(raw).replace("\r\n", "\n").strip()
    if "\x00" in text:
        raise InvalidInput(_("%(label)s中含有非法字符") % {"label": label})
    if f.field_type != FieldType.LONG_TEXT and "\n" in text:
        raise InvalidInput(_("%(label)s不能换行") % {"label": label})
    return text


def _number(text: str, label: str):
    try:
        value = Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        raise InvalidInput(_("%(label)s应填写数字") % {"label": label}) from None
    if not value.is_finite():
        raise InvalidInput(_("%(label)s应填写数字") % {"label": label})
    if value == value.to_integral_value():
        return int(value)
    number = float(value)
    if not math.isfinite(number):  # pragma: no cover - bounded by max_length
        raise InvalidInput(_("%(label)s应填写数字") % {"label": label})
    return number


def _date(text: str, label: str) -> str:
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            _("%(label)s应为有效日期，格式如 2026-01-31") % {"label": label}
        ) from None
    if not 1900 <= value.year <= 2100:
        raise InvalidInput(_("%(label)s超出合理范围") % {"label": label})
    return value.isoformat()


def _value(f, raw):
    """One field's stored value, or None when left empty (InvalidInput if wrong)."""
    label = f.label
    text = _text("" if raw is None else raw, label, f)
    if not text:
        if f.required:
            if f.field_type == FieldType.CHOICE:
                raise InvalidInput(_("请选择%(label)s") % {"label": label})
            raise InvalidInput(_("请填写%(label)s") % {"label": label})
        return None
    if f.max_length and len(text) > f.max_length:
        raise InvalidInput(_("%(label)s不能超过%(n)s个字") % {"label": label, "n": f.max_length})
    kind = f.field_type
    if kind == FieldType.NUMBER:
        return _number(text, label)
    if kind == FieldType.DATE:
        return _date(text, label)
    if kind == FieldType.CHOICE:
        if text not in [str(c) for c in (f.choices or [])]:
            raise InvalidInput(_("%(label)s请从可选项中选择") % {"label": label})
        return text
    if kind == FieldType.ID_NUMBER:
        return crypto.encrypt(validators.validate_id_number(text, field=f.key), "id_number")
    if kind == FieldType.PHONE:
        return crypto.encrypt(validators.validate_phone(text, field=f.key), "phone")
    if kind == FieldType.USCC:
        return validators.validate_uscc(text, field=f.key)
    # Free text: a number typed into it is sealed with the rest of the answer.
    return crypto.encrypt(text, "text") if detect.contains_personal_data(text) else text


def _storable(data) -> None:
    """JSON both databases store unchanged: no NaN/Infinity, no lone surrogates, bounded."""
    try:
        size = len(json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8"))
    except (ValueError, TypeError, UnicodeEncodeError, RecursionError):
        raise InvalidInput(_("表单内容含有无法保存的字符或数值"), field="form_data") from None
    if size > MAX_BYTES:
        raise InvalidInput(_("表单内容过长"), field="form_data")


def clean(fields, data: Mapping | None) -> tuple[dict, dict]:
    """(values to store, {field key: [messages]}) for the given form fields.

    A key the form does not have is refused, not dropped: a client that sends one has
    a mistake to know about.
    """
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        return {}, {"__all__": [_("表单内容格式不正确")]}
    try:
        _storable(dict(data))
    except InvalidInput as exc:
        return {}, {"__all__": [exc.message]}
    keys = {f.key for f in fields}
    unknown = sorted(str(k) for k in data if k not in keys)
    if unknown:
        names = "、".join(unknown[:5])
        return {}, {"__all__": [_("申请表中没有这些项目：%(names)s") % {"names": names}]}
    cleaned, errors = {}, {}
    for f in fields:
        try:
            value = _value(f, data.get(f.key))
        except InvalidInput as exc:
            errors.setdefault(f.key, []).append(exc.message)
            continue
        if value is not None:
            cleaned[f.key] = value
    return cleaned, errors


def clean_or_raise(fields, data) -> dict:
    cleaned, errors = clean(fields, data)
    if errors:
        general = errors.get("__all__")
        message = general[0] if general else _("申请表填写有误：请按提示修改标出的内容。")
        raise InvalidInput(message, errors=errors)
    return cleaned


# -- reading back ------------------------------------------------------------------------


def _unseal(value: str):
    """A stored sealed value as Masked (its kind found by the bound data), else None."""
    for kind in _KINDS:
        try:
            return Masked(crypto.decrypt(value, kind), kind)
        except (InvalidTag, ValueError):
            continue
    return None


def _shown(value):
    if isinstance(value, str) and value.startswith(_CIPHER_PREFIX):
        opened = _unseal(value)
        return opened if opened is not None else "****"
    if isinstance(value, str):
        return detect.mask_text(value)  # written before text answers were sealed
    return value


def rows(case) -> list[dict]:
    """[{"key", "label", "value"}] of the case's form, personal data masked."""
    data = case.form_data if isinstance(case.form_data, dict) else {}
    out, seen = [], set()
    for f in case_fields(case):
        if f.key in data:
            out.append({"key": f.key, "label": f.label, "value": _shown(data[f.key])})
            seen.add(f.key)
    for key, value in data.items():  # fields no longer on the form (e.g. a bundle changed)
        if key not in seen:
            out.append({"key": key, "label": key, "value": _shown(value)})
    return out


def plain(case) -> dict:
    """The form with personal data decrypted: for rules only, never for a page or log."""
    return plain_data(case.form_data)


def plain_data(data) -> dict:
    """A stored form (a case's or a draft's) with personal data decrypted."""
    data = data if isinstance(data, dict) else {}
    out = {}
    for key, value in data.items():
        if isinstance(value, str) and value.startswith(_CIPHER_PREFIX):
            opened = _unseal(value)
            out[key] = opened.reveal() if opened is not None else ""
        else:
            out[key] = value
    return out


# -- drafts (暂存) -------------------------------------------------------------------------


def seal_draft(fields, data: Mapping | None, previous: Mapping | None = None) -> dict:
    """A draft's form: what was typed, unchecked but sealed like a case's form.

    ID-number and phone fields are encrypted whatever they hold (a half-typed number is
    still personal data), free text when a number is found in it; the rest is kept as
    typed, to be checked by :func:`clean` at submission. Keys the form does not have are
    dropped, and an empty ID-number or phone field keeps its earlier value (pages never
    send personal data back to the browser, so an untouched field arrives empty).
    """
    out = dict(previous or {})
    data = data if isinstance(data, Mapping) else {}
    for f in fields:
        if f.key not in data:
            continue
        raw = data.get(f.key)
        text = "" if raw is None else str(raw).replace("\x00", "").strip()[: f.max_length or 200]
        if f.field_type in (FieldType.ID_NUMBER, FieldType.PHONE):
            if text:
                out[f.key] = crypto.encrypt(text, str(f.field_type))
            continue
        if not text:
            out.pop(f.key, None)
        elif detect.contains_personal_data(text):
            out[f.key] = crypto.encrypt(text, "text")
        else:
            out[f.key] = text
    return out


def draft_initial(data) -> dict:
    """A draft's values to show again in its form: everything but sealed personal data."""
    data = data if isinstance(data, dict) else {}
    return {
        key: value
        for key, value in data.items()
        if not (isinstance(value, str) and value.startswith(_CIPHER_PREFIX))
    }


def draft_shown(fields, data) -> list[dict]:
    """[{"key", "label", "value"}] of a draft's form for its confirmation step, masked."""
    data = data if isinstance(data, dict) else {}
    return [
        {"key": f.key, "label": f.label, "value": _shown(data[f.key]) if f.key in data else ""}
        for f in fields
    ]


def shown(data: dict) -> dict:
    """A stored form as the API shows it: personal data masked, numbers as numbers."""
    out = {}
    for key, value in (data or {}).items():
        value = _shown(value)
        out[key] = str(value) if isinstance(value, str) else value
    return out
