"""Pages for the audit administrator: browse the log and export it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .forms import AuditFilterForm
from .presenters import as_row
from .selectors import AuditFilter, can_read_audit, event_page
from .services import export_events


def _filters(request) -> tuple[AuditFilterForm, AuditFilter]:
    form = AuditFilterForm(request.GET or None)
    if not form.is_bound:
        return form, AuditFilter()
    form.is_valid()  # errors are shown beside their fields; the valid fields still filter
    return form, form.to_filter()


@require_GET
@login_required
def event_list(request):
    # Everyone but the audit administrator gets "not found": the page's existence is private.
    if not can_read_audit(request.user):
        raise Http404()
    form, filters = _filters(request)
    page = event_page(request.user, filters, request.GET.get("page"))
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page_obj": page, "rows": [as_row(e) for e in page.object_list]},
    )


@require_GET
@login_required
def export_xlsx(request):
    if not can_read_audit(request.user):
        raise Http404()
    _form, filters = _filters(request)
    content, _count = export_events(request.user, filters, request=request)
    name = timezone.localtime().strftime("audit-%Y%m%d-%H%M%S.xlsx")
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
