"""Reads of certificates, scoped: the holder and the staff who see the case; the public check.

A certificate is visible to its case's applicant (the holder), to department staff who
see the case (``cases.selectors.visible_cases``) and to window clerks, who print and hand
certificates over at the hall. Anyone else gets NotFound (404), never 403.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from onewindow.accounts.constants import Role
from onewindow.core.errors import NotFound

from .. import selectors as case_selectors
from ..constants import CaseStatus, CertificateStatus
from ..models import Case, Certificate

TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{20,64}")


def _is_clerk(user) -> bool:
    return (
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.has_role(Role.CLERK)
    )


def _clean(value) -> str | None:
    value = str(value)
    return None if "\x00" in value or len(value) > 64 else value


def certificate_for_download(user, number) -> Certificate:
    """A certificate this user may download, or NotFound."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        raise NotFound()
    number = _clean(number)
    certificate = (
        Certificate.objects.select_related("case", "industry").filter(number=number).first()
        if number
        else None
    )
    if certificate is None:
        raise NotFound()
    case = certificate.case
    if case.applicant_id == user.pk or _is_clerk(user):
        return certificate
    if case_selectors.visible_cases(user).filter(pk=case.pk).exists():
        return certificate
    raise NotFound()


def certificate_by_token(token) -> Certificate:
    """The public check: the certificate with this verification token, or NotFound."""
    token = str(token)
    if not TOKEN_RE.fullmatch(token):
        raise NotFound()
    certificate = Certificate.objects.filter(verify_token=token).first()
    if certificate is None:
        raise NotFound()
    return certificate


def case_certificates(case: Case, user=None, request=None) -> list[Certificate]:
    """The case's certificates (the caller has checked the case is visible), each with
    ``download_url``, ``verify_url`` (absolute) and ``can_revoke`` for this user.

    The include ``cases/includes/certificates.html`` also takes plain certificates
    (``case.certificates.all()``): it builds its links itself and shows no revoke form.
    """
    from . import pdf

    rows = list(
        case.certificates.select_related(
            "case", "case__item_version", "case__item_version__item", "case__bundle", "industry"
        ).order_by("pk")
    )
    for certificate in rows:
        certificate.download_url = reverse(
            "cases:certificate_pdf", kwargs={"number": certificate.number}
        )
        certificate.verify_url = pdf.verify_url(certificate, request)
        certificate.can_revoke = certificate.status == CertificateStatus.VALID and may_revoke(
            user, certificate
        )
    return rows


def deliverable_case(user, number) -> Case:
    """For the window's delivery page: a decided (or concluded) case, clerks only."""
    number = _clean(number)
    if not _is_clerk(user) or not number:
        raise NotFound()
    case = (
        Case.objects.select_related(
            "applicant",
            "item_version",
            "bundle",
            "industry",
            "delivery_clock",
            "delivery",
        )
        .filter(number=number, status__in=(CaseStatus.DECIDED, CaseStatus.CONCLUDED))
        .first()
    )
    if case is None:
        raise NotFound()
    return case


def responsible_department_ids(certificate: Certificate) -> set[int]:
    """Departments whose approvers may revoke: the item's, the industry's lead department.

    A bundle's certificate names its item by code (content row 事项编码); a bundle's
    办结通知书 belongs to the bundle's lead department.
    """
    case = certificate.case
    if certificate.industry_id is not None:
        return {certificate.industry.lead_department_id}
    if case.item_version_id is not None:
        return {case.item_version.item.department_id}
    with translation.override(settings.LANGUAGE_CODE):  # the certificate's own language
        label = _("事项编码")
    codes = [value for row_label, value in certificate.content if row_label == label]
    if codes:
        from onewindow.catalog.models import ServiceItem

        found = set(
            ServiceItem.objects.filter(code__in=codes).values_list("department_id", flat=True)
        )
        if found:
            return found
    return {case.bundle.lead_department_id} if case.bundle_id else set()


def may_revoke(user, certificate: Certificate) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not user.has_role(Role.APPROVER) or not user.department_id:
        return False
    return user.department_id in responsible_department_ids(certificate)
