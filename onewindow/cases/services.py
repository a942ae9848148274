"""Writes of cases. For now: starting an application under the item's current version."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.catalog.constants import VersionStatus
from onewindow.catalog.models import Bundle, ItemVersion, ServiceItem
from onewindow.core.audit import record
from onewindow.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied

from .constants import NUMBER_PREFIX, Channel
from .models import Case

NUMBER_ATTEMPTS = 5


def _next_number() -> str:
    """DY + today's date + the day's next 6-digit sequence number."""
    prefix = f"{NUMBER_PREFIX}{timezone.localdate():%Y%m%d}"
    last = (
        Case.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{sequence:06d}"


def _current_version(item) -> ItemVersion:
    if not isinstance(item, ServiceItem):
        item = ServiceItem.objects.filter(code=str(item)).first()
    version = (
        ItemVersion.objects.filter(item=item, status=VersionStatus.PUBLISHED).first()
        if item is not None
        else None
    )
    if version is None:
        raise NotFound(_("该事项暂无可办理的现行版本"))
    return version


def start_application(applicant, *, item=None, bundle=None, channel=Channel.ONLINE) -> Case:
    """A draft case for ``item`` (its CURRENT published version) or a published ``bundle``."""
    if applicant is None or not getattr(applicant, "is_authenticated", False):
        raise PermissionDenied(_("请先登录后再申请"))
    if not applicant.is_active:
        raise PermissionDenied()
    if (item is None) == (bundle is None):
        raise InvalidInput(_("请选择要申请的事项或一件事"))
    if channel not in Channel.values:
        raise InvalidInput(_("申请渠道无效"), field="channel")
    version = None
    if item is not None:
        version = _current_version(item)
    else:
        if not isinstance(bundle, Bundle):
            bundle = Bundle.objects.filter(code=str(bundle)).first()
        if bundle is None or not bundle.is_published:
            raise NotFound(_("该一件事暂未开放办理"))
    for _attempt in range(NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    number=_next_number(),
                    applicant=applicant,
                    item_version=version,
                    bundle=bundle,
                    channel=channel,
                )
                record(
                    "case.start",
                    actor=applicant,
                    obj=case,
                    after={
                        "number": case.number,
                        "item": version.item.code if version else None,
                        "version": version.number if version else None,
                        "bundle": bundle.code if bundle else None,
                        "channel": channel,
                    },
                    summary=_("发起申请 %(number)s") % {"number": case.number},
                )
                return case
        except IntegrityError:
            continue  # another case took the number at the same moment: take the next one
    raise Conflict(_("办件编号生成冲突，请稍后重试"))
