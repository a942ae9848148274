"""电子证照: each issued (or revoked) certificate goes to the e-licence library.

Like ``core.notify``, the library sits behind a small registry of backends chosen by
``settings.CASES_ELICENCE_BACKEND``: "console" (a log line, the default), "file" (JSON
lines in ``CASES_ELICENCE_FILE_PATH``, default ``var/elicence.log``) or a dotted path to
a class of one's own. A backend's ``push(payload)`` returns the library's identifier of
the licence (电子证照标识) or raises.

``schedule_push(certificate)`` runs after the caller's transaction commits and hands the
work to the Celery task ``push_certificate`` (in-process when no broker is configured);
the task calls the backend, then ``record_push`` stores ``elicence_code`` and
``elicence_pushed_at`` with an audit event. A failure is retried with backoff by a real
worker and logged in-process; it never undoes the decision.

A real backend, e.g. the provincial library::

    from onewindow.cases.certificates.elicence import ElicenceBackend, register_backend

    @register_backend
    class ProvinceBackend(ElicenceBackend):
        name = "province"

        def push(self, payload):
            return client.upsert(payload)["licence_id"]
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.audit import record
from onewindow.core.integrations import BackendRegistry, append_json_line, enqueue_on_commit
from onewindow.core.pii.masking import mask_text
from onewindow.core.retry import RETRYING, retry_later

from ..constants import CASES_ELICENCE_BACKEND
from ..models import Certificate

logger = logging.getLogger("onewindow.cases.elicence")

CODE_PREFIX = "DZZZ-"  # the local backends' identifier: DZZZ- + the certificate number

_REGISTRY = BackendRegistry("e-licence")
register_backend = _REGISTRY.register
backend_class = _REGISTRY.backend_class


def get_backend():
    name = str(getattr(settings, "CASES_ELICENCE_BACKEND", CASES_ELICENCE_BACKEND) or "console")
    return backend_class(name)()


class ElicenceBackend:
    """The interface: ``push(payload) -> str`` (the library's identifier), raising on failure."""

    name = ""

    def push(self, payload: dict) -> str:
        raise NotImplementedError


def _local_code(payload: dict) -> str:
    return payload.get("elicence_code") or f"{CODE_PREFIX}{payload['number']}"


@register_backend
class ConsoleBackend(ElicenceBackend):
    """One log line per push (the development default)."""

    name = "console"

    def push(self, payload):
        code = _local_code(payload)
        logger.info(
            "elicence push code=%s number=%s status=%s title=%s",
            code,
            payload["number"],
            payload["status"],
            payload["title"],
        )
        return code


@register_backend
class FileBackend(ElicenceBackend):
    """Appends one JSON line per push to ``settings.CASES_ELICENCE_FILE_PATH``."""

    name = "file"

    def push(self, payload):
        code = _local_code(payload)
        line = {"at": timezone.now().isoformat(), "elicence_code": code, **payload}
        append_json_line("CASES_ELICENCE_FILE_PATH", "elicence.log", line)
        return code


def payload(certificate: Certificate) -> dict:
    """What the library receives: the licence's public face, its content masked again."""
    return {
        "number": certificate.number,
        "elicence_code": certificate.elicence_code,
        "kind": certificate.kind,
        "title": certificate.title,
        "holder_name": certificate.holder_name,
        "issuer": certificate.issuer,
        "issued_on": certificate.issued_on.isoformat(),
        "valid_until": certificate.valid_until.isoformat() if certificate.valid_until else None,
        "status": certificate.status,
        "revoked_reason": certificate.revoked_reason,
        "industry": certificate.industry.code if certificate.industry_id else None,
        "content": [[str(label), mask_text(str(value))] for label, value in certificate.content],
        "pdf_sha256": certificate.pdf_sha256,
    }


def schedule_push(certificate: Certificate) -> None:
    """Push ``certificate`` once the current transaction commits (nothing on rollback)."""
    enqueue_on_commit(
        push_certificate,
        {"certificate_id": certificate.pk},
        logger=logger,
        failure=f"elicence: could not schedule certificate #{certificate.pk}",
    )


@transaction.atomic
def record_push(certificate: Certificate, code: str) -> Certificate:
    """Store the library's identifier and the time of the push; audited (actor: system)."""
    code = str(code or "")[:64]
    Certificate.objects.filter(pk=certificate.pk).update(
        elicence_code=code, elicence_pushed_at=timezone.now()
    )
    record(
        "certificate.elicence_push",
        obj=certificate,
        after={"number": certificate.number, "elicence_code": code, "status": certificate.status},
        summary=_("电子证照归集 %(number)s") % {"number": certificate.number},
    )
    certificate.refresh_from_db()
    return certificate


class PushFailed(Exception):
    pass


@shared_task(
    bind=True,
    name="onewindow.cases.elicence.push_certificate",
    **RETRYING,
)
def push_certificate(self, certificate_id: int) -> str:
    """Push one certificate's current state to the library; returns the identifier."""
    certificate = Certificate.objects.select_related("industry").filter(pk=certificate_id).first()
    if certificate is None:
        logger.warning("elicence: certificate #%s is gone; dropped", certificate_id)
        return ""
    try:
        code = get_backend().push(payload(certificate))
    except ImproperlyConfigured:
        logger.exception("elicence: backend not available")
        return ""
    except Exception as exc:
        logger.exception("elicence: push of %s failed", certificate.number)
        if self.request.is_eager:
            return ""  # in-process there is no one to retry later: the failure is logged
        raise retry_later(self, PushFailed(str(exc))) from exc
    record_push(certificate, code)
    return code
