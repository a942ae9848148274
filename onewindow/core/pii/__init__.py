"""Personal data: validation, masking on the server, SM4-GCM encryption at rest.

ID numbers and phones leave the database as :class:`Masked` strings: printing one
anywhere (a template, an export, a log line) shows only the masked form; the full
value is reached only through ``.reveal()``, which the audited reveal service calls.
"""

from .masking import Masked, mask_id_number, mask_phone, mask_text
from .validators import normalise_phone, validate_id_number, validate_phone, validate_uscc

__all__ = [
    "Masked",
    "mask_id_number",
    "mask_phone",
    "mask_text",
    "normalise_phone",
    "validate_id_number",
    "validate_phone",
    "validate_uscc",
]
