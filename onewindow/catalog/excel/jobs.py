"""Import jobs: their progress lives in Django's cache under a random job id.

No table is needed: a job is a short-lived dict {state, done, total, errors, ...} that the
Celery task writes and the progress page reads. The import itself is one database
transaction, so a job that dies midway has imported nothing, whatever its dict last said.
With a real worker the cache must be shared (Redis: CACHE_URL) so the page sees its writes.
"""

import base64
import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.core.audit import record
from onewindow.core.errors import DomainError, NotFound

from .importer import ImportRefused, import_items

logger = logging.getLogger(__name__)

QUEUED, VALIDATING, IMPORTING = "queued", "validating", "importing"
DONE, INVALID, FAILED = "done", "invalid", "failed"
FINISHED = frozenset({DONE, INVALID, FAILED})
STATE_LABELS = {
    QUEUED: gettext_lazy("排队等待"),
    VALIDATING: gettext_lazy("正在校验"),
    IMPORTING: gettext_lazy("正在导入"),
    DONE: gettext_lazy("导入完成"),
    INVALID: gettext_lazy("校验未通过"),
    FAILED: gettext_lazy("导入失败"),
}
MAX_ERRORS_KEPT = 5000  # a whole sheet of mistakes is still shown; a runaway file is cut


def _ttl() -> int:
    return getattr(settings, "CATALOG_IMPORT_JOB_TTL", 24 * 60 * 60)


def _stale_after() -> int:
    return getattr(settings, "CATALOG_IMPORT_STALE_SECONDS", 10 * 60)


def _key(job_id) -> str:
    return f"catalog:excel-import:{job_id}"


def _write(job_id, job: dict) -> None:
    job["updated_at"] = time.time()
    cache.set(_key(job_id), job, _ttl())


def _update(job_id, **changes) -> None:
    job = cache.get(_key(job_id)) or {}
    job.update(changes)
    _write(job_id, job)


def create(user, file_name: str = "") -> str:
    """A new queued job owned by ``user``; returns its id."""
    job_id = str(uuid.uuid4())
    _write(
        job_id,
        {
            "id": job_id,
            "user_id": user.pk,
            "file_name": file_name[:200],
            "state": QUEUED,
            "done": 0,
            "total": 0,
            "imported": 0,
            "errors": [],
            "error_count": 0,
            "message": "",
        },
    )
    return job_id


def get(user, job_id) -> dict:
    """The job as the progress page shows it; NotFound unless it is this user's own."""
    job = cache.get(_key(job_id))
    if not job or job.get("user_id") != getattr(user, "pk", None):
        raise NotFound()
    job = dict(job)
    if job["state"] in (VALIDATING, IMPORTING) and (
        time.time() - job.get("updated_at", 0) > _stale_after()
    ):
        # The worker died (the transaction rolled back): say so instead of polling forever.
        job["state"] = FAILED
        job["message"] = _("导入已中断，未导入任何事项，请重新上传。")
    job["finished"] = job["state"] in FINISHED
    job["state_label"] = str(STATE_LABELS.get(job["state"], job["state"]))
    total = job.get("total") or 0
    job["percent"] = (
        100 if job["finished"] else int(100 * job.get("done", 0) / total) if total else 0
    )
    return job


def encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def record_refusal(actor, message: str, *, request=None, job_id: str = "") -> None:
    """A refused import leaves one audit record (nothing else was written)."""
    with transaction.atomic():
        record(
            "catalog.import",
            actor=actor,
            request=request,
            result="failure",
            object_type="catalog.import",
            object_id=job_id or None,
            summary=_("Excel 导入未通过：%(msg)s") % {"msg": message},
        )


def fail(job_id: str, message: str = "") -> None:
    _update(job_id, state=FAILED, message=message or _("导入失败，未导入任何事项。"))


def run(job_id: str, user, data: bytes) -> dict:
    """Run one import and leave its outcome in the job; never raises."""

    def progress(state: str, done: int, total: int) -> None:
        # About a hundred cache writes per phase at most, whatever the file's size.
        if done in (1, total) or done % max(1, total // 100) == 0:
            _update(job_id, state=state, done=done, total=total)

    _update(job_id, state=VALIDATING, done=0, total=0)
    try:
        codes = import_items(user, data, progress=progress, job_id=job_id)
    except ImportRefused as exc:
        errors = [e.as_dict() for e in exc.row_errors]
        _update(
            job_id,
            state=INVALID,
            message=exc.message,
            errors=errors[:MAX_ERRORS_KEPT],
            error_count=len(errors),
        )
        record_refusal(user, exc.message, job_id=job_id)
    except DomainError as exc:
        _update(job_id, state=INVALID, message=exc.message)
        record_refusal(user, exc.message, job_id=job_id)
    except Exception:
        logger.exception("catalogue import %s failed", job_id)
        message = _("导入过程中出现系统错误，未导入任何事项，请稍后重试。")
        _update(job_id, state=FAILED, message=message)
        record_refusal(user, message, job_id=job_id)
    else:
        _update(
            job_id,
            state=DONE,
            imported=len(codes),
            message=_("%(n)s 个事项已导入") % {"n": len(codes)},
        )
    return cache.get(_key(job_id)) or {}
