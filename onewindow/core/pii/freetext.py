"""Free text that people type, where they put ID numbers and phones: one field type for it.

A complaint, a rating comment, a reason or a report narrative is written by people, and
people write their ID number and phone into it. :class:`PersonalTextField` (and
:class:`PersonalJSONField` for a structure of such texts) keeps two columns:

- ``<name>``: the text with every number that :mod:`detect` finds masked. Pages, exports,
  search, the admin, the API and published documents read this, so none of them can show
  the numbers, and the database holds none of them in clear;
- ``<name>_sealed`` (added by the field itself): the text as typed, SM4-GCM encrypted,
  only when it differs from the masked text (else empty). Only an audited reveal
  (:mod:`onewindow.core.pii.reveal`) opens it.

Reading the attribute gives a :class:`MaskedText`: a ``str`` whose text is the masked form,
like :class:`Masked`. Assigning a ``str`` assigns the text as typed: it shows masked at once
and is sealed on save. An edit form shows the masked text; when it is saved, every masked
number still in the new text is put back as it was (:func:`merge`), so editing a sentence
never loses the number next to it and never stores the stars.

``QuerySet.update()`` bypasses the model: use ``**sealed_values(Model, "field", text)``,
which gives both columns. A plain ``update(field=text)`` with a number in ``text`` is refused.
"""

from __future__ import annotations

import copy
import functools
import json

from django import forms
from django.db import models
from django.db.models import signals
from django.db.models.query_utils import DeferredAttribute

from . import crypto, detect

SEALED_SUFFIX = "_sealed"


def _aad(masked: str) -> str:
    # The ciphertext is bound to the masked text it belongs with, so a sealed value copied
    # to another row (or left behind by an update of the masked column alone) does not open.
    return "text:" + crypto.sm3(masked.encode()).hex()[:32]


def seal(full: str, masked: str) -> str:
    return "" if full == masked else crypto.encrypt(full, _aad(masked))


def unseal(sealed: str, masked: str) -> str:
    return crypto.decrypt(sealed, _aad(masked)) if sealed else masked


def merge(old_full: str, new_text: str) -> str:
    """``new_text`` with each masked number of ``old_full`` that it still holds put back."""
    if "*" not in new_text:
        return new_text
    for hit in detect.find(old_full):
        if hit.masked in new_text:
            new_text = new_text.replace(hit.masked, old_full[hit.start : hit.end], 1)
    return new_text


class MaskedText(str):
    """Free text whose ``str`` is the masked form; ``reveal()`` gives the text as typed.

    Call ``reveal()`` only from :func:`onewindow.core.pii.reveal.reveal_text` (audited).
    """

    __slots__ = ("_full", "_sealed")

    @classmethod
    def typed(cls, full: str) -> MaskedText:
        obj = super().__new__(cls, detect.mask_text(full))
        obj._full, obj._sealed = full, None
        return obj

    @classmethod
    def stored(cls, masked: str, sealed) -> MaskedText:
        """``sealed`` is the ciphertext, or a callable that loads it (a deferred column)."""
        obj = super().__new__(cls, masked)
        obj._full, obj._sealed = None, sealed
        return obj

    @property
    def is_typed(self) -> bool:
        return self._full is not None

    def sealed(self) -> str:
        if self._full is not None:
            return seal(self._full, str(self))
        return (self._sealed() if callable(self._sealed) else self._sealed) or ""

    @property
    def hides_personal_data(self) -> bool:
        if self._full is not None:
            return self._full != str(self)
        return bool(self.sealed())

    def reveal(self) -> str:
        if self._full is not None:
            return self._full
        return unseal(self.sealed(), str(self))

    def __reduce__(self):
        # Pickling (caches, sessions) keeps only the masked text.
        return (str, (str(self),))

    def __deepcopy__(self, memo):
        obj = super().__new__(type(self), str(self))
        obj._full, obj._sealed = self._full, self._sealed
        return obj

    def __copy__(self):
        return self.__deepcopy__({})


class _Stored(str):
    """The masked column as read from the database (its sealed twin is a separate column)."""


class _StoredDict(dict):
    """A JSON object as read from the database (its sealed twin is a separate column)."""


class _StoredList(list):
    """A JSON array as read from the database."""


