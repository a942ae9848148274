"""Excel pages of the catalogue: export (public), the template, the import and its progress."""

import logging

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from onewindow.core.errors import PermissionDenied

from . import permissions, tasks
from .constants import ReformList
from .excel import export, jobs, published
from .excel.forms import ImportForm

logger = logging.getLogger(__name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _served(request, list_code=None) -> FileResponse:
    """The published catalogue from its file (excel/published.py): throttled or audited."""
    served = published.download(request, list_code)
    return FileResponse(served.file, as_attachment=True, filename=served.name, content_type=XLSX)


@require_GET
def export_all(request):
    return _served(request)


@require_GET
def export_list(request, list_code):
    return _served(request, list_code)


@require_GET
def template(request):
    return _xlsx(export.template_workbook(), "catalog-import-template.xlsx")


def _require_importer(user) -> None:
    if not permissions.can_manage_catalog(user):
        raise PermissionDenied(_("只有局领导、局内股室审批人员和部门工作人员可以导入事项"))


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    _require_importer(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            job_id = jobs.create(request.user, form.cleaned_data["file"].name)
            try:
                tasks.import_items.delay(job_id, request.user.pk, jobs.encode(form.content))
            except Exception:  # the broker is down: say so, nothing was imported
                logger.exception("could not queue catalogue import %s", job_id)
                jobs.fail(job_id, _("后台任务服务暂不可用，未导入任何事项，请稍后重试。"))
            return redirect("catalog:excel_import_job", job_id=job_id)
        if form.refusal:
            jobs.record_refusal(request.user, form.refusal, request=request)
    context = {
        "form": form,
        "is_publisher": permissions.is_bureau_publisher(request.user),
        "lists": ReformList.choices,
    }
    return render(request, "catalog/excel/import.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def import_job(request, job_id):
    """The job's progress; htmx polls the status block every second until it finishes."""
    job = jobs.get(request.user, job_id)
    template_name = (
        "catalog/excel/_job_status.html" if request.htmx else "catalog/excel/import_job.html"
    )
    return render(request, template_name, {"job": job, "job_id": job_id})
