"""Printable asset labels (资产标签) with a QR code, and the asset's own page the code
links to. A label carries the asset number, name, custodian and location; the QR code is
the asset page's URL, so a phone's camera opens the asset, and the inventory count's
scanner field accepts the same URL (``number_from_scan``) as well as the bare number.
"""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from onewindow.catalog.templatetags.catalog_tags import qr_png_data_uri
from onewindow.core.errors import NotFound

from .. import permissions
from ..models import Asset

MAX_LABELS = 200
_ASSET_URL = re.compile(r"/governance/assets/(\d+)/?(?:[?#].*)?$")


def number_from_scan(value: str) -> str:
    """What a scanner typed: the asset page's URL (the label's QR code) or the number."""
    value = (value or "").strip()
    match = _ASSET_URL.search(value)
    if match:
        number = Asset.objects.filter(pk=int(match.group(1))).values_list("number", flat=True)
        return number.first() or value
    return value


def _require_see(user):
    if not permissions.sees_assets(user):
        raise NotFound()


@require_GET
@login_required
def asset(request, pk):
    """One asset: what its label's QR code opens."""
    _require_see(request.user)
    row = Asset.objects.select_related("custodian", "expenditure", "contract").filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return render(request, "governance/asset.html", {"asset": row})


@require_GET
@login_required
def labels(request):
    """A sheet of labels for the assets chosen (``?id=1&id=2``, or ``?all=1`` for the page
    of the register being looked at with its search), to print on A4 label paper."""
    _require_see(request.user)
    qs = Asset.objects.select_related("custodian").order_by("number")
    ids = [int(v) for v in request.GET.getlist("id") if v.isdigit()]
    if ids:
        qs = qs.filter(pk__in=ids)
    elif request.GET.get("q"):
        qs = qs.filter(number__icontains=request.GET["q"][:30])
    elif not request.GET.get("all"):
        qs = qs.none()
    rows = list(qs[: MAX_LABELS + 1])
    truncated = len(rows) > MAX_LABELS
    rows = rows[:MAX_LABELS]
    items = []
    for row in rows:
        url = request.build_absolute_uri(reverse("governance:asset", args=[row.pk]))
        items.append({"asset": row, "url": url, "qr": qr_png_data_uri(url)})
    context = {
        "items": items,
        "truncated": truncated,
        "limit": MAX_LABELS,
        "title": _("固定资产标签"),
    }
    return render(request, "governance/asset_labels.html", context)
