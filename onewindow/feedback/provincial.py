"""The provincial 好差评 platform: every rating is pushed there once it is committed.

Like ``cases.elicence``, the platform sits behind a small registry of backends chosen by
``settings.FEEDBACK_PROVINCIAL_BACKEND``: "file" (the default: one JSON line per rating in
``settings.FEEDBACK_PROVINCIAL_FILE``, ``var/provincial_ratings.jsonl``), "console" (a log
line) or a dotted path to a class of one's own. A backend's ``push(payload)`` returns the
platform's reference for the rating (or "") and raises on failure.

``schedule_push(rating)`` runs after the caller's transaction commits and hands the work to
the Celery task ``feedback.tasks.push_rating`` (in-process when no broker is configured).
``push(rating_id)`` keeps one ``RatingPush`` row per rating: the payload, status, attempts
and the last error; a rating already sent is not sent again. A failure never undoes the
rating: a real worker retries with backoff, and ``retry_unsent()`` (hourly under beat)
picks up what is still pending or failed.

The payload holds exactly the fields the provincial platform takes:
case number, item code and version, department, applicant type, the applicant's ID number
masked (first 3 and last 4), channel, time, staff and level. A real backend::

    from onewindow.feedback.provincial import ProvincialBackend, register_backend

    @register_backend
    class ShandongBackend(ProvincialBackend):
        name = "shandong"

        def push(self, payload):
            return client.post("/evaluation", json=payload)["evaluationId"]
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.constants import AccountKind
from onewindow.core.audit import record
from onewindow.core.integrations import BackendRegistry, append_json_line, enqueue_on_commit
from onewindow.core.pii.masking import mask_id_number

from .constants import PushStatus, RaterKind
from .models import Rating, RatingPush

logger = logging.getLogger("onewindow.feedback.provincial")

DEFAULT_BACKEND = "file"
ERROR_MAX_LENGTH = 500
BACKEND_MAX_LENGTH = 40
RETRY_MAX_ATTEMPTS = 10  # the hourly sweep gives up on a rating after this many attempts
RETRY_BATCH = 500

_REGISTRY = BackendRegistry("provincial")
register_backend = _REGISTRY.register
backend_class = _REGISTRY.backend_class


def backend_name() -> str:
    return str(getattr(settings, "FEEDBACK_PROVINCIAL_BACKEND", DEFAULT_BACKEND) or "file")


def get_backend():
    return backend_class(backend_name())()


def backend_label(name: str) -> str:
    """What the push row records: the backend's own name, else the setting (cut to fit)."""
    try:
        label = getattr(backend_class(name), "name", "") or name
    except ImproperlyConfigured:
        label = name
    return label[:BACKEND_MAX_LENGTH]


class ProvincialBackend:
    """The interface: ``push(payload) -> str`` (the platform's reference), raising on failure."""

    name = ""

    def push(self, payload: dict) -> str:
        raise NotImplementedError


def _reference(payload: dict) -> str:
    return f"HCP-{payload['rated_at'][:10].replace('-', '')}-{payload['rating']}"


@register_backend
class ConsoleBackend(ProvincialBackend):
    """One log line per rating."""

    name = "console"

    def push(self, payload):
        reference = _reference(payload)
        logger.info(
            "provincial rating push ref=%s case=%s department=%s level=%s channel=%s",
            reference,
            payload["case_number"],
            payload["department_code"],
            payload["level"],
            payload["channel"],
        )
        return reference


@register_backend
class FileBackend(ProvincialBackend):
    """Appends one JSON line per rating to ``settings.FEEDBACK_PROVINCIAL_FILE``."""

    name = "file"

    def push(self, payload):
        reference = _reference(payload)
        line = {"pushed_at": timezone.now().isoformat(), "reference": reference, **payload}
        append_json_line("FEEDBACK_PROVINCIAL_FILE", "provincial_ratings.jsonl", line)
        return reference


# -- the payload --------------------------------------------------------------------------------

# The platform's applicant types: natural person, legal person, anonymous, supervisor.
APPLICANT_TYPES = {
    AccountKind.CITIZEN: "natural_person",
    AccountKind.ENTERPRISE: "legal_person",
}
RATER_TYPES = {
    RaterKind.CITIZEN: "natural_person",
    RaterKind.ENTERPRISE: "legal_person",
    RaterKind.ANONYMOUS: "anonymous",
    RaterKind.SUPERVISOR: "supervisor",
}

PAYLOAD_FIELDS = (
    "rating",
    "case_number",
    "item_code",
    "item_version",
    "department_code",
    "department_name",
    "applicant_type",
    "applicant_id",
    "channel",
    "rated_at",
    "staff",
    "level",
)


def _applicant(rating: Rating):
    """The person the rating speaks for: the case's applicant, else the rater."""
    if rating.case_id and rating.case.applicant_id:
        return rating.case.applicant
    return rating.rater


