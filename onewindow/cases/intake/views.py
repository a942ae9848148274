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
from onewindow.core.errors import DomainError, NotFound, PermissionDenied

from .. import form_data, selectors, services, workflow
from ..certificates import selectors as certificate_selectors
from ..constants import CaseStatus, Channel, DeliveryMethod
from ..models import Delivery
from . import application, documents, drafts, tracking, uploads
from .forms import ApplicationForm, DeliveryForm, SupplementForm, TrackForm, show_errors
from .uploads import ACCEPT_ATTRIBUTE

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
    """The stepped form (暂存 at each step); a POST without ``step`` is the whole form at once."""
    application.check_applicant(request.user)
    if request.method == "POST" and "step" not in request.POST:
        return _apply_whole(request, target, apply_url)
    return _apply_steps(request, target, apply_url)


def _apply_whole(request, target, apply_url):
    """Every field and file in one POST (clients and the earlier page): all or nothing."""
    draft = application.open_draft(request.user, target)
    library = documents.library(
        request.user, [application.material_type_id(m) for m in target.materials]
    )
    form = ApplicationForm(
        request.POST,
        request.FILES,
        target=target,
        library=library,
        initial=_initial(draft),
    )
    if form.is_valid():
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
            _submitted(request, case)
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


def _submitted(request, case) -> None:
    messages.success(
        request,
        _("申请已提交，办件编号 %(number)s。窗口审核后会通知您，也可在“我的办件”中查看进度。")
        % {"number": case.number},
    )


def _step_url(apply_url, saved, step) -> str:
    return f"{apply_url}?draft={saved.pk}&step={step}"


def _apply_steps(request, target, apply_url):
    """1 申请人信息 → 2 申请事项信息 → 3 上传材料 → 4 确认提交; every POST saves the draft."""
    user = request.user
    source = request.POST if request.method == "POST" else request.GET
    saved = None
    if source.get("draft"):
        saved = drafts.draft_for(user, source.get("draft"))
        if not drafts.belongs_to(saved, target):
            raise NotFound(_("没有这个草稿"))
    step = drafts.step_number(source.get("step"), saved.step if saved else drafts.APPLICANT)
    errors: dict = {}
    delivery_form = DeliveryForm()
    if request.method == "POST":
        action = request.POST.get("action", "next")
        if action == "submit" and saved is not None:
            delivery_form = DeliveryForm(request.POST)
            delivery_form.is_valid()  # every field optional: the service checks the choice
            try:
                case = drafts.submit(
                    user, saved, delivery=delivery_form.delivery(), request=request
                )
            except DomainError as exc:
                errors = dict(getattr(exc, "errors", None) or {}) or {"__all__": [exc.message]}
                errors.setdefault("__all__", [exc.message])
                for name in DeliveryForm.DELIVERY_FIELDS:
                    for message in errors.get(name, []):
                        delivery_form.add_error(name, message)
                step = drafts.step_of(target, errors)
                saved.refresh_from_db()
            else:
                _submitted(request, case)
                return redirect("cases:detail", number=case.number)
        else:
            posted = {key: request.POST.get(key, "") for key in request.POST}
            files = {}
            for m in target.materials:
                type_id = application.material_type_id(m)
                chosen = request.FILES.get(application.material_field(type_id))
                if chosen is not None:
                    files[type_id] = chosen
            reuse = [
                application.material_type_id(m)
                for m in target.materials
                if request.POST.get(application.reuse_field(application.material_type_id(m)))
            ]
            saved, errors = drafts.save(
                user,
                target,
                draft=saved,
                step=step,
                form_data=posted,
                files=files,
                reuse=reuse,
                request=request,
            )
            if action == "save":
                if not errors:
                    messages.success(
                        request,
                        _("已暂存。可在“我的草稿”中继续填写，草稿保留 %(n)s 天。")
                        % {"n": drafts.days()},
                    )
                    return redirect(_step_url(apply_url, saved, step))
            elif action == "back":
                if not errors:
                    return redirect(_step_url(apply_url, saved, max(step - 1, 1)))
            else:
                if not errors:
                    errors = drafts.check_step(target, saved, step)
                if not errors:
                    return redirect(_step_url(apply_url, saved, min(step + 1, drafts.CONFIRM)))
            if errors:
                errors.setdefault(
                    "__all__",
                    [_("请按提示修改标出的内容。已选择的文件已保存在草稿中，无需重新选择。")],
                )
    elif saved is None and "fresh" not in request.GET:
        saved = drafts.latest_for(user, target)  # coming back to the item resumes its draft
        if saved is not None:
            return redirect(_step_url(apply_url, saved, saved.step))
    if saved is None:
        saved = drafts.start(user, target)
    context = _steps_context(request, target, apply_url, saved, step, errors)
    context["delivery_form"] = delivery_form
    return render(
        request, "cases/applicant/apply_steps.html", context, status=400 if errors else 200
    )


def _steps_context(request, target, apply_url, saved, step, errors) -> dict:
    fields = drafts.step_fields(target, step)
    values = form_data.draft_initial(saved.form_data)
    summary = form_data.draft_shown(target.fields, saved.form_data)
    shown = {row["key"]: row["value"] for row in summary}
    form = ApplicationForm(None, target=target, library={}, initial=values)
    rows = [
        {
            "field": form[f.key],
            "errors": errors.get(f.key, []),
            "stored": shown.get(f.key) if f.key not in values else "",
        }
        for f in fields
    ]
    given = drafts.kept(saved)
    library = documents.library(
        request.user, [application.material_type_id(m) for m in target.materials]
    )
    materials = []
    for m in target.materials:
        type_id = application.material_type_id(m)
        materials.append(
            {
                "material": m,
                "type_id": type_id,
                "input": application.material_field(type_id),
                "reuse_input": application.reuse_field(type_id),
                "document": given.get(type_id),
                "library": library.get(type_id) if type_id not in given else None,
                "errors": errors.get(application.material_field(type_id), []),
            }
        )
    return {
        "target": target,
        "saved": saved,
        "step": step,
        "steps": drafts.STEPS,
        "step_label": dict(drafts.STEPS)[step],
        "rows": rows,
        "materials": materials,
        "summary": summary,
        "missing": [
            r["material"]
            for r in materials
            if r["document"] is None
            and r["material"].required
            and not r["material"].conditional_eligible
        ],
        "general_errors": errors.get("__all__", []),
        "apply_url": apply_url,
        "accept": ACCEPT_ATTRIBUTE,
        "case_draft": application.open_draft(request.user, target),
        **_upload_context(),
    }


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
        "deemed_accepted_on": selectors.deemed_accepted_on(case),
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


@login_required
@require_GET
def my_drafts(request):
    """我的草稿: the applicant's saved applications, to resume or delete."""
    application.check_applicant(request.user)
    rows = [
        {"draft": d, "name": drafts.name_of(d), "url": drafts.apply_url(d)}
        for d in drafts.my_drafts(request.user)
    ]
    context = {"rows": rows, "steps": dict(drafts.STEPS), "days": drafts.days()}
    return render(request, "cases/applicant/my_drafts.html", context)


@login_required
@require_POST
def delete_draft(request, draft_id: int):
    drafts.delete(request.user, draft_id, request=request)
    messages.success(request, _("草稿已删除。"))
    return redirect("cases:my_drafts")
