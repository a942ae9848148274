"""Certificate numbers: prefix + year + a 6-digit sequence (DYXK2026000123), unique.

The next number is the year's highest plus one. Two decisions at the same moment can
compute the same number: the insert runs in a savepoint, the unique index refuses the
second one (on PostgreSQL it waits for the first to commit), and the loser takes the
next number. The verification token is drawn again on each attempt as well.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from onewindow.core.errors import Conflict

from ..constants import CASES_CERTIFICATE_PREFIX
from ..models import Certificate

ATTEMPTS = 20
SEQUENCE_DIGITS = 6


def prefix(year: int) -> str:
    base = getattr(settings, "CASES_CERTIFICATE_PREFIX", CASES_CERTIFICATE_PREFIX)
    return f"{base}{year:04d}"


def next_number(year: int) -> str:
    head = prefix(year)
    last = (
        Certificate.objects.filter(number__startswith=head)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    tail = last[len(head) :] if last else ""
    sequence = int(tail) + 1 if tail.isdigit() else 1
    return f"{head}{sequence:0{SEQUENCE_DIGITS}d}"


def new_token() -> str:
    """The unguessable part of the public verification address (256 bits)."""
    return secrets.token_urlsafe(32)


def save_numbered(certificate: Certificate) -> Certificate:
    """Insert ``certificate`` with the next free number of its issue year and a fresh token."""
    for _attempt in range(ATTEMPTS):
        certificate.number = next_number(certificate.issued_on.year)
        certificate.verify_token = new_token()
        try:
            with transaction.atomic():
                certificate.save(force_insert=True)
        except IntegrityError:
            certificate.pk = None
            continue  # taken at the same moment by another decision: take the next one
        return certificate
    raise Conflict(_("证照编号生成冲突，请稍后重试"))
