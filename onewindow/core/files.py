"""Uploaded files that appear only when the transaction that stores them commits.

The bytes are written under a pending name (the final, generated name plus ``.pending``)
and moved to the final name in ``transaction.on_commit``; the row points at the final
name from the start. So:

- a rolled-back write leaves no file: :func:`removed_on_error`, wrapped around the atomic
  block, deletes its pending files at once (a disk that fills up in the middle of a file
  leaves nothing either);
- a killed process, or a rollback outside ``removed_on_error``, leaves only pending files,
  which :func:`sweep` (the ``sweep_pending_files`` command, and a Celery beat task)
  removes once they are older than FILES_PENDING_MAX_AGE;
- a process that died between the commit and the move left a committed row pointing at
  a final name that is still pending: the sweeper finishes the move. It never removes a
  file a committed row points at.

One helper for every upload that is kept: the applicants' materials (cases/documents.py)
and the rectification evidence (rectification/ledger/services.py). The storage is the
field's own (a local folder, or S3-compatible through django-storages).
"""

from __future__ import annotations

import contextlib
import logging
import os
import posixpath
from collections import Counter
from datetime import timedelta
from functools import partial

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, models, router, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

PENDING_SUFFIX = ".pending"
DEFAULT_PENDING_MAX_AGE = 6 * 60 * 60  # far longer than any transaction that stores files


def pending_max_age() -> int:
    return int(getattr(settings, "FILES_PENDING_MAX_AGE", DEFAULT_PENDING_MAX_AGE))


def save_on_commit(field_file, data: bytes, *, written: list | None = None) -> str:
    """Name ``field_file`` with its field's generated name; the bytes follow on commit.

    Call inside the atomic block that saves the row, before ``save()``. ``written`` (from
    :func:`removed_on_error`) collects the pending file. Returns the final name.
    """
    storage = field_file.storage
    wanted = field_file.field.generate_filename(field_file.instance, "upload") + PENDING_SUFFIX
    try:
        pending = storage.save(wanted, ContentFile(data))
    except BaseException:
        _delete_quietly(storage, wanted)  # ENOSPC in the middle of a file leaves a part
        raise
    if written is not None:
        written.append((storage, pending))
    field_file.name = final_name(pending)
    transaction.on_commit(
        partial(_move, storage, pending),
        using=router.db_for_write(type(field_file.instance)),
        robust=True,  # a failed move is logged; the sweeper finishes it
    )
    return field_file.name


def final_name(pending: str) -> str:
    return pending.removesuffix(PENDING_SUFFIX)


@contextlib.contextmanager
def removed_on_error():
    """Wrap it AROUND the atomic block that stores files: if the block raises, the files it
    wrote are settled at once (deleted, since no committed row points at them)."""
    written: list = []
    try:
        yield written
    except BaseException:
        for storage, pending in written:
            settle(storage, pending, on_error=True)
        raise


def settle(storage, pending: str, *, on_error: bool = False) -> str:
    """Move, keep or delete one pending file by what the committed rows say.

    Returns "moved", "kept" or "removed". When the database cannot answer (it is down, or
    the transaction is broken) the file is kept for the sweeper.
    """
    try:
        if is_referenced(pending):
            return "kept"  # not written by this module, but a row needs it
        if is_referenced(final_name(pending)):
            _move(storage, pending)  # committed, but the process died before the move
            return "moved"
    except DatabaseError:
        if not on_error:
            raise
        logger.warning("pending upload kept for the sweeper: the database did not answer")
        return "kept"
    _delete_quietly(storage, pending)
    return "removed"


def is_referenced(name: str) -> bool:
    """Whether a row of any model's file field points at ``name``."""
    return any(
        model._base_manager.filter(**{field.attname: name}).exists()
        for model, field in _file_fields()
    )


def sweep(max_age: int | None = None) -> Counter:
    """Settle every pending file older than ``max_age`` seconds, in every file storage."""
    age = pending_max_age() if max_age is None else max_age
    cutoff = timezone.now() - timedelta(seconds=age)
    done: Counter = Counter()
    for storage in _storages():
        for pending in _pending_names(storage):
            if storage.get_modified_time(pending) <= cutoff:
                done[settle(storage, pending)] += 1
    return done


# -- helpers --------------------------------------------------------------------------


def _move(storage, pending: str) -> None:
    final = final_name(pending)
    try:
        source, target = storage.path(pending), storage.path(final)
    except NotImplementedError:  # a remote storage: copy, then delete
        with storage.open(pending) as content:
            storage.save(final, content)
        storage.delete(pending)
    else:
        os.replace(source, target)  # a local folder: atomic


def _delete_quietly(storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:
        logger.warning("could not delete a pending upload; the sweeper will retry")


def _file_fields():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field


def _storages():
    found = {}
    for _model, field in _file_fields():
        found.setdefault(id(field.storage), field.storage)
    return found.values()


def _pending_names(storage, folder: str = ""):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # nothing was ever stored
        return
    for name in files:
        if name.endswith(PENDING_SUFFIX):
            yield posixpath.join(folder, name)
    for sub in folders:
        yield from _pending_names(storage, posixpath.join(folder, sub))
