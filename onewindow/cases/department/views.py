"""The departments' pages: the worklist, the task, and the overdue and warning lists.

Thin: selectors read (scoped to the approver's department; a task of another department
is 404), the review services write. Actions post to the task page with ``action``; a
refusal of the rules comes back on the page (400, or 409 when the task or case moved).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from onewindow.core.errors import Conflict, InvalidInput, PermissionDenied
from onewindow.core.forms import show_error
from onewindow.core.workdays.constants import WarningLevel

from .. import form_data, selectors, services
from ..clocks import extension
from ..constants import SignoffLevel, TaskStatus
from ..window import notices
from ..window.views import optional_url
from .forms import OpinionForm, PauseForm

PER_PAGE = 30
UNANSWERED_SHOWN = 50
SOFT_ERRORS = (Conflict, InvalidInput)


# -- the worklist -----------------------------------------------------------------------


# The badge of each warning level (as in cases/department/_urgency.html).
_BADGE = {
    WarningLevel.NORMAL: "text-bg-success",
    WarningLevel.YELLOW: "text-bg-warning",
    WarningLevel.RED: "text-bg-danger",
    WarningLevel.OVERDUE: "text-bg-dark",
}


@dataclass(slots=True)
class WorklistRow:
    """One row of the worklist, ready to print: the template only looks values up."""

    pk: int
    url: str
    number: str
    item_name: str
    status_label: str
    due_on: str
    level: str
    level_label: str
    badge: str
    days_text: str
    created_at: str


def worklist_rows(tasks, today) -> list[WorklistRow]:
    """The page's rows, computed in Python once per page instead of in the template per row.

    Scale: the page had a template include, get_status_display() (which translates every
    choice), a date filter and {% url %} per row: two thirds of its time with 30 rows.
    Labels are translated once per page; the task URL is reversed once.
    """
    sentinel = 987654321
    before, after = reverse("cases:department_task", kwargs={"pk": sentinel}).split(str(sentinel))
    statuses = {}
    levels = {}
    rows = []
    for task in selectors.with_urgency(tasks, today):
        case = task.case
        if case.item_version_id:
            name = case.item_version.name
        elif case.bundle_id:
            name = case.bundle.name
        elif case.industry_id:
            name = case.industry.name
        else:
            name = ""
        if task.status not in statuses:
            statuses[task.status] = str(TaskStatus(task.status).label)
        u = task.urgency
        level = u.level
        if level and level not in levels:
            levels[level] = str(WarningLevel(level).label)
        days_text = ""
        if level and level != WarningLevel.STOPPED and u.days_left is not None:
            if u.days_left < 0:
                days_text = _("超期 %(n)s 个工作日") % {"n": -u.days_left}
            else:
                days_text = _("剩余 %(n)s 个工作日") % {"n": u.days_left}
        rows.append(
            WorklistRow(
                pk=task.pk,
                url=f"{before}{task.pk}{after}",
                number=case.number,
                item_name=name,
                status_label=statuses[task.status],
                due_on=task.due_on.isoformat() if task.due_on else "—",
                level=level,
                level_label=levels.get(level, ""),
                badge=_BADGE.get(level, "text-bg-secondary"),
                days_text=days_text,
                created_at=timezone.localtime(task.created_at).strftime("%Y-%m-%d %H:%M"),
            )
        )
    return rows


@require_GET
@login_required
def worklist(request):
    user = request.user
    selectors.require_approver(user)
    today = timezone.localdate()
    page = selectors.worklist_page(
        user, request.GET.get("page", 1), PER_PAGE, after=request.GET.get("after")
    )
    context = {
        "page": page,
        "rows": worklist_rows(page.rows, today),
        "department": user.department,
        "today": today,
    }
    return render(request, "cases/department/worklist.html", context)


# -- the task ---------------------------------------------------------------------------


def _forms(actions, data=None, level="") -> dict:
    forms = {}
    for action in actions:
        if action == "pause":
            forms[action] = PauseForm(data, prefix="pause")
        elif action in ("approve", "refuse"):
            forms[action] = OpinionForm(data, prefix=action, initial={"level": level})
        elif action == "return_to_window":
            forms[action] = OpinionForm(data, prefix="return")
        else:
            forms[action] = None  # start_review, resume: nothing to fill in
    return forms


def _act(request, task, action, form):
    user = request.user
    if action == "start_review":
        services.start_review(user, task, request=request)
        return _("已开始审查")
    if action == "pause":
        data = form.cleaned_data
        services.pause_task(user, task, data["kind"], data["reason"], request=request)
        return _("已暂停计时")
    if action == "resume":
        services.resume_task(user, task, request=request)
        return _("已恢复计时")
    if action == "return_to_window":
        services.return_to_window(user, task, form.cleaned_data["reason"], request=request)
        return _("已退回窗口")
    approve = action == "approve"
    data = form.cleaned_data
    services.decide_task(
        user, task, approve, data["reason"], level=data.get("level") or None, request=request
    )
    return _("已提交审查意见：同意") if approve else _("已提交审查意见：不同意")


def _task_context(task, user, forms) -> dict:
    case = task.case
    materials = selectors.material_rows(case)
    for row in materials:
        row.file_url = (
            optional_url("cases:document", token=row.document.token) if row.document_id else None
        )
    return {
        "task": task,
        "case": case,
        "subject": notices.subject_name(case),
        "applicant_lines": notices.applicant_lines(case.applicant),
        "materials": materials,
        "form_rows": form_data.rows(case),
        "tasks": [t for t in selectors.case_tasks(case) if t.pk != task.pk],
        "promise": selectors.promise_of(case),
        "events": selectors.timeline(case),
        "urgency": selectors.urgency(case),
        "forms": forms,
        "chain": [(SignoffLevel(code), code == task.level) for code in task.levels.split(",")],
        "signoffs": list(
            task.signoffs.filter(round=task.round).select_related("actor").order_by("pk")
        ),
        "may_sign": services.may_sign(user, task.level),
    }


@require_http_methods(["GET", "POST"])
@login_required
def task_page(request, pk: int):
    user = request.user
    selectors.require_approver(user)
    task = selectors.task_for(user, pk)
    status, error = 200, None
    actions = selectors.task_actions(task, user)
    if request.method == "POST":
        action = request.POST.get("action", "")
        posted = _forms(actions, request.POST, task.level)
        known = ("start_review", "pause", "resume", "approve", "refuse", "return_to_window")
        if action not in known:
            status, error = 400, _("未知的操作")
        elif action not in posted:
            status, error = 409, _("当前状态不能执行此操作，请刷新后重试")
        else:
            form = posted[action]
            if form is None or form.is_valid():
                try:
                    message = _act(request, task, action, form)
                except SOFT_ERRORS as exc:
                    status, error = exc.status, exc.message
                    if form is not None:
                        show_error(form, exc)
                else:
                    messages.success(request, message)
                    return redirect("cases:department_task", pk=task.pk)
            else:
                status, error = 400, _("输入有误，请检查后重试")
        task = selectors.task_for(user, pk)
        actions = selectors.task_actions(task, user)
        forms = _forms(actions, level=task.level)
        if action in forms and action in posted and status != 409:
            forms[action] = posted[action]
    else:
        forms = _forms(actions, level=task.level)
    context = _task_context(task, user, forms)
    context["error"] = error
    return render(request, "cases/department/task.html", context, status=status)


# -- overdue and warnings ---------------------------------------------------------------


LEVEL_CHOICES = [(str(level.value), level.label) for level in selectors.WARNED_LEVELS]


@require_GET
@login_required
def overdue(request):
    user = request.user
    if not selectors.can_see_warnings(user):
        raise PermissionDenied(_("仅部门审批人员、大厅督查人员和局领导可以查看超期预警"))
    today = timezone.localdate()
    level = request.GET.get("level", "")
    if level not in WarningLevel.values or level not in dict(LEVEL_CHOICES):
        level = ""
    department_id = None
    all_departments = selectors.sees_all_departments(user)
    raw = request.GET.get("department", "")
    if all_departments and raw.isdigit() and len(raw) < 10:
        department_id = int(raw)
    tasks = selectors.warned_tasks(user, today, level=level or None, department_id=department_id)
    page = Paginator(tasks, PER_PAGE).get_page(request.GET.get("page"))
    counts = selectors.warning_counts(user, today)
    unanswered = selectors.oversight_unanswered(user, today)
    undispatched = selectors.undispatched_warned(user, today)
    context = {
        "today": today,
        "level": level,
        "levels": LEVEL_CHOICES,
        "department_id": department_id,
        "all_departments": all_departments,
        "counts": counts,
        "totals": {
            "overdue": sum(r["overdue"] for r in counts),
            "red": sum(r["red"] for r in counts),
            "yellow": sum(r["yellow"] for r in counts),
        },
        "page_obj": page,
        "rows": selectors.with_urgency(page.object_list, today),
        "is_approver": selectors.is_approver(user),
        "can_extend": extension.may_extend(user),
        "unanswered": list(unanswered[:UNANSWERED_SHOWN]),
        "unanswered_count": unanswered.count(),
        "undispatched": selectors.with_urgency_cases(undispatched[:UNANSWERED_SHOWN], today),
        "notice_days": selectors.notice_days(),
    }
    return render(request, "cases/department/overdue.html", context)
