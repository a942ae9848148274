"""办件查询: staff find any case they may see, export the list, open a case read-only.

Thin: the form reads the criteria, ``selectors.find`` searches (scoped, audited for ID
numbers and phones), ``excel.export`` writes the workbook. Clerks, approvers, supervisors
and leaders use it; anyone else gets 403, a case out of sight 404.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from onewindow.accounts.constants import Role
from onewindow.core.errors import InvalidInput

from .. import selectors as case_selectors
from . import excel
from .forms import SearchForm
from .selectors import KIND_LABELS, find, read_query, require_searcher

PER_PAGE = 30
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@login_required
def search_page(request):
    require_searcher(request.user)
    form = SearchForm(request.GET or None)
    criteria = form.criteria()
    page = None
    kind = ""
    if criteria is not None:
        kind, _value = read_query(criteria.q)
        cases = find(request.user, criteria, request=request)
        page = Paginator(cases, PER_PAGE).get_page(request.GET.get("page"))
        for case in page.object_list:
            case.subject = excel.subject(case)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "kind_label": KIND_LABELS.get(kind, ""),
        "query": query.urlencode(),
    }
    return render(request, "cases/search/index.html", context)


@require_GET
@login_required
def search_export(request):
    require_searcher(request.user)
    form = SearchForm(request.GET or None)
    criteria = form.criteria()
    if criteria is None:
        raise InvalidInput(_("请先填写查询条件"))
    content, name = excel.export(request.user, criteria, request=request)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@login_required
def case_page(request, number: str):
    """A case read-only for staff who may see it: details, department tasks, timeline.

    The window keeps seeing a case after it has left for the departments, with a link to
    the window's own page where its actions are (only those the state still allows).
    """
    user = request.user
    require_searcher(user)
    case = case_selectors.case_for(user, number)
    tasks = list(case_selectors.case_tasks(case))
    own_task = next(
        (t for t in tasks if user.department_id and t.department_id == user.department_id), None
    )
    links = []
    if user.has_role(Role.CLERK):
        links.append((_("在受理工作台打开"), reverse("cases:window_case", args=[case.number])))
    if own_task is not None and user.has_role(Role.APPROVER):
        task_url = reverse("cases:department_task", args=[own_task.pk])
        links.append((_("打开本部门审查任务"), task_url))
    context = {
        "case": case,
        "applicant": case.applicant,
        "subject": excel.subject(case),
        "tasks": tasks,
        "events": case_selectors.timeline(case),
        "links": links,
    }
    return render(request, "cases/search/case.html", context)
