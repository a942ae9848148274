"""Writes of certificates: issue on an approved decision, download (audited), revoke.

What an approved case gets (``issue_for_decision``):

- an item case: one certificate titled after the item ("建筑工程施工许可证核发" →
  "建筑工程施工许可证"), whatever the item's kind: every approval ends in a document;
- a bundle (一件事): one certificate per item of the bundle that issues one (行政许可,
  行政确认), because each item's own licence is what the applicant needs afterwards and
  each may be revoked on its own; payments and services issue none. When no item issues
  one, a single "<一件事>办结通知书" so that the applicant still holds a verifiable result;
- an industry (一业一证): ONE comprehensive licence (kind comprehensive) whose content
  lists the licences it replaces.

Certificates are issued in the decision's transaction, by the system (``actor`` None) or
by the deciding user; the delivery clock (``CASES_DELIVERY_DAYS`` working days, 行政许可法
Art. 44) starts the same day, and each certificate goes to the e-licence library after
commit. The PDF is rendered once at issue for its digest (``pdf_sha256``).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from onewindow.catalog import selectors as catalog_selectors
from onewindow.catalog.constants import FieldType, ItemKind
from onewindow.core.audit import record
from onewindow.core.errors import Conflict, InvalidInput, NotFound
from onewindow.core.notify import notify
from onewindow.core.pii.freetext import sealed_update
from onewindow.core.pii.masking import mask_text
from onewindow.core.workdays import services as clocks

from .. import services as case_services
from ..constants import (
    CASES_DELIVERY_DAYS,
    CASES_ISSUER,
    REASON_MAX_LENGTH,
    CertificateKind,
    CertificateStatus,
    Decision,
)
from ..models import Case, Certificate
from . import elicence, numbering, pdf
from .selectors import certificate_for_download, may_revoke

# Item kinds whose approval ends in a certificate of its own inside a bundle.
ISSUING_KINDS = (ItemKind.LICENCE, ItemKind.CONFIRMATION)
# Form fields never printed on a certificate: they are personal data.
PRIVATE_FIELD_TYPES = (FieldType.ID_NUMBER, FieldType.PHONE)
VALUE_MAX_LENGTH = 200


def issuer() -> str:
    return str(getattr(settings, "CASES_ISSUER", CASES_ISSUER))


def delivery_days() -> int:
    return int(getattr(settings, "CASES_DELIVERY_DAYS", CASES_DELIVERY_DAYS))


def licence_title(name: str) -> str:
    """The document an item's approval gives, from the item's name.

    "…证核发" drops 核发; "…许可（游泳）" becomes "…许可证（游泳）"; "…备案" and "…登记"
    give "…证明"; a name that already ends in 证 or 书 stays; anything else "…决定书".
    """
    name = (name or "").strip()
    if name.endswith("核发"):
        return name[: -len("核发")]
    match = re.fullmatch(r"(.*许可)(（[^）]*）)?", name)
    if match:
        return f"{match.group(1)}证{match.group(2) or ''}"
    if name.endswith(("备案", "登记")):
        return f"{name}证明"
    if name.endswith(("证", "书")):
        return name
    return f"{name}决定书"


def _holder_rows(case: Case) -> list[list[str]]:
    """A unified social credit code is public and printed; an ID number never is."""
    uscc = getattr(case.applicant, "uscc", "") or ""
    return [[_("统一社会信用代码"), uscc]] if uscc else []


def _signed_rows(case: Case) -> list[list[str]]:
    """The signing authority: each approving department and its 签发 person (decision 0021)."""
    names = case_services.signers(case)
    return [[_("签发"), "、".join(names)]] if names else []


def _form_rows(case: Case, fields) -> list[list[str]]:
    rows = []
    data = case.form_data if isinstance(case.form_data, dict) else {}
    for field in fields:
        if field.field_type in PRIVATE_FIELD_TYPES:
            continue
        value = data.get(field.key)
        if value in (None, "", [], {}):
            continue
        if isinstance(value, (list, tuple)):
            value = "、".join(str(v) for v in value)
        text = mask_text(str(value)).strip()[:VALUE_MAX_LENGTH]
        if text:
            rows.append([field.label, text])
    return rows


def _item_spec(case: Case, item, version, *, bundle=None) -> dict:
    content = _holder_rows(case)
    content.append([_("许可事项"), version.name])
    content.append([_("事项编码"), item.code])
    if bundle is not None:
        content.append([_("一件事"), bundle.name])
    content += _form_rows(case, version.form_fields.all())
    content += _signed_rows(case)
    content.append([_("办件编号"), case.number])
    return {
        "kind": CertificateKind.LICENCE,
        "title": licence_title(version.name),
        "content": content,
        "industry": None,
    }


def _bundle_specs(case: Case) -> list[dict]:
    bundle = case.bundle
    pairs = catalog_selectors.bundle_versions(bundle)
    specs = [
        _item_spec(case, item, version, bundle=bundle)
        for item, version in pairs
        if version.kind in ISSUING_KINDS
    ]
    if specs:
        return specs
    content = _holder_rows(case)
    content.append([_("一件事"), bundle.name])
    for index, (_item, version) in enumerate(pairs, start=1):
        content.append([_("办结事项") if index == 1 else "", f"（{index}）{version.name}"])
    content += _signed_rows(case)
    content.append([_("办件编号"), case.number])
    return [
        {
            "kind": CertificateKind.LICENCE,
            "title": _("%(name)s办结通知书") % {"name": bundle.name},
            "content": content,
            "industry": None,
        }
    ]


def _industry_spec(case: Case) -> dict:
    industry = case.industry
    pairs = catalog_selectors.industry_versions(industry)
    content = _holder_rows(case)
    content.append([_("行业"), industry.name])
    for index, (_item, version) in enumerate(pairs, start=1):
        content.append(
            [_("整合许可事项") if index == 1 else "", f"（{index}）{licence_title(version.name)}"]
        )
    fields = catalog_selectors.bundle_form_fields(None, versions=pairs)
    content += _form_rows(case, fields)
    content += _signed_rows(case)
    content.append([_("办件编号"), case.number])
    return {
        "kind": CertificateKind.COMPREHENSIVE,
        "title": _("%(name)s行业综合许可证") % {"name": industry.name},
        "content": content,
        "industry": industry,
    }


def _specs(case: Case) -> list[dict]:
    if case.industry_id is not None:
        return [_industry_spec(case)]
    if case.item_version_id is not None:
        return [_item_spec(case, case.item_version.item, case.item_version)]
    return _bundle_specs(case)


def _start_delivery_clock(case: Case, today) -> None:
    if case.delivery_clock_id is None:
        Case.objects.filter(pk=case.pk, delivery_clock__isnull=True).update(
            delivery_clock=clocks.start_clock(delivery_days(), today)
        )


def _document_language():
    """A certificate is a Chinese legal document, whatever the language of the page."""
    return translation.override(settings.LANGUAGE_CODE)


@transaction.atomic
def issue_for_decision(case, actor=None) -> list[Certificate]:
    """The certificates of a case just decided APPROVED (see the module's docstring).

    Called inside the decision's transaction. A case not approved gets none; a case that
    already has certificates gets them back unchanged (issuing twice is harmless).
    """
    with _document_language():
        return _issue(case, actor)


def _issue(case, actor) -> list[Certificate]:
    case = (
        Case.objects.select_related(
            "applicant", "item_version", "item_version__item", "bundle", "industry"
        )
        .filter(pk=case.pk if isinstance(case, Case) else case)
        .first()
    )
    if case is None:
        raise NotFound(_("未找到该办件"))
    if case.decision != Decision.APPROVED:
        return []
    existing = list(case.certificates.order_by("pk"))
    if existing:
        return existing
    today = timezone.localdate()
    issued = []
    for spec in _specs(case):
        certificate = numbering.save_numbered(
            Certificate(
                case=case,
                kind=spec["kind"],
                industry=spec["industry"],
                title=spec["title"][:200],
                holder_name=(case.applicant.display_name or str(case.applicant))[:200],
                content=spec["content"],
                issuer=issuer(),
                issued_on=today,
                issued_by=actor,
            )
        )
        certificate.pdf_sha256 = pdf.sha256(pdf.render(certificate))
        certificate.save(update_fields=["pdf_sha256"])
        record(
            "certificate.issue",
            actor=actor,
            obj=certificate,
            after={
                "number": certificate.number,
                "case": case.number,
                "title": certificate.title,
                "kind": certificate.kind,
                "pdf_sha256": certificate.pdf_sha256,
            },
            summary=_("签发证照 %(number)s") % {"number": certificate.number},
        )
        elicence.schedule_push(certificate)
        issued.append(certificate)
    _start_delivery_clock(case, today)
    if issued:
        notify(
            case.applicant,
            subject=_("证照已签发"),
            body=_("您的办件%(case)s已准予许可，证照（%(titles)s）已签发，可在办件页面下载。")
            % {"case": case.number, "titles": "、".join(c.title for c in issued)},
            event="case.certificate_issued",
            obj=case,
        )
    return issued


def download(user, number, *, request=None) -> tuple[Certificate, bytes]:
    """The PDF of a certificate the user may see (holder, staff of the case); audited."""
    certificate = certificate_for_download(user, number)
    data = pdf.render(certificate)
    record(
        "certificate.download",
        actor=user,
        obj=certificate,
        after={"number": certificate.number, "matches_issued": _matches(certificate, data)},
        request=request,
        summary=_("下载证照 %(number)s") % {"number": certificate.number},
    )
    return certificate, data


def _matches(certificate: Certificate, data: bytes) -> bool:
    return not certificate.pdf_sha256 or certificate.pdf_sha256 == pdf.sha256(data)


@transaction.atomic
def revoke(user, certificate, reason, *, request=None) -> Certificate:
    """注销: an approver of the responsible department ends a valid certificate, with a reason.

    Others get NotFound (no probing); a certificate already revoked is a Conflict.
    """
    if isinstance(certificate, Certificate):
        certificate = certificate.number
    found = (
        Certificate.objects.select_related(
            "case", "case__item_version", "case__item_version__item", "case__bundle", "industry"
        )
        .filter(number=str(certificate))
        .first()
        if "\x00" not in str(certificate)
        else None
    )
    if found is None or not may_revoke(user, found):
        raise NotFound(_("未找到该证照，或您无权注销"))
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidInput(_("请填写注销原因"), field="reason")
    reason = reason.strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise InvalidInput(
            _("注销原因不能超过%(n)s个字") % {"n": REASON_MAX_LENGTH}, field="reason"
        )
    updated = Certificate.objects.filter(pk=found.pk, status=CertificateStatus.VALID).update(
        **sealed_update(Certificate, {"revoked_reason": reason}), status=CertificateStatus.REVOKED
    )
    if not updated:
        raise Conflict(_("该证照已注销"))
    record(
        "certificate.revoke",
        actor=user,
        obj=found,
        before={"status": CertificateStatus.VALID},
        after={"status": CertificateStatus.REVOKED, "reason": reason},
        request=request,
        summary=_("注销证照 %(number)s") % {"number": found.number},
    )
    found.refresh_from_db()
    elicence.schedule_push(found)
    notify(
        found.case.applicant,
        subject=_("证照已注销"),
        body=_("您的证照%(title)s（%(number)s）已被注销，原因：%(reason)s")
        % {"title": found.title, "number": found.number, "reason": reason},
        event="case.certificate_revoked",
        obj=found.case,
    )
    return found
