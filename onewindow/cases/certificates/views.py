"""Certificate pages. Thin: selectors read, services write.

- ``verify`` (public, no login): the QR code's target; validity and the public face only.
- ``certificate_pdf``: the holder's and the case's staff's download (attachment, nosniff).
- ``revoke``: an approver of the responsible department (POST).
- ``deliver``: the window's delivery form (clerks).
- ``start_industry``: a draft 一业一证 case (POST), then the case page.
- ``e_delivery``: 电子送达, the holder reads the decision and certificates and signs (POST);
  ``e_delivery_proof``: the printable 送达回证 (the holder and staff who see the case).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onewindow.core.errors import DomainError, NotFound
from onewindow.core.forms import show_error

from .. import selectors as case_selectors
from .. import services
from ..constants import CertificateStatus, Channel
from . import deliver as deliver_case
from . import edelivery, selectors
from . import services as certificate_services
from .forms import DeliveryForm, RevokeForm


@require_GET
def verify(request, token: str):
    """The public check of a certificate: 有效 or 已注销, without personal data."""
    try:
        certificate = selectors.certificate_by_token(token)
    except NotFound:
        return render(request, "cases/certificates/verify_not_found.html", status=404)
    context = {
        "certificate": certificate,
        "is_valid": certificate.status == CertificateStatus.VALID,
    }
    return render(request, "cases/certificates/verify.html", context)


@require_GET
@login_required
def certificate_pdf(request, number: str):
    certificate, data = certificate_services.download(request.user, number, request=request)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def revoke(request, number: str):
    form = RevokeForm(request.POST)
    certificate = selectors.certificate_for_download(request.user, number)
    if not form.is_valid():
        messages.error(request, _("请填写注销原因（不超过500字）"))
    else:
        try:
            certificate_services.revoke(
                request.user, number, form.cleaned_data["reason"], request=request
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("证照已注销"))
    return redirect("cases:detail", number=certificate.case.number)


@require_http_methods(["GET", "POST"])
@login_required
def deliver(request, number: str):
    case = selectors.deliverable_case(request.user, number)
    form = DeliveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            deliver_case(request.user, case, **form.cleaned_data, request=request)
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("已登记送达，办件已办结"))
            return redirect("cases:deliver", number=case.number)
    context = {
        "case": case,
        "form": form,
        "delivery": getattr(case, "delivery", None),  # None until delivered
        "certificates": selectors.case_certificates(case, request.user, request),
    }
    return render(request, "cases/certificates/deliver.html", context)


@require_POST
@login_required
def start_industry(request, code: str):
    case = services.start_application(request.user, industry=code, channel=Channel.ONLINE)
    return redirect("cases:detail", number=case.number)


@login_required
@require_http_methods(["GET", "POST"])
def e_delivery(request, number: str):
    pending = edelivery.pending_for_holder(request.user, number)
    if request.method == "POST":
        try:
            edelivery.confirm_receipt(request.user, number, request=request)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已签收，送达完成，办件已办结"))
        return redirect("cases:e_delivery", number=pending.case.number)
    context = {
        "case": pending.case,
        "delivery": pending.delivery,
        "certificates": pending.certificates,
        "signers": services.signers(pending.case),
    }
    return render(request, "cases/certificates/e_delivery.html", context)


@login_required
@require_GET
def e_delivery_proof(request, number: str):
    """送达回证: printable once the holder has signed; staff reach it from the case."""
    case = case_selectors.case_for(request.user, number)
    delivery = edelivery.delivery_of(case)
    if delivery is None or delivery.method != "electronic" or delivery.delivered_at is None:
        raise NotFound(_("该办件没有电子送达回证"))
    context = {
        "case": case,
        "delivery": delivery,
        "certificates": list(case.certificates.order_by("pk")),
        "issuer": certificate_services.issuer(),
    }
    return render(request, "cases/certificates/e_delivery_proof.html", context)
