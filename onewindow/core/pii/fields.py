"""Model fields that store ID numbers and phones encrypted, and hand them back masked."""

from django.db import models
from django.db.models.query_utils import DeferredAttribute

from . import crypto
from .masking import Masked


class _MaskedAttribute(DeferredAttribute):
    """Wraps every value put on the instance in :class:`Masked`.

    Without it a freshly assigned value stays a plain string until the next reload, so
    ``str(user.phone)`` right after registration (an audit snapshot, a template) would
    show the full number.
    """

    def __set__(self, instance, value):
        if isinstance(value, str) and value and not isinstance(value, Masked):
            value = Masked(value, self.field.kind)
        instance.__dict__[self.field.attname] = value


class EncryptedPersonalField(models.TextField):
    """Stores ``kind`` ("id_number" or "phone") with SM4-GCM; reads back as :class:`Masked`.

    Exact search goes through a sibling ``*_index`` field filled with
    :func:`crypto.blind_index`; services set both together.
    """

    descriptor_class = _MaskedAttribute

    def __init__(self, *args, kind: str = "id_number", **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["kind"] = self.kind
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return Masked(crypto.decrypt(value, self.kind), self.kind)

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        if value is None or value == "":
            return value
        full = value.reveal() if isinstance(value, Masked) else str(value)
        # A masked text coming back (a form showing the masked value, an instance that
        # went through pickle) would otherwise overwrite the real value for good.
        if "*" in full:
            raise ValueError(f"refusing to store a masked {self.kind} in place of the full value")
        return crypto.encrypt(full, self.kind)
