"""The applicant's pages: apply online, my cases, a case, supplement, download, tracking.

Thin: application.py, documents.py and tracking.py do the work; selectors scope reads.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onewindow.core import throttle
from onewindow.core.errors import DomainError, PermissionDenied

from .. import form_data, selectors, services, workflow
from ..certificates import selectors as certificate_selectors
from ..constants import CaseStatus, Channel, DeliveryMethod
from ..models import Delivery
from . import application, documents, tracking, uploads
from .forms import ApplicationForm, SupplementForm, TrackForm, show_errors

PER_PAGE = 20


def _upload_context() -> dict:
    return {
        "max_mb": uploads.megabytes(uploads.max_bytes()),
        "max_bytes": uploads.max_bytes(),
        "max_files": uploads.max_files(),
        "accepted_kinds": uploads.accepted_kinds_text(),
    }


def _initial(draft) -> dict:
    """A draft's earlier values, except personal data (never sent back in full)."""
    if draft is None or not isinstance(draft.form_data, dict):
        return {}
    return {
        key: value
        for key, value in draft.form_data.items()
        if not (isinstance(value, str) and value.startswith("v1:"))
    }


def _apply_page(request, target, apply_url):
    application.check_applicant(request.user)
    draft = application.open_draft(request.user, target)
    library = documents.library(
        request.user, [application.material_type_id(m) for m in target.materials]
    )
    form = ApplicationForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        target=target,
        library=library,
        initial=_initial(draft),
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = application.apply(
                request.user,
                target,
                form_data=form.form_data(),
                files=form.files_by_material(),
                reuse=form.reused(),
                delivery=form.delivery(),
                request=request,
            )
        except DomainError as exc:
            show_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "申请已提交，办件编号 %(number)s。窗口审核后会通知您，"
                    "也可在“我的办件”中查看进度。"
                )
                % {"number": case.number},
            )
            return redirect("cases:detail", number=case.number)
    context = {
        "form": form,
        "target": target,
        "draft": draft,
        "apply_url": apply_url,
        **_upload_context(),
    }
    status = 400 if form.errors else 200
    return render(request, "cases/applicant/apply.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, item_code: str):
    target = application.item_target(item_code)
    return _apply_page(request, target, reverse("cases:apply", args=[target.code]))


@login_required
@require_http_methods(["GET", "POST"])
def apply_bundle(request, code: str):
    target = application.bundle_target(code)
    return _apply_page(request, target, reverse("cases:apply_bundle", args=[target.code]))


@require_POST
@login_required
def start(request, item_code: str):
    """A draft for the item (kept for links and tests that start a case directly)."""
    case = services.start_application(request.user, item=item_code, channel=Channel.ONLINE)
    return redirect("cases:detail", number=case.number)


@login_required
@require_GET
def my_cases(request):
    page = Paginator(application.my_cases(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cases/applicant/my_cases.html", {"page": page})


def _continue_url(case, user) -> str:
    if case.status != CaseStatus.DRAFT or case.applicant_id != user.pk:
        return ""
    if case.item_version_id is not None:
        return reverse("cases:apply", args=[case.item_version.item.code])
    if case.bundle_id is not None:
        return reverse("cases:apply_bundle", args=[case.bundle.code])
    return ""


@require_GET
@login_required
def case_detail(request, number: str):
    case = selectors.case_for(request.user, number)
    actions = workflow.allowed_actions(case, request.user)
    notice = None
    if case.status in (CaseStatus.DEFICIENT, CaseStatus.CORRECTING):
        notice = (
            case.deficiency_notices.filter(supplemented_at__isnull=True)
            .order_by("-issued_at")
            .first()
        )
    clock = case.promised_clock
    context = {
        "case": case,
        "materials": application.detail_materials(case),
        "form_rows": form_data.rows(case),
        "events": selectors.timeline(case),
        "certificates": certificate_selectors.case_certificates(case, request.user, request),
        "notice": notice,
        "can_supplement": notice is not None and "supplement" in actions,
        "continue_url": _continue_url(case, request.user),
        "due_date": clock.due_date if clock is not None and clock.stopped_on is None else None,
        "is_applicant": case.applicant_id == request.user.pk,
        "can_rate": _can_rate(case, request.user),
        "e_delivery": _e_delivery(case, request.user),
    }
    return render(request, "cases/detail.html", context)


def _e_delivery(case, user):
    """The holder's 电子送达 of this case (sent, perhaps signed), else None."""
    if case.applicant_id != user.pk or case.delivery_method != DeliveryMethod.ELECTRONIC:
        return None
    return Delivery.objects.filter(case=case, sent_at__isnull=False).first()


def _can_rate(case, user) -> bool:
    """The applicant rates a case online once it has an outcome (好差评, one per case)."""
    from onewindow.feedback.ratings import selectors as rating_selectors
    from onewindow.feedback.ratings import services as rating_services

    return (
        case.applicant_id == user.pk
        and case.status in rating_services.RATEABLE_CASE_STATUSES
        and rating_selectors.online_rating_of(case) is None
    )


@login_required
@require_http_methods(["GET", "POST"])
def supplement(request, number: str):
    case = selectors.case_for(request.user, number)
    if case.status not in (CaseStatus.DEFICIENT, CaseStatus.CORRECTING):
        messages.info(request, _("该办件当前无需补正材料。"))
        return redirect("cases:detail", number=case.number)
    if "supplement" not in workflow.allowed_actions(case, request.user):
        raise PermissionDenied(_("只有申请人可以提交补正材料"))
    listed = application.supplement_items(case)
    library = documents.library(case.applicant, [m.material_type_id for m in listed])
    form = SupplementForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        materials=listed,
        library=library,
    )
    if request.method == "POST" and form.is_valid():
        try:
            application.supplement(
                request.user,
                case,
                files=form.files_by_material(),
                reuse=form.reused(),
                request=request,
            )
        except DomainError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("补正材料已提交，请等待窗口审核。"))
            return redirect("cases:detail", number=case.number)
    notice = (
        case.deficiency_notices.filter(supplemented_at__isnull=True).order_by("-issued_at").first()
    )
    context = {"case": case, "form": form, "notice": notice, **_upload_context()}
    return render(
        request, "cases/applicant/supplement.html", context, status=400 if form.errors else 200
    )


@login_required
@require_GET
def document(request, token: str):
    """A material's file: as an attachment, never rendered by the browser."""
    doc = documents.document_for_download(request.user, token, request=request)
    response = FileResponse(
        doc.file.open("rb"),
        as_attachment=True,
        filename=doc.original_name,
        content_type=doc.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store, max-age=0"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    """办件查询: the case number and the applicant's phone give a timeline without PII."""
    form = TrackForm(request.POST if request.method == "POST" else None)
    result, status = None, 200
    if request.method == "POST" and form.is_valid():
        try:
            result = tracking.track(
                form.cleaned_data["number"], form.cleaned_data["phone"], request=request
            )
        except throttle.Throttled as exc:
            form.add_error(None, exc.message)
            status = 429
        except DomainError as exc:
            form.add_error(None, exc.message)
    context = {"form": form, "result": result}
    return render(request, "cases/applicant/track.html", context, status=status)
