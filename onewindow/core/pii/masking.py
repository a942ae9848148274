"""Masking: ID numbers keep the first 3 and last 4 characters, phones 3 and 4."""

import re

# An 18-character resident ID (17 digits and a digit or X, also written 6-8-4 with spaces
# or hyphens) or a 15-digit legacy one, and an 11-digit mainland mobile number (also
# written 3-4-4, or after +86 / 0086), not glued to other digits. Letters next to a
# number do not stop masking ("ID370502..."): masking too much is the safe mistake.
_ID_RE = re.compile(r"(?<!\d)(\d{3})\d{3}[ -]?\d{8}[ -]?(\d{3}[\dXx])(?!\d)")
_ID15_RE = re.compile(r"(?<!\d)(\d{3})\d{8}(\d{4})(?!\d)")
_PHONE_RE = re.compile(r"(?<!\d)((?:\+86|0086)[ -]?)?(1[3-9]\d)[ -]?\d{4}[ -]?(\d{4})(?!\d)")


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
    """Mask every ID-number-like and mobile-like run inside free text (logs, audit)."""
    text = _ID_RE.sub(lambda m: m.group(1) + "*" * 11 + m.group(2), str(text))
    text = _PHONE_RE.sub(lambda m: (m.group(1) or "") + m.group(2) + "****" + m.group(3), text)
    return _ID15_RE.sub(lambda m: m.group(1) + "*" * 8 + m.group(2), text)


MASKERS = {"id_number": mask_id_number, "phone": mask_phone}


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
