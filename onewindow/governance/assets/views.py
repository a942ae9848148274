"""Asset pages: the register, reconciliation upload and result, an inventory count."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onewindow.core.errors import DomainError, NotFound

from .. import permissions
from ..constants import ASSET_CATEGORIES
from ..models import Asset, InventoryCount, Reconciliation
from ..selectors import (
    late_asset_count,
    late_asset_purchases,
    recent_reconciliations,
    reconciliation_due,
)
from ..web import refused_status
from . import services
from .labels import number_from_scan

MAX_UPLOAD = 20 * 1024 * 1024
LATE_SHOWN = 20  # late purchases listed on the page; the rest as a count


def _require_see(user):
    if not permissions.sees_assets(user):
        raise NotFound()


@require_http_methods(["GET", "POST"])
@login_required
def assets(request):
    user = request.user
    _require_see(user)
    error, status = None, 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None or upload.size > MAX_UPLOAD:
            error, status = _("请选择不超过20MB的 .xlsx 文件"), 400
        else:
            try:
                row = services.reconcile(
                    user, data=upload.read(), original_name=upload.name, request=request
                )
            except DomainError as exc:
                error, status = exc, refused_status(exc)
            else:
                return redirect("governance:reconciliation", pk=row.pk)
    qs = Asset.objects.select_related("custodian").order_by("number")
    if request.GET.get("q"):
        qs = qs.filter(number__icontains=request.GET["q"][:30])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    # get_category_code_display translates and hashes every category for every row
    # (about 1,000 gettext calls a page); one dict per page does the same.
    labels = {code: str(label) for code, label in ASSET_CATEGORIES}
    page.object_list = list(page.object_list)
    for asset in page.object_list:
        asset.category_label = labels.get(asset.category_code, "")
    today = timezone.localdate()
    late = late_asset_purchases(today, limit=LATE_SHOWN)
    context = {
        "page_obj": page,
        "errors": getattr(error, "errors", {}).get("file") if error else None,
        "error": str(error) if error else "",
        "may_manage": permissions.manages_assets(user),
        "late": late,
        "late_more": late_asset_count(today) - len(late) if len(late) == LATE_SHOWN else 0,
        "due": reconciliation_due(today),
        "reconciliations": recent_reconciliations(10),
        "counts": InventoryCount.objects.all()[:10],
    }
    return render(request, "governance/assets.html", context, status=status)


@require_GET
@login_required
def reconciliation(request, pk):
    _require_see(request.user)
    row = Reconciliation.objects.filter(pk=pk).first()
    if row is None:
        raise NotFound()
    labels = services.DIFFERENCE_LABELS
    rows = [{**d, "label": labels.get(d["kind"], d["kind"])} for d in row.differences]
    return render(request, "governance/reconciliation.html", {"row": row, "rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def inventory(request, pk):
    """The phone page of a count: scan (or type) a label; the result once finished."""
    user = request.user
    _require_see(user)
    count = InventoryCount.objects.filter(pk=pk).first()
    if count is None:
        raise NotFound()
    if request.method == "POST":
        if not permissions.manages_assets(user):
            raise NotFound()
        try:
            if request.POST.get("finish"):
                services.finish_count(user, count, request=request)
                return redirect("governance:inventory", pk=count.pk)
            number = number_from_scan(request.POST.get("asset_number", ""))
            counted, message = services.scan(user, count, number, request=request)
        except DomainError as exc:
            return JsonResponse({"ok": False, "message": exc.message}, status=400)
        return JsonResponse({"ok": counted, "message": message})
    context = {"count": count, "result": services.count_result(count)}
    return render(request, "governance/inventory.html", context)


@require_POST
@login_required
def inventory_new(request):
    _require_see(request.user)
    if not permissions.manages_assets(request.user):
        raise NotFound()
    count = services.start_count(
        request.user, title=request.POST.get("title") or _("固定资产盘点"), request=request
    )
    return redirect("governance:inventory", pk=count.pk)
