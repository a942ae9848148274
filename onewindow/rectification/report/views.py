"""Pages of the progress report. Thin: selectors read, services write.

Staff (leaders, party-group members draft and publish; discipline officers and hall
supervisors read): the list, a new draft, the preview in the 公文 look with the narrative
form and the publish button, the Word download. Public: the published reports and one
report's page with a feedback form.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onewindow.core import throttle
from onewindow.core.errors import DomainError
from onewindow.core.forms import show_error

from ..constants import ReportStatus
from . import compose, selectors, services
from .forms import FeedbackForm, NarrativeForm

PER_PAGE = 20


@require_GET
@login_required
def reports(request):
    page = Paginator(selectors.reports_for(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page_obj": page,
        "inspections": selectors.inspections_for(request.user),
        "can_draft": services.can_draft(request.user),
    }
    return render(request, "rectification/reports/list.html", context)


@require_POST
@login_required
def report_new(request, pk: int):
    inspection = selectors.inspection_for_new(request.user, pk)
    report = services.create_draft(inspection, actor=request.user, request=request)
    messages.success(request, _("已起草通报，请修改叙述部分后公开"))
    return redirect("rectification:report_detail", pk=report.pk)


@require_http_methods(["GET", "POST"])
@login_required
def report_detail(request, pk: int):
    report = selectors.report_for(request.user, pk)
    editable = report.status == ReportStatus.DRAFT and services.can_draft(request.user)
    structure = services.structure(report)
    form = None
    if editable:
        action = request.POST.get("action") if request.method == "POST" else None
        form = NarrativeForm(report, structure, request.POST if action == "save" else None)
        if action == "save" and form.is_valid():
            try:
                services.edit_narrative(
                    report,
                    actor=request.user,
                    title=form.cleaned_data["title"],
                    narrative=form.narrative(),
                    request=request,
                )
            except DomainError as exc:
                show_error(form, exc)
            else:
                messages.success(request, _("已保存"))
                return redirect("rectification:report_detail", pk=report.pk)
        elif action == "publish":
            try:
                services.publish(report, actor=request.user, request=request)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("通报已公开"))
            return redirect("rectification:report_detail", pk=report.pk)
    elif request.method == "POST":
        messages.error(request, _("该通报已公开或您无权修改；如需更新，请起草新的通报"))
        return redirect("rectification:report_detail", pk=report.pk)
    context = {
        "report": report,
        "structure": structure,
        "blocks": compose.blocks(structure),
        "form": form,
        "editable": editable,
        "feedback": report.feedback.select_related("work_order")[:50]
        if report.status == ReportStatus.PUBLISHED
        else [],
    }
    return render(request, "rectification/reports/detail.html", context)


@require_GET
@login_required
def report_docx(request, pk: int):
    report = selectors.report_for(request.user, pk)
    data = services.download_docx(request.user, report, request=request)
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{report.title[:60]}.docx")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def public_reports(request):
    page = Paginator(selectors.published_reports(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "rectification/reports/public_list.html", {"page_obj": page})


@require_http_methods(["GET", "POST"])
def public_report(request, slug: str):
    report = selectors.published_report(slug)
    form = FeedbackForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            feedback = services.submit_feedback(
                report, **form.cleaned_data, user=request.user, request=request
            )
        except throttle.Throttled as exc:
            form.add_error(None, exc.message)
            status = 429
        except DomainError as exc:
            show_error(form, exc)
            status = 400
        else:
            messages.success(
                request,
                _("感谢您的意见建议！已登记为工单 %(number)s，我们将及时办理并答复。")
                % {"number": feedback.work_order.number},
            )
            return redirect("rectification:public_report", slug=report.slug)
    structure = report.snapshot
    context = {
        "report": report,
        "structure": structure,
        "blocks": compose.blocks(structure),
        "form": form,
    }
    return render(request, "rectification/reports/public_detail.html", context, status=status)