class SealedColumn(models.TextField):
    """The ``<name>_sealed`` twin: added by the personal-text field, never edited by hand."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def contribute_to_class(self, cls, name, private_only=False):
        # Migrations list the twin explicitly; the main field has already added it.
        if any(f.name == name for f in cls._meta.local_fields):
            return
        super().contribute_to_class(cls, name, private_only)


def _both_columns_or_none(sender, instance, update_fields=None, **kwargs):
    """``save(update_fields=[...])`` must write a personal text and its twin together."""
    if not update_fields:
        return
    for field in personal_fields(sender):
        if (field.name in update_fields) != (field.sealed_attname in update_fields):
            raise ValueError(
                f"{sender.__name__}.save(update_fields=...) must name both {field.name} "
                f"and {field.sealed_attname}"
            )


class _SealedMixin:
    """What the text and JSON variants share: the twin column, sealing on save, refusing a
    bare write of a number."""

    sealed_attname: str

    def contribute_to_class(self, cls, name, private_only=False):
        super().contribute_to_class(cls, name, private_only)
        self.sealed_attname = name + SEALED_SUFFIX
        if not cls._meta.abstract:
            SealedColumn().contribute_to_class(cls, self.sealed_attname)
            signals.pre_save.connect(
                _both_columns_or_none, sender=cls, weak=False, dispatch_uid=f"freetext:{cls}"
            )

    def pre_save(self, model_instance, add):
        # Fields are saved in order and the twin comes after its field: put the
        # ciphertext in place before the twin's own value is read.
        value = getattr(model_instance, self.attname)
        sealed = self.sealed_of(value)
        if sealed is not None:
            model_instance.__dict__[self.sealed_attname] = sealed
        return value

    def check(self, **kwargs):
        return [*super().check(**kwargs), *self._check_twin()]

    def _check_twin(self):
        from django.core import checks

        model = getattr(self, "model", None)
        if model is None or model._meta.abstract:
            return []
        twin = next((f for f in model._meta.local_fields if f.name == self.sealed_attname), None)
        if isinstance(twin, SealedColumn):
            return []
        return [
            checks.Error(
                f"{self.sealed_attname} must be the SealedColumn of {self.name}",
                obj=self,
                id="onewindow.E001",
            )
        ]


# --- text --------------------------------------------------------------------------------


class _TextAttribute(DeferredAttribute):
    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, _Stored):
            loader = functools.partial(getattr, instance, self.field.sealed_attname)
            value = MaskedText.stored(str(value), loader)
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance, value):
        if isinstance(value, str) and not isinstance(value, MaskedText | _Stored):
            current = instance.__dict__.get(self.field.attname)
            if "*" in value and isinstance(current, MaskedText | _Stored):
                old = self.__get__(instance) if isinstance(current, _Stored) else current
                value = merge(old.reveal(), value)
            value = MaskedText.typed(value)
        instance.__dict__[self.field.attname] = value


class PersonalTextField(_SealedMixin, models.TextField):
    """Free text that may carry ID numbers or phones; see the module's docstring.

    ``max_length`` limits the text as typed (forms and services), not the column.
    ``single_line`` gives forms a one-line input (a subject) instead of a text area.
    """

    descriptor_class = _TextAttribute

    def __init__(self, *args, single_line: bool = False, **kwargs):
        self.single_line = single_line
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.single_line:
            kwargs["single_line"] = True
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return _Stored(value) if isinstance(value, str) else value

    def sealed_of(self, value) -> str | None:
        if isinstance(value, MaskedText) and value.is_typed:
            return value.sealed()
        return None

    def get_prep_value(self, value):
        if value is None or isinstance(value, MaskedText | _Stored):
            return None if value is None else str(value)
        value = str(value)
        if detect.contains_personal_data(value):
            raise ValueError(
                f"{self.model.__name__}.{self.name}: write personal text through the model "
                "or sealed_values(), never as a bare value"
            )
        return value

    def formfield(self, **kwargs):
        if self.single_line:
            kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(**kwargs)


# --- JSON: a structure whose texts are free text (a report's narrative) --------------------


def _map_texts(value, func, path=(), exempt=frozenset()):
    if isinstance(value, str):
        return value if path and path[0] in exempt else func(value, path)
    if isinstance(value, dict):
        return {k: _map_texts(v, func, (*path, k), exempt) for k, v in value.items()}
    if isinstance(value, list):
        return [_map_texts(v, func, (*path, i), exempt) for i, v in enumerate(value)]
    return value


def _at(value, path):
    for key in path:
        try:
            value = value[key]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _merge_structure(old, new):
    """Each text of ``new`` merged with the text at the same place in ``old``."""

    def put_back(text, path):
        before = _at(old, path)
        return merge(before, text) if isinstance(before, str) else text

    return _map_texts(new, put_back)


class _JSONAttribute(DeferredAttribute):
    """Reads as the masked structure; a structure assigned by code is kept typed beside it."""

    def __set__(self, instance, value):
        attname = self.field.attname
        if value is None or isinstance(value, _StoredDict | _StoredList):
            instance.__dict__[attname] = value
            instance.__dict__.pop(self.field.typed_key, None)
            return
        full = copy.deepcopy(value)
        if instance.__dict__.get(attname) is not None:
            full = _merge_structure(self.field.reveal(instance), full)
        instance.__dict__[self.field.typed_key] = full
        instance.__dict__[attname] = self.field.mask(full)


class PersonalJSONField(_SealedMixin, models.JSONField):
    """A JSON structure of free texts (a narrative): every string masked, the original sealed.

    ``exempt`` names top-level keys that are published on purpose (a contact line), so
    they are kept as written.
    """

    descriptor_class = _JSONAttribute

    def __init__(self, *args, exempt=(), **kwargs):
        self.exempt = frozenset(exempt)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.exempt:
            kwargs["exempt"] = sorted(self.exempt)
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, private_only=False):
        super().contribute_to_class(cls, name, private_only)
        self.typed_key = f"_{name}_typed"

    def mask(self, full):
        return _map_texts(full, lambda text, path: detect.mask_text(text), exempt=self.exempt)

    def from_db_value(self, value, expression, connection):
        value = super().from_db_value(value, expression, connection)
        if isinstance(value, dict):
            return _StoredDict(value)
        return _StoredList(value) if isinstance(value, list) else value

    def sealed_of(self, value) -> str | None:
        return None  # see pre_save

    def pre_save(self, model_instance, add):
        typed = model_instance.__dict__.pop(self.typed_key, None)
        value = getattr(model_instance, self.attname)
        if typed is not None:
            model_instance.__dict__[self.sealed_attname] = self.seal_structure(typed, value)
        return value

    def seal_structure(self, full, masked) -> str:
        if full == masked:
            return ""
        return seal(json.dumps(full, ensure_ascii=False, sort_keys=True), _json_text(masked))

    def reveal(self, instance):
        """The structure as typed (only for audited reveals and for merging an edit)."""
        typed = instance.__dict__.get(self.typed_key)
        if typed is not None:
            return typed
        masked = getattr(instance, self.attname)
        sealed = getattr(instance, self.sealed_attname)
        return json.loads(unseal(sealed, _json_text(masked))) if sealed else masked

    def get_prep_value(self, value):
        if value is not None and self.mask(value) != value:
            raise ValueError(
                f"{self.model.__name__}.{self.name}: write personal text through the model "
                "or sealed_values(), never as a bare value"
            )
        return super().get_prep_value(value)


def _json_text(masked) -> str:
    return json.dumps(masked, ensure_ascii=False, sort_keys=True)


# --- writing both columns without the model ------------------------------------------------


def sealed_values(model, name: str, value) -> dict:
    """``{name: masked, name_sealed: ciphertext}`` for ``QuerySet.update(**...)``."""
    field = model._meta.get_field(name)
    if isinstance(field, PersonalJSONField):
        masked = field.mask(value)
        return {name: masked, field.sealed_attname: field.seal_structure(value, masked)}
    text = value if isinstance(value, MaskedText) else MaskedText.typed(str(value))
    return {name: text, field.sealed_attname: text.sealed()}


def columns(instance, *names: str) -> dict:
    """Both columns of each named personal field, as they stand on ``instance``."""
    out = {}
    for name in names:
        field = instance._meta.get_field(name)
        if isinstance(field, PersonalJSONField):
            out.update(sealed_values(type(instance), name, field.reveal(instance)))
        else:
            out.update(sealed_values(type(instance), name, getattr(instance, name)))
    return out


def sealed_update(model, values: dict) -> dict:
    """``values`` for ``QuerySet.update()``, each personal text given as both its columns."""
    out = dict(values)
    for field in personal_fields(model):
        value = out.get(field.name)
        if value is not None and not hasattr(value, "resolve_expression"):
            out.update(sealed_values(model, field.name, value))
    return out


@functools.cache
def personal_fields(model) -> tuple:
    return tuple(f for f in model._meta.concrete_fields if isinstance(f, _SealedMixin))
