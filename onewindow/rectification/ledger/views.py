"""The ledger's pages. Thin: selectors read (scoped; others get 404), services write, a
refusal comes back on the page with its Chinese message (400; 409 when the row moved)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from onewindow.cases.intake.uploads import ACCEPT_ATTRIBUTE
from onewindow.core.audit import record
from onewindow.core.audit.constants import DOWNLOAD
from onewindow.core.errors import Conflict, DomainError, NotFound
from onewindow.core.forms import show_error

from .. import metrics
from ..constants import MeasureStatus, ProblemStatus
from . import permissions, selectors, services, workflow
from .forms import (
    AcceptForm,
    AccountabilityForm,
    InspectionForm,
    MeasureForm,
    NoteForm,
    OutputForm,
    ProblemForm,
    ProgressForm,
    ReasonForm,
    ReopenForm,
)

TABS = ("problems", "tasks", "responsibilities")


def _crumbs(*pairs):
    return [{"label": label, "url": url} for label, url in pairs]


def _home():
    return (_("巡察整改台账"), reverse("rectification:ledger"))


def _inspection_crumb(inspection):
    return (str(inspection), reverse("rectification:inspection", args=[inspection.pk]))


def _status(exc: DomainError) -> int:
    return 409 if isinstance(exc, Conflict) else 400


def _submit(request, form, act):
    """A POSTed form: if valid, ``act(cleaned_data)`` writes and returns (message, url) to
    go to. Returns (redirect or None, status): 400 for an invalid form, 400/409 for a
    refusal, whose message is then on the form."""
    if not form.is_valid():
        return None, 400
    try:
        message, url = act(form.cleaned_data)
    except DomainError as exc:
        show_error(form, exc)
        return None, _status(exc)
    messages.success(request, message)
    return redirect(url), 200


def _form_page(request, form, act, *, title, crumbs):
    """The registering pages (a new inspection, problem or measure): one form."""
    response, status = _submit(request, form, act) if request.method == "POST" else (None, 200)
    if response is not None:
        return response
    context = {"form": form, "title": title, "crumbs": crumbs}
    return render(request, "rectification/ledger/form.html", context, status=status)


# -- lists --------------------------------------------------------------------------------------


@require_GET
@login_required
def ledger(request):
    user = request.user
    selectors.require_any_access(user)
    page_number = request.GET.get("page", 1)
    context = {
        "inspections": selectors.inspections_page(user, page_number),
        "unit_measures": selectors.unit_measures_page(user, page_number),
        "may_manage": permissions.may_manage(user),
        "today": timezone.localdate(),
        "crumbs": _crumbs((_("首页"), reverse("dashboard:home")), (_("巡察整改台账"), None)),
    }
    return render(request, "rectification/ledger/index.html", context)


@require_GET
@login_required
def inspection(request, pk):
    user = request.user
    obj = selectors.inspection_for(user, pk)
    tree = selectors.ledger_tree(obj)
    series = selectors.progress_over_time(obj)
    counts = selectors.ledger_counts(obj)
    context = {
        "inspection": obj,
        "nodes": selectors.flatten(tree),
        "counts": counts,
        "percent": selectors.percent(counts["measures_closed"], counts["measures"]),
        "series": series,
        "chart": selectors.progress_chart(obj, series),
        "metrics": metrics.METRICS,
        "may_manage": permissions.may_manage(user),
        "crumbs": _crumbs(_home(), (str(obj), None)),
    }
    return render(request, "rectification/ledger/inspection.html", context)


@require_GET
@login_required
def lists(request, pk, tab="problems", printable=False):
    user = request.user
    obj = selectors.inspection_for(user, pk)
    if tab not in TABS:
        raise NotFound()
    context = {
        "inspection": obj,
        "tab": tab,
        "printable": printable,
        "crumbs": _crumbs(_home(), _inspection_crumb(obj), (_("清单"), None)),
    }
    if tab == "problems":
        context["problems"] = selectors.problem_list(obj)
    else:
        tasks = selectors.task_list(obj)
        context["tasks"] = tasks
        if tab == "responsibilities":
            context["by_unit"] = selectors.by_unit(obj)
            context["by_leader"] = selectors.by_leader(obj)
            context["unit_groups"] = selectors.grouped_tasks(
                tasks, lambda m: m.responsible_unit.name
            )
            context["leader_groups"] = selectors.grouped_tasks(
                tasks, lambda m: m.responsible_leader
            )
    template = "print.html" if printable else "lists.html"
    return render(request, f"rectification/ledger/{template}", context)


@require_GET
@login_required
def lists_print(request, pk, tab):
    return lists(request, pk, tab, printable=True)


# -- registering -------------------------------------------------------------------------------


def _require_manager(user):
    if not permissions.may_manage(user):
        raise NotFound()


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def inspection_new(request):
    _require_manager(request.user)

    def create(data):
        obj = services.create_inspection(**data, actor=request.user, request=request)
        return _("已登记巡察"), reverse("rectification:inspection", args=[obj.pk])

    return _form_page(
        request,
        InspectionForm(request.POST or None),
        create,
        title=_("登记巡察"),
        crumbs=_crumbs(_home(), (_("登记巡察"), None)),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def problem_new(request, pk):
    user = request.user
    _require_manager(user)
    obj = selectors.inspection_for(user, pk)
    earlier = selectors.earlier_problems(obj)
    form = ProblemForm(request.POST or None, inspection=obj, earlier=earlier)

    def create(data):
        problem = _create_problem(request, obj, data)
        message = _("已登记问题 %(n)s") % {"n": problem.number}
        return message, reverse("rectification:problem", args=[problem.pk])

    return _form_page(
        request,
        form,
        create,
        title=_("登记问题"),
        crumbs=_crumbs(_home(), _inspection_crumb(obj), (_("登记问题"), None)),
    )


def _create_problem(request, inspection, data):
    user = request.user
    with transaction.atomic():
        category = data["category"]
        if data["new_category"]:
            category = services.add_category(
                inspection,
                title=data["new_category"],
                parent=data["new_category_parent"],
                actor=user,
                request=request,
            )
        old = data.get("carried_over_from")
        if old is not None:
            return services.carry_over(
                old,
                inspection,
                category=category,
                number=data["number"],
                actor=user,
                request=request,
            )
        return services.add_problem(
            inspection,
            category=category,
            number=data["number"],
            title=data["title"],
            description=data["description"],
            actor=user,
            request=request,
        )


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def measure_new(request, pk):
    user = request.user
    _require_manager(user)
    problem = selectors.problem_for(user, pk)

    def create(data):
        measure = services.add_measure(problem, **data, actor=user, request=request)
        return _("已登记整改措施"), reverse("rectification:measure", args=[measure.pk])

    return _form_page(
        request,
        MeasureForm(request.POST or None),
        create,
        title=_("登记整改措施：问题 %(n)s") % {"n": problem.number},
        crumbs=_crumbs(
            _home(),
            _inspection_crumb(problem.inspection),
            (str(problem), reverse("rectification:problem", args=[problem.pk])),
            (_("登记整改措施"), None),
        ),
    )


# -- a problem ---------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def problem(request, pk):
    user = request.user
    obj = selectors.problem_for(user, pk)
    forms = {}
    if permissions.may_reopen(user) and obj.status == ProblemStatus.CLOSED:
        forms["reopen"] = ReopenForm(prefix="reopen")
    if permissions.may_hold_to_account(user):
        forms["accountability"] = AccountabilityForm(prefix="accountability")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in forms:
            raise NotFound()
        form = forms[action] = type(forms[action])(request.POST, prefix=action)
        back = reverse("rectification:problem", args=[obj.pk])
        response, status = _submit(
            request, form, lambda data: (_problem_act(request, obj, action, data), back)
        )
        if response is not None:
            return response
    measures = selectors.problem_measures(obj)
    if not permissions.sees_all(user):
        unit = permissions.unit_of(user)
        measures = [m for m in measures if m.responsible_unit_id == unit]
    cache: dict = {}
    for m in measures:
        m.live = metrics.live_figure(m, cache=cache)
        m.metric = metrics.METRICS.get(m.target_metric)
    context = {
        "problem": obj,
        "measures": measures,
        "events": selectors.events_of(problem=obj) if permissions.sees_all(user) else [],
        "accountabilities": selectors.accountabilities(obj) if permissions.sees_all(user) else [],
        "forms": forms,
        "may_manage": permissions.may_manage(user),
        "crumbs": _crumbs(_home(), _inspection_crumb(obj.inspection), (str(obj), None))
        if permissions.sees_all(user)
        else _crumbs(_home(), (str(obj), None)),
    }
    return render(request, "rectification/ledger/problem.html", context, status=status)


def _problem_act(request, obj, action, data):
    if action == "reopen":
        services.reopen(
            obj, data["reason"], request.user, due_date=data["due_date"], request=request
        )
        return _("已在回头看中重新打开该问题")
    services.add_accountability(obj, **data, actor=request.user, request=request)
    return _("已登记问责情况")


# -- a measure and its action cards ------------------------------------------------------------


def _measure_forms(user, measure) -> dict:
    forms = {}
    status = measure.status
    if permissions.may_report(user, measure):
        if workflow.allowed("progress", status):
            forms["progress"] = ProgressForm(prefix="progress")
        if workflow.allowed("submit", status):
            forms["submit"] = NoteForm(prefix="submit")
        forms["output"] = OutputForm(prefix="output")
    if permissions.may_accept(user) and workflow.allowed("accept", status):
        forms["accept"] = AcceptForm(prefix="accept")
        forms["return"] = ReasonForm(prefix="return")
    if permissions.may_confirm(user) and (
        status == MeasureStatus.ACCEPTED
        or (status == MeasureStatus.CLOSED and not measure.confirmed_by_id)
    ):
        forms["confirm"] = NoteForm(prefix="confirm")
    if permissions.may_reopen(user) and workflow.allowed("reopen", status):
        forms["reopen"] = ReopenForm(prefix="reopen")
    return forms


def _act(request, measure, action, data):
    user = request.user
    data = dict(data)
    files = data.pop("files", [])
    if action == "progress":
        services.report_progress(measure, data["text"], files, user, request=request)
        return _("已报送整改进展")
    if action == "submit":
        services.submit_close_out(measure, user, data["note"], request=request)
        return _("已申请销号")
    if action == "accept":
        services.accept_close_out(
            measure, user, data["note"], data["target_unmet_reason"], request=request
        )
        return _("已验收销号")
    if action == "return":
        services.return_close_out(measure, user, data["reason"], request=request)
        return _("已退回销号申请")
    if action == "confirm":
        services.confirm_close_out(measure, user, data["note"], request=request)
        return _("巡察办已确认销号")
    if action == "reopen":
        services.reopen(measure, data["reason"], user, due_date=data["due_date"], request=request)
        return _("已在回头看中重新打开该措施")
    services.add_output(measure, **data, actor=user, request=request)
    return _("已登记整改成果")


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def measure(request, pk):
    user = request.user
    obj = selectors.measure_for(user, pk)
    forms = _measure_forms(user, obj)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in forms:
            raise NotFound()
        form = forms[action] = type(forms[action])(request.POST, request.FILES, prefix=action)
        back = reverse("rectification:measure", args=[obj.pk])
        response, status = _submit(
            request, form, lambda data: (_act(request, obj, action, data), back)
        )
        if response is not None:
            return response
    value, met = metrics.live_figure(obj)
    obj.metric = metrics.METRICS.get(obj.target_metric)
    context = {
        "measure": obj,
        "problem": obj.problem,
        "live": (value, met),
        "metric": metrics.METRICS.get(obj.target_metric),
        "updates": selectors.measure_updates(obj),
        "events": selectors.events_of(measure=obj),
        "outputs": list(obj.outputs.all()),
        "forms": forms,
        "accept_types": ACCEPT_ATTRIBUTE,
        "overdue": obj.due_date < timezone.localdate() and obj.status not in workflow.DONE,
        "crumbs": _crumbs(
            _home(),
            (str(obj.problem), reverse("rectification:problem", args=[obj.problem_id])),
            (_("整改措施"), None),
        ),
    }
    return render(request, "rectification/ledger/measure.html", context, status=status)


@require_GET
@login_required
def evidence(request, pk):
    """An evidence file: as an attachment, never rendered; every download audited."""
    with transaction.atomic():
        item = selectors.evidence_for(request.user, pk)
        if not item.file.name or not item.file.storage.exists(item.file.name):
            raise NotFound()
        record(
            DOWNLOAD,
            actor=request.user,
            obj=item,
            after={"sha256": item.sha256, "size": item.size},
            request=request,
            summary=item.original_name,
        )
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store, max-age=0"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
