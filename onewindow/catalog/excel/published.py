"""The public catalogue export: built once per catalogue change, then served from a file.

Building the workbook costs seconds; the public downloads the same bytes over and over. Every
change that the export shows (publishing, withdrawing, reform lists, bundles) calls
``catalogue_changed()`` in its own transaction, which gives the catalogue a new random
edition. The first download of an edition builds the file in the default storage under the
edition's name (shared by every process and server, like the uploads); later downloads stream
it. A random edition rather than a counter, so a restored or rolled-back database can never be
matched with a file that was built from other data.

Anonymous downloads are throttled per client address and are not audited (public data, read
by the public: an audit row per call only fills the log); a signed-in user's export is audited.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core import throttle
from onewindow.core.audit import record
from onewindow.core.errors import NotFound
from onewindow.core.shared_cache import shared_cache as cache

from ..constants import ReformList
from ..models import ExportEdition
from . import export

FOLDER = "catalog/exports"
THROTTLE_PREFIX = "catalog:export"
THROTTLE_SECONDS = 3600


@dataclass
class Download:
    file: File
    name: str


EDITION_CACHE_KEY = "catalog:edition"


def catalogue_changed() -> None:
    """A new edition: call inside the transaction of any change the export shows."""
    token = uuid.uuid4().hex
    if not ExportEdition.objects.filter(pk=1).update(token=token):
        ExportEdition.objects.bulk_create([ExportEdition(pk=1, token=token)], ignore_conflicts=True)
    # What is cached under the old edition (the published versions the applications use)
    # is left behind: now, and again after the commit (a reader between the two may have
    # cached the old state under the old edition's key, which then nobody reads).
    cache.delete(EDITION_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(EDITION_CACHE_KEY), robust=True)


def cached_edition() -> str:
    """The catalogue's edition, from the cache: a key prefix that changes with the catalogue."""
    edition = cache.get(EDITION_CACHE_KEY)
    if edition is None:
        edition = uuid.uuid4().hex
        cache.add(EDITION_CACHE_KEY, edition)
        edition = cache.get(EDITION_CACHE_KEY) or edition
    return edition


def _edition() -> str:
    token = ExportEdition.objects.filter(pk=1).values_list("token", flat=True).first()
    if token is None:
        catalogue_changed()
        token = ExportEdition.objects.values_list("token", flat=True).get(pk=1)
    return token


def _scope(list_code: str | None) -> str:
    if list_code is not None and list_code not in ReformList.values:
        raise NotFound()
    return list_code or "all"


def catalogue_file(list_code: str | None = None) -> File:
    """The export of the current edition, built first if this edition has none yet."""
    scope = _scope(list_code)
    name = f"{FOLDER}/{scope}-{_edition()}.xlsx"
    if not default_storage.exists(name):
        content, _count = export.build_catalogue(list_code)
        _store(name, content, scope)
    return default_storage.open(name, "rb")


def _store(name: str, content: bytes, scope: str) -> None:
    if not default_storage.exists(name):
        # Two first downloads may build at once: the second save gets a suffixed name,
        # which the clean-up below removes with the older editions.
        default_storage.save(name, ContentFile(content))
    _folders, files = default_storage.listdir(FOLDER)
    for other in files:
        if other.rsplit("-", 1)[0] == scope and f"{FOLDER}/{other}" != name:
            default_storage.delete(f"{FOLDER}/{other}")


def download(request, list_code: str | None = None) -> Download:
    """The export for ``request``'s user: throttled if anonymous, audited if signed in."""
    scope = _scope(list_code)
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    if not signed_in:
        throttle.take(
            THROTTLE_PREFIX,
            request,
            limit=int(settings.CATALOG_EXPORTS_PER_HOUR),
            seconds=THROTTLE_SECONDS,
            message=_("下载过于频繁，请一小时后再试。"),
        )
    served = Download(catalogue_file(list_code), _file_name(scope))
    if signed_in:
        _audit(user, list_code, request)
    return served


def _file_name(scope: str) -> str:
    return f"catalog-{scope}-{timezone.localtime().strftime('%Y%m%d')}.xlsx"


def _audit(user, list_code: str | None, request) -> None:
    count = len(export.item_ids(list_code))
    label = str(ReformList(list_code).label) if list_code else _("全部事项")
    with transaction.atomic():
        record(
            "export",
            actor=user,
            request=request,
            object_type="catalog.ServiceItem",
            object_id=list_code or "all",
            after={"list": list_code or "all", "items": count},
            summary=_("导出事项目录（%(scope)s），共 %(n)s 个事项") % {"scope": label, "n": count},
        )
