"""Masking: ID numbers keep the first 3 and last 4 characters, phones 3 and 4."""

from . import detect


def mask_id_number(value: str) -> str:
    value = str(value or "")
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_phone(value: str) -> str:
    value = str(value or "")
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_text(text: str) -> str:
    """Mask every ID number and mobile number inside free text (see detect.py)."""
    return detect.mask_text(text)


MASKERS = {"id_number": mask_id_number, "phone": mask_phone, "text": mask_text}


class Masked(str):
    """A string whose text is the masked form; the full value needs ``reveal()``.

    Anything that formats, concatenates or serialises it gets the masked text, so a
    forgotten template or export cannot leak the full value.
    """

    __slots__ = ("_full", "kind")

    def __new__(cls, full: str, kind: str):
        obj = super().__new__(cls, MASKERS[kind](full))
        obj._full = full
        obj.kind = kind
        return obj

    def reveal(self) -> str:
        """The full value. Call only from an audited, permission-checked service."""
        return self._full

    def __reduce__(self):
        # Pickling (caches, sessions) keeps only the masked text.
        return (str, (str(self),))

    def __deepcopy__(self, memo):
        return Masked(self._full, self.kind)

    def __copy__(self):
        return self.__deepcopy__({})