def _masked_id(person) -> str:
    if person is None:
        return ""
    if person.kind == AccountKind.ENTERPRISE and person.uscc:
        return mask_id_number(person.uscc)
    # str() of the encrypted field is already the masked form; masking again keeps it so.
    return mask_id_number(str(person.id_number or ""))


def payload(rating: Rating) -> dict:
    """What the platform receives for one rating; no full ID number, no comment."""
    case = rating.case if rating.case_id else None
    version = case.item_version if case is not None and case.item_version_id else None
    department = rating.department
    if department is None and rating.window_id and rating.window.department_id:
        department = rating.window.department
    person = _applicant(rating)
    if person is not None and person.kind in APPLICANT_TYPES:
        applicant_type = APPLICANT_TYPES[person.kind]
    else:
        applicant_type = RATER_TYPES.get(rating.rater_kind, "anonymous")
    staff = rating.staff
    return {
        "rating": rating.pk,
        "case_number": case.number if case is not None else "",
        "item_code": version.item.code if version is not None else "",
        "item_version": version.number if version is not None else None,
        "department_code": department.code if department else "",
        "department_name": department.name if department else "",
        "applicant_type": applicant_type,
        "applicant_id": _masked_id(person),
        "channel": rating.channel,
        "rated_at": timezone.localtime(rating.created_at).isoformat(),
        "staff": staff.username if staff is not None else "",
        "level": rating.level,
    }


def _rating(rating_id: int) -> Rating | None:
    return (
        Rating.objects.select_related(
            "case__item_version__item",
            "case__applicant",
            "department",
            "window__department",
            "staff",
            "rater",
        )
        .filter(pk=rating_id)
        .first()
    )


# -- scheduling and pushing ---------------------------------------------------------------------


def schedule_push(rating: Rating) -> None:
    """Push ``rating`` once the current transaction commits (nothing on rollback)."""
    enqueue_on_commit(
        "onewindow.feedback.tasks.push_rating",  # tasks imports this module
        {"rating_id": rating.pk},
        logger=logger,
        failure=f"provincial: could not schedule rating #{rating.pk}",
    )


def push(rating_id: int) -> RatingPush | None:
    """Push one rating (once): record the attempt, then the result; returns the row.

    Raises nothing for a backend failure: the row says ``failed`` with the error, and the
    caller (the task) decides whether to retry.
    """
    rating = _rating(rating_id)
    if rating is None:
        logger.warning("provincial: rating #%s is gone; dropped", rating_id)
        return None
    name = backend_label(backend_name())
    body = payload(rating)
    row, _created = RatingPush.objects.get_or_create(
        rating=rating, defaults={"backend": name, "payload": body}
    )
    if row.status == PushStatus.SENT:
        return row
    # Count the attempt before calling out, so a crash in the backend is still counted.
    RatingPush.objects.filter(pk=row.pk).update(
        attempts=F("attempts") + 1, backend=name, payload=body
    )
    try:
        reference = get_backend().push(body)
    except Exception as exc:
        logger.exception("provincial: push of rating #%s failed", rating_id)
        return _finish(row, PushStatus.FAILED, error=f"{type(exc).__name__}: {exc}")
    return _finish(row, PushStatus.SENT, reference=str(reference or ""))


@transaction.atomic
def _finish(row: RatingPush, status: str, *, reference: str = "", error: str = "") -> RatingPush:
    now = timezone.now()
    changed = {
        "status": status,
        "error": error[:ERROR_MAX_LENGTH],
        "pushed_at": now if status == PushStatus.SENT else None,
    }
    updated = RatingPush.objects.filter(pk=row.pk).exclude(status=PushStatus.SENT).update(**changed)
    row.refresh_from_db()
    if updated:
        record(
            "rating.provincial_push",
            obj=row.rating,
            result="success" if status == PushStatus.SENT else "failure",
            after={
                "backend": row.backend,
                "status": status,
                "attempts": row.attempts,
                "reference": reference,
                "error": row.error,
            },
            summary=_("好差评数据推送省平台：评价 #%(id)s %(status)s")
            % {"id": row.rating_id, "status": PushStatus(status).label},
        )
    return row


def unsent(limit: int = RETRY_BATCH):
    """Ratings still to push: no push row yet, or one pending/failed with attempts left."""
    missing = Rating.objects.filter(push__isnull=True).values_list("pk", flat=True)
    retry = RatingPush.objects.exclude(status=PushStatus.SENT).filter(
        attempts__lt=RETRY_MAX_ATTEMPTS
    )
    ids = list(retry.order_by("pk").values_list("rating_id", flat=True)[:limit])
    return ids + list(missing.order_by("pk")[: max(0, limit - len(ids))])


def retry_unsent(limit: int = RETRY_BATCH) -> dict:
    """Push what is pending or failed (the hourly sweep); returns the counts."""
    counts = {"sent": 0, "failed": 0}
    for rating_id in unsent(limit):
        row = push(rating_id)
        if row is not None:
            counts["sent" if row.status == PushStatus.SENT else "failed"] += 1
    return counts
