"""The applicant's material library (材料库): stored uploads, reuse, and the audited download.

A file is stored under a generated name (``case-documents/<sha256[:2]>/<sha256>-<token>``)
in MEDIA_ROOT, which the application never serves as a folder (no MEDIA_URL route): the
only way out is :func:`document_for_download` behind ``cases:document``, as an attachment
with ``nosniff``. The token is random (``secrets``); a guessed or foreign token is 404.

The same bytes uploaded twice by one owner are stored once: for the same standard
material the existing document is reused; for another material a new record points at
the file already stored.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from onewindow.core.audit import record
from onewindow.core.audit.constants import DOWNLOAD
from onewindow.core.errors import NotFound
from onewindow.core.files import removed_on_error as removed_on_error  # for application.py
from onewindow.core.files import save_on_commit

from ..models import ApplicantDocument
from .uploads import CheckedUpload

TOKEN_BYTES = 24  # 32 URL-safe characters, the model's token length


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def store(
    owner, material_type, upload: CheckedUpload, *, actor=None, written=None, request=None
) -> ApplicantDocument:
    """Keep a checked upload as ``owner``'s document of ``material_type`` (call atomically).

    ``written`` (from :func:`removed_on_error`) collects a newly written file, which
    reaches its final name only when the transaction commits (core/files.py).
    """
    material_type_id = getattr(material_type, "pk", material_type)
    same = ApplicantDocument.objects.filter(owner=owner, sha256=upload.sha256)
    existing = same.filter(material_type_id=material_type_id).order_by("-uploaded_at").first()
    if existing is not None and _file_exists(existing):
        return existing
    doc = ApplicantDocument(
        owner=owner,
        material_type_id=material_type_id,
        token=new_token(),
        original_name=upload.name,
        content_type=upload.content_type,
        size=upload.size,
        sha256=upload.sha256,
        uploaded_by=actor if actor is not None else owner,
    )
    stored = next((d for d in same.order_by("-uploaded_at") if _file_exists(d)), None)
    if stored is not None:
        doc.file.name = stored.file.name  # the same bytes: stored once
    else:
        save_on_commit(doc.file, upload.data, written=written)
    doc.save()
    record(
        "case.document_upload",
        actor=actor if actor is not None else owner,
        obj=doc,
        after={
            "material_type": material_type_id,
            "name": upload.name,
            "kind": upload.kind,
            "size": upload.size,
            "sha256": upload.sha256,
        },
        request=request,
        summary=upload.name,
    )
    return doc


def _file_exists(doc: ApplicantDocument) -> bool:
    try:
        return bool(doc.file.name) and doc.file.storage.exists(doc.file.name)
    except OSError:  # pragma: no cover
        return False


# -- reads ----------------------------------------------------------------------------


def library(owner, material_type_ids=None) -> dict[int, ApplicantDocument]:
    """{material type id: the owner's latest still-valid document of that type}."""
    if owner is None or not getattr(owner, "is_authenticated", False):
        return {}
    today = timezone.localdate()
    qs = ApplicantDocument.objects.filter(owner=owner).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    if material_type_ids is not None:
        qs = qs.filter(material_type_id__in=list(material_type_ids))
    found: dict[int, ApplicantDocument] = {}
    for doc in qs.order_by("-uploaded_at", "-pk"):
        found.setdefault(doc.material_type_id, doc)
    return found


def may_download(user, doc: ApplicantDocument) -> bool:
    """The owner, or someone who can see a case that uses the document."""
    from ..selectors import visible_cases

    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if doc.owner_id == user.pk:
        return True
    return visible_cases(user).filter(materials__document=doc).exists()


@transaction.atomic
def document_for_download(user, token, *, request=None) -> ApplicantDocument:
    """The document behind ``token`` if ``user`` may have it (audited), else NotFound."""
    token = str(token or "")
    doc = (
        ApplicantDocument.objects.filter(token=token).select_related("owner").first()
        if token and "\x00" not in token and len(token) <= 64
        else None
    )
    if doc is None or not may_download(user, doc) or not _file_exists(doc):
        raise NotFound()
    record(
        DOWNLOAD,
        actor=user,
        obj=doc,
        after={"sha256": doc.sha256, "size": doc.size},
        request=request,
        summary=doc.original_name,
    )
    return doc
